import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mapLedgerEntry } from '../../../../lib/connectors/etsy/ledger-entries.mapper.js';
import { mapListing } from '../../../../lib/connectors/etsy/listings.mapper.js';
import { mapReceipt } from '../../../../lib/connectors/etsy/receipts.mapper.js';
import { etsyLedgerEntrySchema, etsyListingSchema, etsyReceiptSchema, parseEtsyPage } from '../../../../lib/connectors/etsy/etsy.schemas.js';
import { PermanentError } from '../../../../lib/errors.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const receipts = (name: string) => parseEtsyPage(etsyReceiptSchema, fixture(name), 'receipt', 'receipt_id');
const clone = <T>(value: T): T => structuredClone(value);

describe('receipts → orders and line_items', () => {
  it('maps a USD receipt: cents, tax = sales tax + VAT, times from unix seconds, its transactions as lines', () => {
    const page = receipts('receipts-usd.json');
    expect(page.count).toBe(2);
    const { order, lineItems } = mapReceipt(page.results[0]!);
    expect(order).toEqual({
      platformId: '3401928311',
      status: 'Paid',
      currency: 'USD',
      totalMinor: 5179,
      subtotalMinor: 4500,
      shippingMinor: 499,
      taxMinor: 180,
      discountMinor: 500,
      placedAt: new Date('2026-01-01T00:00:00.000Z'),
      platformUpdatedAt: new Date('2026-01-02T00:00:00.000Z'),
      externalOrderRef: null,
    });
    expect(lineItems).toEqual([
      { platformId: '4102938475', orderPlatformId: '3401928311', productPlatformId: '1498765432', variantPlatformId: '12873645', sku: 'MUG-SPK', title: 'Stoneware mug, speckled', quantity: 2, unitPriceMinor: 2000, currency: 'USD', costMinor: null },
      // No product id, and Etsy's empty SKU, are nulls.
      { platformId: '4102938476', orderPlatformId: '3401928311', productPlatformId: '1498765499', variantPlatformId: null, sku: null, title: 'Gift card, printed', quantity: 1, unitPriceMinor: 1000, currency: 'USD', costMinor: null },
    ]);
  });

  it('keeps a canceled receipt, its status as sent, and counts VAT as tax', () => {
    const { order } = mapReceipt(receipts('receipts-usd.json').results[1]!);
    expect(order).toMatchObject({ platformId: '3401928399', status: 'Canceled', taxMinor: 384, totalMinor: 2384 });
  });

  it('maps JPY (divisor 1, exponent 0) without scaling', () => {
    const { order, lineItems } = mapReceipt(receipts('receipts-jpy.json').results[0]!);
    expect(order).toMatchObject({ currency: 'JPY', totalMinor: 4980, subtotalMinor: 4200, shippingMinor: 360, taxMinor: 420, discountMinor: 0 });
    expect(lineItems[0]).toMatchObject({ unitPriceMinor: 1400, currency: 'JPY', quantity: 3 });
  });

  it('accepts the older create_timestamp/update_timestamp names when the newer are missing', () => {
    const raw = clone(fixture('receipts-jpy.json')) as { results: Record<string, unknown>[] };
    delete raw.results[0]!.created_timestamp;
    delete raw.results[0]!.updated_timestamp;
    const { order } = mapReceipt(parseEtsyPage(etsyReceiptSchema, raw, 'receipt', 'receipt_id').results[0]!);
    expect(order.placedAt.toISOString()).toBe('2026-01-03T00:00:00.000Z');
  });

  it('a receipt without its times or money is refused, naming the receipt', () => {
    const raw = clone(fixture('receipts-jpy.json')) as { results: Record<string, unknown>[] };
    delete raw.results[0]!.created_timestamp;
    delete raw.results[0]!.create_timestamp;
    expect(() => parseEtsyPage(etsyReceiptSchema, raw, 'receipt', 'receipt_id')).toThrow(/^etsy receipt 3500000001: unexpected shape: .*created_timestamp is missing/);
    delete raw.results[0]!.grandtotal;
    expect(() => parseEtsyPage(etsyReceiptSchema, raw, 'receipt', 'receipt_id')).toThrow(/^etsy receipt 3500000001: unexpected shape: .*grandtotal/);
  });

  it('money that is not a whole number of minor units is a mapping error naming the receipt and field', () => {
    const raw = clone(fixture('receipts-usd.json')) as { results: { grandtotal: unknown }[] };
    raw.results[0]!.grandtotal = { amount: 51795, divisor: 1000, currency_code: 'USD' };
    const receipt = parseEtsyPage(etsyReceiptSchema, raw, 'receipt', 'receipt_id').results[0]!;
    expect(() => mapReceipt(receipt)).toThrow(PermanentError);
    expect(() => mapReceipt(receipt)).toThrow(/etsy receipt 3401928311 grandtotal/);
  });

  it('a money field in another currency than the receipt is refused, not summed', () => {
    const raw = clone(fixture('receipts-usd.json')) as { results: { total_vat_cost: unknown }[] };
    raw.results[0]!.total_vat_cost = { amount: 100, divisor: 100, currency_code: 'EUR' };
    const receipt = parseEtsyPage(etsyReceiptSchema, raw, 'receipt', 'receipt_id').results[0]!;
    expect(() => mapReceipt(receipt)).toThrow(new PermanentError('etsy receipt 3401928311 total_vat_cost: in EUR, the receipt in USD'));
  });
});

describe('listings → listings', () => {
  const page = parseEtsyPage(etsyListingSchema, fixture('listings.json'), 'listing', 'listing_id');

  it('maps price money (USD and JPY), quantity, state and updated time', () => {
    expect(page.results.map(mapListing)).toEqual([
      { platformId: '1498765432', title: 'Stoneware mug, speckled', state: 'active', priceMinor: 2000, currency: 'USD', quantity: 7, platformUpdatedAt: new Date('2026-01-02T00:00:00.000Z') },
      // Only last_modified_timestamp: still its updated time.
      { platformId: '1500000001', title: 'Tenugui towel', state: 'active', priceMinor: 1400, currency: 'JPY', quantity: 20, platformUpdatedAt: new Date('2026-01-03T00:00:00.000Z') },
    ]);
  });

  it('a listing with no update time at all is refused by id', () => {
    const raw = clone(fixture('listings.json')) as { results: Record<string, unknown>[] };
    delete raw.results[1]!.last_modified_timestamp;
    expect(() => parseEtsyPage(etsyListingSchema, raw, 'listing', 'listing_id')).toThrow(/^etsy listing 1500000001: unexpected shape: .*updated_timestamp is missing/);
  });
});

describe('ledger entries → payments', () => {
  const page = parseEtsyPage(etsyLedgerEntrySchema, fixture('ledger-entries.json'), 'ledger entry', 'entry_id');

  it('stores integer minor amounts and balances as sent, with their currency and created time', () => {
    expect(page.results.map(mapLedgerEntry)).toEqual([
      { platformId: '90000001', amountMinor: 5179, currency: 'USD', balanceMinor: 12679, ledgerType: 'PAYMENT_GROSS', referenceType: 'receipt', referenceId: '3401928311', description: 'Payment for order #3401928311', entryCreatedAt: new Date('2026-01-01T00:01:00.000Z') },
      // A numeric reference id is read as its digits.
      { platformId: '90000002', amountMinor: -338, currency: 'USD', balanceMinor: 12341, ledgerType: 'transaction', referenceType: 'transaction', referenceId: '4102938475', description: 'Transaction fee: Stoneware mug, speckled', entryCreatedAt: new Date('2026-01-01T00:01:01.000Z') },
      // JPY, only the older create_date, null references.
      { platformId: '90000003', amountMinor: -2000, currency: 'JPY', balanceMinor: 0, ledgerType: 'DISBURSE2', referenceType: null, referenceId: null, description: 'Deposit', entryCreatedAt: new Date('2026-01-03T00:00:00.000Z') },
    ]);
  });

  it('a fractional amount is refused by entry id', () => {
    const raw = clone(fixture('ledger-entries.json')) as { results: Record<string, unknown>[] };
    raw.results[2]!.amount = 12.5;
    expect(() => parseEtsyPage(etsyLedgerEntrySchema, raw, 'ledger entry', 'entry_id')).toThrow(/^etsy ledger entry 90000003: unexpected shape: .*amount/);
  });
});

describe('the page envelope', () => {
  it('a page without count or results is refused as a page', () => {
    expect(() => parseEtsyPage(etsyReceiptSchema, { results: [] }, 'receipt', 'receipt_id')).toThrow(/^etsy receipt page: unexpected shape/);
  });

  it('a record without an id is named by its place on the page', () => {
    expect(() => parseEtsyPage(etsyReceiptSchema, { count: 1, results: [{}] }, 'receipt', 'receipt_id')).toThrow(/^etsy receipt #0 of the page: /);
  });
});
