import { describe, expect, it } from '@jest/globals';
import { receiptDetail } from '../../../../dev/simulators/etsy/receipt-detail.js';
import { generateShop, idSequences } from '../../../../dev/simulators/etsy/synthetic-shop.js';

const NOW = Date.parse('2026-03-01T12:00:00Z') / 1000;
const shop = generateShop({ name: 'Alpha', currency: 'USD', receipts: 1000, listings: 20, historyDays: 300 }, 0, 5, NOW, idSequences(5));

describe('receiptDetail', () => {
  it("follows Etsy's definitions of the totals, in integers", () => {
    let discounted = 0;
    let taxed = 0;
    let vat = 0;
    for (const record of shop.receipts) {
      const d = receiptDetail(record, shop.listings, 'USD');
      expect(d.totalPriceMinor).toBe(d.lines.reduce((sum, line) => sum + line.priceMinor * line.quantity, 0));
      expect(d.subtotalMinor).toBe(d.totalPriceMinor - d.discountMinor);
      expect(d.grandtotalMinor).toBe(d.subtotalMinor + d.shippingMinor + d.taxMinor + d.vatMinor);
      expect(d.lines[0]!.shippingMinor).toBe(d.shippingMinor);
      for (const value of [d.grandtotalMinor, d.taxMinor, d.vatMinor, d.discountMinor]) expect(Number.isSafeInteger(value)).toBe(true);
      expect(d.taxMinor > 0 && d.vatMinor > 0).toBe(false);
      if (d.discountMinor > 0) discounted++;
      if (d.taxMinor > 0) taxed++;
      if (d.vatMinor > 0) vat++;
    }
    expect(discounted).toBeGreaterThan(50);
    expect(taxed).toBeGreaterThan(150);
    expect(vat).toBeGreaterThan(40);
  });

  it('is the same on every call, and its transaction ids are consecutive from the record', () => {
    const record = shop.receipts[42]!;
    expect(receiptDetail(record, shop.listings, 'USD')).toEqual(receiptDetail(record, shop.listings, 'USD'));
    expect(receiptDetail(record, shop.listings, 'USD').lines.map((l) => l.transactionId)).toEqual(
      Array.from({ length: record.lineCount }, (_, k) => record.firstTransactionId + k),
    );
  });

  it('applies overrides and recomputes the totals, unless asked for the receipt as generated', () => {
    const record = { ...shop.receipts[7]!, overrides: { shippingMinor: 1234, taxMinor: 99, vatMinor: 0, discountMinor: 0 } };
    const d = receiptDetail(record, shop.listings, 'USD');
    expect([d.shippingMinor, d.taxMinor, d.vatMinor, d.discountMinor]).toEqual([1234, 99, 0, 0]);
    expect(d.grandtotalMinor).toBe(d.totalPriceMinor + 1234 + 99);
    expect(receiptDetail(record, shop.listings, 'USD', false)).toEqual(receiptDetail(shop.receipts[7]!, shop.listings, 'USD'));
  });
});
