import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { commerceTask, DAY, entryAt, FakeEtsyShop, listingAt, movableClock, taskContext, taskDeps, type StepLog } from './fake-etsy-shop.js';

// The storage layer is another module's (lib/commerce): recorded here, tested there.
const upserted: string[] = [];
const cursors: { entity: string; value: string }[] = [];
let storedCursor: Date | null = null;
const sweeps: string[] = [];
const reads: { entity: string; scannedUntil: string; fullReadAt: string | null }[] = [];
let storedScannedUntil: Date | null = null;
jest.unstable_mockModule('../../../../lib/commerce/listings.repository.js', () => ({
  upsertListings: async (_trx: unknown, _owner: unknown, rows: { platformId: string }[]) => void upserted.push(...rows.map((r) => r.platformId)),
  deleteListingsNotSeenSince: async (_trx: unknown, _owner: unknown, readStart: Date) => void sweeps.push(readStart.toISOString()),
}));
jest.unstable_mockModule('../../../../lib/commerce/payments.repository.js', () => ({
  upsertPayments: async (_trx: unknown, _owner: unknown, rows: { platformId: string }[]) => void upserted.push(...rows.map((r) => r.platformId)),
}));
jest.unstable_mockModule('../../../../lib/commerce/sync-cursors.repository.js', () => ({
  getSyncState: async () => (storedCursor === null ? null : { cursor: storedCursor, scannedUntil: storedScannedUntil, fullReadAt: null }),
  advanceSyncCursor: async (_trx: unknown, _connectionId: number, entity: string, value: Date) => void cursors.push({ entity, value: value.toISOString() }),
  markCompletedRead: async (_trx: unknown, _connectionId: number, entity: string, read: { scannedUntil: Date; fullReadAt: Date | null }) =>
    void reads.push({ entity, scannedUntil: read.scannedUntil.toISOString(), fullReadAt: read.fullReadAt?.toISOString() ?? null }),
}));
const { createListingsHandler } = await import('../../../../lib/connectors/etsy/listings.task.js');
const { createPaymentsHandler } = await import('../../../../lib/connectors/etsy/payments.task.js');

const SHOP_CREATED = Date.parse('2025-01-01T00:00:00Z') / 1_000;
const NOW = new Date('2025-06-01T12:00:00Z');
const nowSeconds = NOW.getTime() / 1_000;
const UNTIL = '2025-05-31T23:59:59.999Z';
const until = Math.floor(Date.parse(UNTIL) / 1_000);
const iso = (seconds: number) => new Date(seconds * 1_000).toISOString();

let shop: FakeEtsyShop;
let log: StepLog;
beforeEach(() => {
  upserted.length = 0;
  cursors.length = 0;
  sweeps.length = 0;
  reads.length = 0;
  storedCursor = null;
  storedScannedUntil = null;
  shop = new FakeEtsyShop(SHOP_CREATED);
  log = { checkpoints: [] };
});

const context = (checkpoint?: unknown) => taskContext({ checkpoint, deadline: new Date(NOW.getTime() + 3_600_000) }, log);
const deps = () => taskDeps(shop, movableClock(NOW));

describe('etsy.listings', () => {
  const task = (mode: 'backfill' | 'sync') => commerceTask('etsy.listings', { entity: 'listings', mode, since: null, until: mode === 'backfill' ? UNTIL : null });

  it('backfill: every active listing by offset pages, progress against Etsy’s count, the cursor at the newest change once done', async () => {
    shop.listings = Array.from({ length: 230 }, (_, i) => listingAt(i + 1, SHOP_CREATED + i));
    shop.listings.push({ ...listingAt(999, SHOP_CREATED + 5_000), state: 'inactive' });
    await createListingsHandler(deps())(task('backfill'), context());
    expect(shop.calls.map((c) => c.query)).toEqual([
      { limit: 100, offset: 0 },
      { limit: 100, offset: 100 },
      { limit: 100, offset: 200 },
    ]);
    expect(upserted).toHaveLength(230);
    expect(log.checkpoints.at(-1)).toEqual({ v: 1, mode: 'backfill', offset: 230, newest: iso(SHOP_CREATED + 229), finished: true, progress: { done: 230, total: 230 }, startedAt: NOW.toISOString(), steadyCount: 230 });
    expect(cursors).toEqual([{ entity: 'listings', value: iso(SHOP_CREATED + 229) }]);
  });

  it('sync: re-reads every active listing (no updated-since filter exists), moving the cursor each page', async () => {
    shop.listings = Array.from({ length: 150 }, (_, i) => listingAt(i + 1, SHOP_CREATED + i));
    await createListingsHandler(deps())(task('sync'), context());
    expect(upserted).toHaveLength(150);
    expect(cursors.map((c) => c.value)).toEqual([iso(SHOP_CREATED + 99), iso(SHOP_CREATED + 149)]);
  });

  it('resumes at its committed offset; a checkpoint of the other mode is not its own', async () => {
    shop.listings = Array.from({ length: 150 }, (_, i) => listingAt(i + 1, SHOP_CREATED + i));
    await createListingsHandler(deps())(task('backfill'), context({ v: 1, mode: 'backfill', offset: 100, newest: null, finished: false, progress: { done: 100, total: 150 } }));
    expect(shop.calls.map((c) => c.query)).toEqual([{ limit: 100, offset: 100 }]);
    shop.calls.length = 0;
    await createListingsHandler(deps())(task('sync'), context({ v: 1, mode: 'backfill', offset: 100, newest: null, finished: false, progress: { done: 100, total: 150 } }));
    expect(shop.calls[0]!.query).toEqual({ limit: 100, offset: 0 });
  });

  it('a complete read (backfill or sync) deletes, at its final step, the connection’s listings it did not write since it started; and marks the read', async () => {
    shop.listings = Array.from({ length: 150 }, (_, i) => listingAt(i + 1, SHOP_CREATED + i));
    for (const mode of ['backfill', 'sync'] as const) {
      sweeps.length = 0;
      log.checkpoints.length = 0;
      await createListingsHandler(deps())(task(mode), context());
      expect(sweeps).toEqual([NOW.toISOString()]);
      expect(log.checkpoints).toHaveLength(2);
    }
    expect(reads).toEqual([
      { entity: 'listings', scannedUntil: NOW.toISOString(), fullReadAt: NOW.toISOString() },
      { entity: 'listings', scannedUntil: NOW.toISOString(), fullReadAt: NOW.toISOString() },
    ]);
  });

  it('a resumed read deletes from the time it first started; one whose pages saw different counts (a listing left mid-read, another may be unread) deletes nothing', async () => {
    shop.listings = Array.from({ length: 150 }, (_, i) => listingAt(i + 1, SHOP_CREATED + i));
    const started = '2025-06-01T11:00:00.000Z';
    await createListingsHandler(deps())(task('sync'), context({ v: 1, mode: 'sync', offset: 100, newest: null, finished: false, progress: { done: 100, total: 150 }, startedAt: started, steadyCount: 150 }));
    expect(sweeps).toEqual([started]);

    sweeps.length = 0;
    upserted.length = 0;
    shop.calls.length = 0;
    shop.onCall = (index) => {
      if (index === 1) shop.listings[4]!.state = 'inactive';
    };
    await createListingsHandler(deps())(task('sync'), context());
    expect(upserted).not.toContain('101');
    expect(sweeps).toEqual([]);
  });

  it('a shop without active listings still sets the backfill’s cursor', async () => {
    await createListingsHandler(deps())(task('backfill'), context());
    expect(cursors).toEqual([{ entity: 'listings', value: NOW.toISOString() }]);
  });
});

describe('etsy.payments', () => {
  const task = (mode: 'backfill' | 'sync', since: string | null = null) => commerceTask('etsy.payments', { entity: 'payments', mode, since, until: mode === 'backfill' ? UNTIL : null });
  const ledgerCalls = () => shop.calls.filter((c) => c.method === 'listLedgerEntries').map((c) => c.query as { minCreated: number; maxCreated: number; offset: number });

  it('backfill: windows of at most 31 days from the shop’s creation to the range’s end, adjacent and never overlapping', async () => {
    shop.entries = Array.from({ length: 40 }, (_, i) => entryAt(i + 1, SHOP_CREATED + i * 3 * DAY));
    await createPaymentsHandler(deps())(task('backfill'), context());
    const windows = ledgerCalls();
    expect(windows[0]!.minCreated).toBe(SHOP_CREATED);
    for (const [i, w] of windows.entries()) {
      expect(w.maxCreated - w.minCreated).toBeLessThanOrEqual(2_678_400);
      if (i + 1 < windows.length) expect(windows[i + 1]!.minCreated).toBe(w.maxCreated + 1);
    }
    expect(windows.at(-1)!.maxCreated).toBe(until);
    expect(upserted).toHaveLength(40);
    expect(log.checkpoints.at(-1)).toMatchObject({ mode: 'backfill', windowStart: iso(until + 1), newest: iso(SHOP_CREATED + 39 * 3 * DAY), progress: { done: 40, total: null } });
    expect(cursors).toEqual([{ entity: 'payments', value: iso(SHOP_CREATED + 39 * 3 * DAY) }]);
  });

  it('backfill starts at `since` when it is after the shop’s creation, and pages inside a busy window', async () => {
    const since = '2025-03-01T00:00:00.000Z';
    const sinceSeconds = Date.parse(since) / 1_000;
    shop.entries = Array.from({ length: 150 }, (_, i) => entryAt(i + 1, sinceSeconds + i * 60));
    await createPaymentsHandler(deps())(task('backfill', since), context());
    expect(ledgerCalls().slice(0, 2)).toEqual([
      { minCreated: sinceSeconds, maxCreated: sinceSeconds + 31 * DAY - 1, limit: 100, offset: 0 },
      { minCreated: sinceSeconds, maxCreated: sinceSeconds + 31 * DAY - 1, limit: 100, offset: 100 },
    ]);
    expect(upserted).toHaveLength(150);
  });

  it('resumes at its committed window and offset, without reading the shop', async () => {
    shop.entries = Array.from({ length: 150 }, (_, i) => entryAt(i + 1, SHOP_CREATED + 10 + i));
    await createPaymentsHandler(deps())(task('backfill'), context({ v: 1, mode: 'backfill', windowStart: iso(SHOP_CREATED), offset: 100, until: iso(until), newest: null, progress: { done: 100, total: null } }));
    expect(shop.calls[0]).toEqual({ method: 'listLedgerEntries', query: { minCreated: SHOP_CREATED, maxCreated: SHOP_CREATED + 31 * DAY - 1, limit: 100, offset: 100 } });
    expect(upserted).toHaveLength(50);
    expect((log.checkpoints.at(-1) as { progress: unknown }).progress).toEqual({ done: 150, total: null });
  });

  it('an empty backfill leaves the cursor at the range’s end', async () => {
    await createPaymentsHandler(deps())(task('backfill'), context());
    expect(upserted).toEqual([]);
    expect(cursors).toEqual([{ entity: 'payments', value: iso(until) }]);
  });

  it('sync: from the newest entry − 10 min to its start, in ≤31-day windows, moving the cursor each page that found entries', async () => {
    storedCursor = new Date((nowSeconds - 40 * DAY) * 1_000);
    shop.entries = [entryAt(1, nowSeconds - 40 * DAY - 60), entryAt(2, nowSeconds - 2 * DAY)];
    await createPaymentsHandler(deps())(task('sync'), context());
    expect(ledgerCalls()).toEqual([
      { minCreated: nowSeconds - 40 * DAY - 600, maxCreated: nowSeconds - 40 * DAY - 600 + 31 * DAY - 1, limit: 100, offset: 0 },
      { minCreated: nowSeconds - 9 * DAY - 600, maxCreated: nowSeconds, limit: 100, offset: 0 },
    ]);
    expect(upserted).toEqual(['1', '2']);
    expect(cursors).toEqual([
      { entity: 'payments', value: iso(nowSeconds - 40 * DAY - 60) },
      { entity: 'payments', value: iso(nowSeconds - 2 * DAY) },
    ]);
  });

  it('sync: a shop without new entries starts at how far the last read scanned − 10 min, not at its old newest entry (one call, not one per 31 days)', async () => {
    storedCursor = new Date((nowSeconds - 200 * DAY) * 1_000);
    storedScannedUntil = new Date((nowSeconds - 3_600) * 1_000);
    shop.entries = [entryAt(1, nowSeconds - 200 * DAY)];
    await createPaymentsHandler(deps())(task('sync'), context());
    expect(ledgerCalls()).toEqual([{ minCreated: nowSeconds - 3_600 - 600, maxCreated: nowSeconds, limit: 100, offset: 0 }]);
    // The cursor keeps DESIGN.md's meaning (newest entry_created_at): no entry, no move; the read's end is marked instead.
    expect(cursors).toEqual([]);
    expect(reads).toEqual([{ entity: 'payments', scannedUntil: iso(nowSeconds), fullReadAt: null }]);
  });

  it('a cursor newer than scanned_until still wins; backfills mark their range’s end as scanned at their final step', async () => {
    storedCursor = new Date((nowSeconds - DAY) * 1_000);
    storedScannedUntil = new Date((nowSeconds - 5 * DAY) * 1_000);
    await createPaymentsHandler(deps())(task('sync'), context());
    expect(ledgerCalls()[0]!.minCreated).toBe(nowSeconds - DAY - 600);
    reads.length = 0;
    shop.entries = Array.from({ length: 40 }, (_, i) => entryAt(i + 1, SHOP_CREATED + i * 3 * DAY));
    log.checkpoints.length = 0;
    await createPaymentsHandler(deps())(task('backfill'), context());
    expect(reads).toEqual([{ entity: 'payments', scannedUntil: iso(until), fullReadAt: null }]);
  });

  it('a resumed sync keeps the upper bound it started with', async () => {
    const started = nowSeconds - 3_600;
    await createPaymentsHandler(deps())(task('sync'), context({ v: 1, mode: 'sync', windowStart: iso(started - DAY), offset: 0, until: iso(started), newest: null, progress: { done: 0, total: null } }));
    expect(ledgerCalls()).toEqual([{ minCreated: started - DAY, maxCreated: started, limit: 100, offset: 0 }]);
  });
});
