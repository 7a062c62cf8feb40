import { describe, expect, it } from '@jest/globals';
import { buildLedger, shopLedger } from '../../../../dev/simulators/etsy/ledger.js';
import { receiptDetail } from '../../../../dev/simulators/etsy/receipt-detail.js';
import { generateShop, idSequences } from '../../../../dev/simulators/etsy/synthetic-shop.js';

const NOW = Date.parse('2026-03-01T12:00:00Z') / 1000;
const makeShop = () => generateShop({ name: 'Alpha', currency: 'JPY', receipts: 400, listings: 10, historyDays: 200 }, 1, 4, NOW, idSequences(4));

describe('buildLedger', () => {
  it('runs the balance on from each integer amount, in time order, with unique growing ids', () => {
    const ledger = buildLedger(makeShop());
    let balance = 0;
    ledger.forEach((entry, i) => {
      balance += entry.amount;
      expect(entry.balance).toBe(balance);
      expect(Number.isSafeInteger(entry.amount)).toBe(true);
      if (i > 0) {
        expect(entry.created).toBeGreaterThanOrEqual(ledger[i - 1]!.created);
        expect(entry.entryId).toBeGreaterThan(ledger[i - 1]!.entryId);
      }
    });
  });

  it('books each paid receipt gross, and refunds, referencing the receipt; deposits reference nothing', () => {
    const shop = makeShop();
    const ledger = buildLedger(shop);
    const paid = shop.receipts.filter((r) => ['Paid', 'Completed', 'Fully Refunded', 'Partially Refunded'].includes(r.status));
    const gross = ledger.filter((e) => e.ledgerType === 'PAYMENT_GROSS');
    expect(gross.map((e) => e.referenceId)).toEqual(paid.map((r) => String(r.receiptId)));
    expect(gross.map((e) => e.amount)).toEqual(paid.map((r) => receiptDetail(r, shop.listings, 'JPY').grandtotalMinor));
    expect(ledger.filter((e) => e.ledgerType === 'REFUND_GROSS')).toHaveLength(shop.receipts.filter((r) => r.status.endsWith('Refunded')).length);
    const deposits = ledger.filter((e) => e.ledgerType === 'DISBURSE2');
    expect(deposits.length).toBeGreaterThan(10);
    for (const deposit of deposits) expect([deposit.referenceType, deposit.referenceId, deposit.balance]).toEqual([null, null, 0]);
  });

  it('is the same however late it is first built, and later receipt changes do not touch it', () => {
    const [early, late] = [makeShop(), makeShop()];
    const built = shopLedger(early);
    late.receipts[10]!.status = 'Fully Refunded';
    late.receipts[10]!.overrides = { taxMinor: 12345 };
    expect(shopLedger(late)).toEqual(built);
    expect(shopLedger(late)).toBe(shopLedger(late));
  });
});
