import { describe, expect, it } from '@jest/globals';
import { receiptDetail } from '../../../../dev/simulators/etsy/receipt-detail.js';
import { isPaidStatus } from '../../../../dev/simulators/etsy/shop-state.js';
import { DAY_SECONDS, generateShop, idSequences, IdSequence } from '../../../../dev/simulators/etsy/synthetic-shop.js';
import type { EtsyShopSpec } from '../../../../dev/simulators/etsy/types.js';

const NOW = Date.parse('2026-03-01T12:00:00Z') / 1000;
const USD: EtsyShopSpec = { name: 'Alpha', currency: 'USD', receipts: 2000, listings: 30, historyDays: 365 };
const JPY: EtsyShopSpec = { name: 'Beta', currency: 'JPY', receipts: 300, listings: 8, historyDays: 90 };

function generate(seed: number, specs: EtsyShopSpec[] = [USD, JPY]) {
  const ids = idSequences(seed);
  return specs.map((spec, ordinal) => generateShop(spec, ordinal, seed, NOW, ids));
}

describe('generateShop', () => {
  it('gives the same shops for the same seed, and others for another seed', () => {
    const [a, b] = [generate(7), generate(7)];
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(generate(8)[0]!.shopId).not.toBe(a[0]!.shopId);
    expect(generate(8)[0]!.receipts[0]!.created).not.toBe(a[0]!.receipts[0]!.created);
  });

  it('keeps receipt and transaction ids unique across shops and ascending with time', () => {
    const shops = generate(3);
    const receiptIds = shops.flatMap((shop) => shop.receipts.map((r) => r.receiptId));
    expect(new Set(receiptIds).size).toBe(receiptIds.length);
    const transactionIds = shops.flatMap((shop) => shop.receipts.flatMap((r) => Array.from({ length: r.lineCount }, (_, k) => r.firstTransactionId + k)));
    expect(new Set(transactionIds).size).toBe(transactionIds.length);
    for (const shop of shops) {
      shop.receipts.forEach((receipt, i) => {
        const previous = shop.receipts[i - 1];
        if (previous) {
          expect(receipt.receiptId).toBeGreaterThan(previous.receiptId);
          expect(receipt.created).toBeGreaterThanOrEqual(previous.created);
        }
      });
    }
    expect(shops[0]!.shopId).not.toBe(shops[1]!.shopId);
  });

  it('spreads receipts over the history, after create_date and before now, updated no earlier than created', () => {
    const [shop] = generate(1);
    expect(shop!.createDate).toBeLessThanOrEqual(NOW - 365 * DAY_SECONDS);
    const receipts = shop!.receipts;
    expect(receipts[0]!.created).toBeGreaterThan(shop!.createDate);
    expect(receipts[0]!.created - shop!.createDate).toBeLessThan(3 * DAY_SECONDS);
    expect(NOW - receipts.at(-1)!.created).toBeLessThan(3 * DAY_SECONDS);
    for (const receipt of receipts) {
      expect(receipt.updated).toBeGreaterThanOrEqual(receipt.created);
      expect(receipt.updated).toBeLessThanOrEqual(NOW);
    }
    expect(receipts.filter((r) => r.updated > r.created + DAY_SECONDS).length).toBeGreaterThan(receipts.length / 2);
  });

  it('has the statuses Sluice must tell apart, each receipt 1–3 transactions of the shop\'s listings', () => {
    const [shop] = generate(1);
    const statuses = new Set(shop!.receipts.map((r) => r.status));
    for (const status of ['Paid', 'Completed', 'Canceled', 'Fully Refunded']) expect(statuses).toContain(status);
    const listingIds = new Set(shop!.listings.map((l) => l.listingId));
    const counts = new Set<number>();
    for (const receipt of shop!.receipts) {
      const { lines } = receiptDetail(receipt, shop!.listings, 'USD');
      counts.add(lines.length);
      for (const line of lines) expect(listingIds).toContain(line.listingId);
    }
    expect([...counts].sort()).toEqual([1, 2, 3]);
    expect(shop!.receipts.some((r) => !isPaidStatus(r.status))).toBe(true);
  });

  it('has active listings and a few inactive ones', () => {
    const [shop] = generate(2);
    const active = shop!.listings.filter((l) => l.state === 'active').length;
    expect(active).toBeGreaterThan(15);
    expect(active).toBeLessThan(30);
    expect(shop!.listings.every((l) => l.products.length >= 1 && l.updated >= l.created)).toBe(true);
  });

  it('prices JPY shops in whole yen of sensible size', () => {
    const [, shop] = generate(1);
    for (const listing of shop!.listings) {
      expect(listing.priceMinor % 100).toBe(0);
      expect(listing.priceMinor).toBeGreaterThanOrEqual(500);
    }
  });

  it('refuses a shop without listings', () => {
    expect(() => generate(1, [{ ...USD, listings: 0 }])).toThrow(/at least one listing/);
  });

  it('builds 100,000 receipts quickly', () => {
    const started = performance.now();
    const [shop] = generate(1, [{ ...USD, receipts: 100_000 }]);
    expect(shop!.receipts).toHaveLength(100_000);
    expect(performance.now() - started).toBeLessThan(10_000); // ~0.5 s alone; generous for a loaded CI machine
  });
});

describe('IdSequence', () => {
  it('grows with gaps and hands out consecutive blocks', () => {
    const ids = new IdSequence(100, 10, 1);
    const first = ids.next();
    const block = ids.nextBlock(3);
    expect(first).toBeGreaterThan(100);
    expect(block).toBeGreaterThan(first);
    expect(ids.next()).toBeGreaterThan(block + 2);
  });
});
