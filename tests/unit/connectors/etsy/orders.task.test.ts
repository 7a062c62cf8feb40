import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { DeadlineReachedError, PermanentError } from '../../../../lib/errors.js';
import { commerceTask, DAY, FakeEtsyShop, movableClock, receiptAt, taskContext, taskDeps, type StepLog } from './fake-etsy-shop.js';

// The storage layer is another module's (lib/commerce): recorded here, tested there.
const upserted: { orders: string[]; lines: string[]; owner: unknown }[] = [];
const cursors: { entity: string; value: string }[] = [];
let storedCursor: Date | null = null;
jest.unstable_mockModule('../../../../lib/commerce/orders.repository.js', () => ({
  upsertOrders: async (_trx: unknown, owner: unknown, orders: { platformId: string }[], lines: { platformId: string }[]) =>
    void upserted.push({ owner, orders: orders.map((o) => o.platformId), lines: lines.map((l) => l.platformId) }),
}));
const reads: { entity: string; scannedUntil: string }[] = [];
jest.unstable_mockModule('../../../../lib/commerce/sync-cursors.repository.js', () => ({
  getSyncState: async () => (storedCursor === null ? null : { cursor: storedCursor, scannedUntil: null, fullReadAt: null }),
  advanceSyncCursor: async (_trx: unknown, _connectionId: number, entity: string, value: Date) => void cursors.push({ entity, value: value.toISOString() }),
  markCompletedRead: async (_trx: unknown, _connectionId: number, entity: string, read: { scannedUntil: Date }) => void reads.push({ entity, scannedUntil: read.scannedUntil.toISOString() }),
}));
const { createOrdersHandler } = await import('../../../../lib/connectors/etsy/orders.task.js');

const SHOP_CREATED = Date.parse('2025-01-01T00:00:00Z') / 1_000;
const NOW = new Date('2025-06-01T12:00:00Z');
const UNTIL = '2025-06-01T12:00:00.000Z';
const until = Date.parse(UNTIL) / 1_000;

let shop: FakeEtsyShop;
let log: StepLog;
beforeEach(() => {
  upserted.length = 0;
  cursors.length = 0;
  reads.length = 0;
  storedCursor = null;
  shop = new FakeEtsyShop(SHOP_CREATED);
  log = { checkpoints: [] };
});

const backfill = (since: string | null = null) => commerceTask('etsy.orders', { entity: 'orders', mode: 'backfill', since, until: UNTIL });
const run = (task = backfill(), options: { checkpoint?: unknown; deadline?: Date; clock?: ReturnType<typeof movableClock> } = {}) => {
  const clock = options.clock ?? movableClock(NOW);
  return createOrdersHandler(taskDeps(shop, clock))(task, taskContext({ checkpoint: options.checkpoint, deadline: options.deadline ?? new Date(NOW.getTime() + 3_600_000) }, log));
};
const receiptCalls = () => shop.calls.filter((c) => c.method === 'listReceipts').map((c) => c.query as Record<string, unknown>);

describe('etsy.orders backfill', () => {
  it('counts once, then walks 31-day created windows from the oldest receipt, oldest first, never overlapping', async () => {
    // Nothing for the first two months; then 250 receipts, one every 8 hours.
    const first = SHOP_CREATED + 60 * DAY;
    shop.receipts = Array.from({ length: 250 }, (_, i) => receiptAt(1_000 + i, first + i * 8 * 3_600, first + i * 8 * 3_600 + 60));
    await run();
    const [count, ...windows] = receiptCalls();
    expect(shop.calls[0]).toEqual({ method: 'getShop' });
    expect(count).toEqual({ limit: 1, offset: 0, minCreated: SHOP_CREATED, maxCreated: until, sortOn: 'created', sortOrder: 'asc' });
    // The windows start at the oldest receipt, not at the shop's empty first months.
    expect(windows[0]).toMatchObject({ minCreated: first, maxCreated: first + 31 * DAY - 1, offset: 0, limit: 100, sortOn: 'created', sortOrder: 'asc' });
    const starts = [...new Set(windows.map((w) => w.minCreated as number))];
    for (const [i, start] of starts.entries()) {
      const end = windows.find((w) => w.minCreated === start)!.maxCreated as number;
      expect(end - start).toBeLessThanOrEqual(31 * DAY - 1);
      if (i + 1 < starts.length) expect(starts[i + 1]).toBe(end + 1);
      else expect(end).toBe(until);
    }
    // Every receipt once, with its embedded transaction, and nothing fetched per receipt.
    const orders = upserted.flatMap((u) => u.orders);
    expect(orders).toHaveLength(250);
    expect(new Set(orders).size).toBe(250);
    expect(upserted.flatMap((u) => u.lines)).toHaveLength(250);
    expect(upserted[0]!.owner).toEqual({ tenantId: 't1', platform: 'etsy', connectionId: 5 });
  });

  it('commits each page with its resume point and progress against Etsy’s count, and sets the cursor only at the end', async () => {
    shop.receipts = Array.from({ length: 150 }, (_, i) => receiptAt(i + 1, SHOP_CREATED + 100 + i, SHOP_CREATED + 5_000 + i));
    await run();
    expect(log.checkpoints).toEqual([
      { v: 1, mode: 'backfill', windowStart: new Date((SHOP_CREATED + 100) * 1_000).toISOString(), offset: 100, until: UNTIL, newest: new Date((SHOP_CREATED + 5_099) * 1_000).toISOString(), progress: { done: 100, total: 150 } },
      expect.objectContaining({ windowStart: new Date((SHOP_CREATED + 100 + 31 * DAY) * 1_000).toISOString(), offset: 0, progress: { done: 150, total: 150 } }),
      ...Array.from({ length: 3 }, () => expect.objectContaining({ offset: 0 })),
      expect.objectContaining({ windowStart: new Date((until + 1) * 1_000).toISOString(), progress: { done: 150, total: 150 } }),
    ]);
    expect(cursors).toEqual([{ entity: 'orders', value: new Date((SHOP_CREATED + 5_149) * 1_000).toISOString() }]);
  });

  it('resumes inside a window at its committed offset, without reading the shop or counting again', async () => {
    shop.receipts = Array.from({ length: 150 }, (_, i) => receiptAt(i + 1, SHOP_CREATED + 100 + i));
    const windowStart = new Date((SHOP_CREATED + 100) * 1_000).toISOString();
    await run(backfill(), { checkpoint: { v: 1, mode: 'backfill', windowStart, offset: 100, until: UNTIL, newest: null, progress: { done: 100, total: 150 } } });
    expect(shop.calls.map((c) => c.method)).not.toContain('getShop');
    expect(receiptCalls()[0]).toMatchObject({ minCreated: SHOP_CREATED + 100, offset: 100 });
    expect(upserted.flatMap((u) => u.orders)).toEqual(Array.from({ length: 50 }, (_, i) => String(101 + i)));
    expect((log.checkpoints.at(-1) as { progress: unknown }).progress).toEqual({ done: 150, total: 150 });
  });

  it('starts over from a checkpoint of another range (it cannot vouch for it)', async () => {
    shop.receipts = [receiptAt(1, SHOP_CREATED + 10)];
    await run(backfill(), { checkpoint: { v: 1, mode: 'backfill', windowStart: '2099-01-01T00:00:00.000Z', offset: 0, until: '2099-02-01T00:00:00.000Z', newest: null, progress: { done: 0, total: 0 } } });
    expect(upserted.flatMap((u) => u.orders)).toEqual(['1']);
  });

  it('does nothing once its final step is committed', async () => {
    await run(backfill(), { checkpoint: { v: 1, mode: 'backfill', windowStart: new Date((until + 1) * 1_000).toISOString(), offset: 0, until: UNTIL, newest: null, progress: { done: 3, total: 3 } } });
    expect(shop.calls).toEqual([]);
  });

  it('a range without receipts costs the count alone and leaves the cursor at the range’s end', async () => {
    await run(backfill('2025-03-01T00:00:00.000Z'));
    expect(receiptCalls()).toEqual([expect.objectContaining({ limit: 1, minCreated: Date.parse('2025-03-01T00:00:00Z') / 1_000 })]);
    expect(cursors).toEqual([{ entity: 'orders', value: UNTIL }]);
    expect(log.checkpoints).toHaveLength(1);
  });

  it('never sets the cursor past the range’s end (a receipt modified since must be seen by the sync)', async () => {
    shop.receipts = [receiptAt(1, SHOP_CREATED + 10, until + 3_600)];
    await run();
    expect(cursors).toEqual([{ entity: 'orders', value: UNTIL }]);
  });

  it('stops at the deadline before a call, its committed pages kept', async () => {
    shop.receipts = Array.from({ length: 250 }, (_, i) => receiptAt(i + 1, SHOP_CREATED + 100 + i));
    const clock = movableClock(NOW);
    shop.onCall = () => clock.advance(1_000);
    // getShop, count and the first page fit; the second page would start at the deadline.
    await expect(run(backfill(), { clock, deadline: new Date(NOW.getTime() + 3_000) })).rejects.toBeInstanceOf(DeadlineReachedError);
    expect(upserted.flatMap((u) => u.orders)).toHaveLength(100);
    expect(log.checkpoints).toHaveLength(1);
  });

  it('refuses a payload of another entity or shape', async () => {
    await expect(run(commerceTask('etsy.orders', { entity: 'listings', mode: 'backfill', since: null, until: UNTIL }))).rejects.toBeInstanceOf(PermanentError);
    await expect(run(commerceTask('etsy.orders', { entity: 'orders', mode: 'later' }))).rejects.toBeInstanceOf(PermanentError);
  });
});

describe('etsy.orders sync', () => {
  const sync = () => commerceTask('etsy.orders', { entity: 'orders', mode: 'sync', since: null, until: null });
  const cursor = new Date('2025-05-30T00:00:00Z');
  const cursorSeconds = cursor.getTime() / 1_000;

  it('reads receipts modified from the cursor − 10 min up to its start, by updated ascending, advancing the cursor each page', async () => {
    storedCursor = cursor;
    shop.receipts = [
      receiptAt(1, SHOP_CREATED + 5, cursorSeconds - 3_600), // changed before the overlap: not read
      receiptAt(2, SHOP_CREATED + 6, cursorSeconds - 300), // inside the overlap
      ...Array.from({ length: 120 }, (_, i) => receiptAt(10 + i, SHOP_CREATED + 10 + i, cursorSeconds + 60 * i)),
    ];
    await run(sync());
    const calls = receiptCalls();
    expect(calls[0]).toEqual({ limit: 100, offset: 0, minLastModified: cursorSeconds - 600, maxLastModified: NOW.getTime() / 1_000, sortOn: 'updated', sortOrder: 'asc' });
    // The next page restarts at the newest modification read, re-reading the one receipt at it.
    expect(calls[1]).toMatchObject({ minLastModified: cursorSeconds + 60 * 98, offset: 0, maxLastModified: NOW.getTime() / 1_000 });
    expect(new Set(upserted.flatMap((u) => u.orders)).size).toBe(121);
    expect(upserted.flatMap((u) => u.orders)).not.toContain('1');
    expect(cursors).toEqual([
      { entity: 'orders', value: new Date((cursorSeconds + 60 * 98) * 1_000).toISOString() },
      { entity: 'orders', value: new Date((cursorSeconds + 60 * 119) * 1_000).toISOString() },
    ]);
    // Progress counts records read: the tie read twice counts twice.
    expect(log.checkpoints.at(-1)).toMatchObject({ mode: 'sync', finished: true, progress: { done: 122, total: 122 } });
  });

  it('resumes with the upper bound it started with, not the time it resumes at', async () => {
    shop.receipts = [receiptAt(1, SHOP_CREATED, cursorSeconds + 10)];
    const checkpoint = { v: 1, mode: 'sync', from: cursor.toISOString(), skip: 0, until: '2025-05-31T00:00:00.000Z', newest: null, finished: false, progress: { done: 0, total: 1 } };
    await run(sync(), { checkpoint });
    expect(receiptCalls()[0]).toMatchObject({ minLastModified: cursorSeconds, maxLastModified: Date.parse('2025-05-31T00:00:00Z') / 1_000 });
  });

  it('without a cursor (no backfill ended) reads every modification since the shop opened', async () => {
    await run(sync());
    expect(receiptCalls()[0]).toMatchObject({ minLastModified: SHOP_CREATED });
    expect(cursors).toEqual([]);
  });
});
