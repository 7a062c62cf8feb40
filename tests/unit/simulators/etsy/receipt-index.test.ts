import { describe, expect, it } from '@jest/globals';
import { mulberry32 } from '../../../../dev/simulators/_shared/seeded-random.js';
import { ReceiptIndex } from '../../../../dev/simulators/etsy/receipt-index.js';
import type { ReceiptQuery } from '../../../../dev/simulators/etsy/receipt-query.js';
import { isPaidStatus, type ReceiptRecord, type ShopState } from '../../../../dev/simulators/etsy/shop-state.js';
import { generateShop, idSequences } from '../../../../dev/simulators/etsy/synthetic-shop.js';

const NOW = Date.parse('2026-03-01T12:00:00Z') / 1000;

function freshShop(receipts = 3000): ShopState {
  return generateShop({ name: 'Alpha', currency: 'USD', receipts, listings: 10, historyDays: 200 }, 0, 11, NOW, idSequences(11));
}

/** What Etsy's documentation says the endpoint does, written the slow, obvious way. */
function naive(shop: ShopState, q: ReceiptQuery): { count: number; ids: number[] } {
  const within = (value: number, min: number | null, max: number | null) => (min === null || value >= min) && (max === null || value <= max);
  const key = (r: ReceiptRecord) => (q.sortOn === 'updated' ? r.updated : q.sortOn === 'created' ? r.created : r.receiptId);
  const matching = shop.receipts
    .filter((r) => within(r.created, q.minCreated, q.maxCreated) && within(r.updated, q.minLastModified, q.maxLastModified))
    .filter((r) => q.wasPaid === null || isPaidStatus(r.status) === q.wasPaid)
    .sort((a, b) => key(a) - key(b) || a.receiptId - b.receiptId);
  if (q.descending) matching.reverse();
  return { count: matching.length, ids: matching.slice(q.offset, q.offset + q.limit).map((r) => r.receiptId) };
}

function randomQuery(random: () => number, shop: ShopState): ReceiptQuery {
  const first = shop.receipts[0]!.created;
  const span = NOW - first;
  const bound = () => (random() < 0.5 ? null : first + Math.floor(random() * span));
  const ordered = (a: number | null, b: number | null): [number | null, number | null] => (a !== null && b !== null && a > b ? [b, a] : [a, b]);
  const [minCreated, maxCreated] = ordered(bound(), bound());
  const [minLastModified, maxLastModified] = ordered(bound(), bound());
  return {
    limit: 1 + Math.floor(random() * 100),
    offset: Math.floor(random() * 400),
    minCreated,
    maxCreated,
    minLastModified,
    maxLastModified,
    sortOn: (['created', 'updated', 'receipt_id'] as const)[Math.floor(random() * 3)]!,
    descending: random() < 0.5,
    wasPaid: random() < 0.6 ? null : random() < 0.5,
  };
}

describe('ReceiptIndex', () => {
  it('answers like the documented filter, sort and page, for 400 random queries', () => {
    const shop = freshShop();
    const index = new ReceiptIndex(shop);
    const random = mulberry32(99);
    for (let i = 0; i < 400; i++) {
      const query = randomQuery(random, shop);
      const page = index.page(query);
      expect({ count: page.count, ids: page.records.map((r) => r.receiptId) }).toEqual(naive(shop, query));
    }
  });

  it('includes both bounds and sees changes to the shop', () => {
    const shop = freshShop(500);
    const index = new ReceiptIndex(shop);
    const target = shop.receipts[250]!;
    const exact: ReceiptQuery = { limit: 100, offset: 0, minCreated: target.created, maxCreated: target.created, minLastModified: null, maxLastModified: null, sortOn: 'created', descending: false, wasPaid: null };
    expect(index.page(exact).records.map((r) => r.receiptId)).toContain(target.receiptId);
    const byUpdate: ReceiptQuery = { ...exact, minCreated: null, maxCreated: null, minLastModified: NOW + 100, maxLastModified: NOW + 100, sortOn: 'updated' };
    expect(index.page(byUpdate).count).toBe(0);
    target.updated = NOW + 100;
    shop.version += 1;
    expect(index.page(byUpdate).records.map((r) => r.receiptId)).toEqual([target.receiptId]);
  });

  it('pages through 100,000 receipts in windows without scanning them each time', () => {
    const shop = freshShop(100_000);
    const index = new ReceiptIndex(shop);
    const first = shop.receipts[0]!.created;
    const started = performance.now();
    let seen = 0;
    for (let start = first; start <= NOW; start += 30 * 86_400) {
      for (let offset = 0; ; offset += 100) {
        const page = index.page({ limit: 100, offset, minCreated: start, maxCreated: start + 30 * 86_400 - 1, minLastModified: null, maxLastModified: null, sortOn: 'created', descending: false, wasPaid: null });
        seen += page.records.length;
        if (offset + 100 >= page.count) break;
      }
    }
    expect(seen).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(5_000); // a scan of 100,000 per page would take minutes
  });
});
