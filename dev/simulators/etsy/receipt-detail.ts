/**
 * A receipt's transactions and amounts, derived from its seed and the shop's listings: the same
 * record always gives the same receipt, so nothing but the record is stored. Amounts follow Etsy's
 * definitions (https://developers.etsy.com/documentation/reference#operation/getShopReceipts):
 * total_price = Σ price × quantity; subtotal = total_price − discount_amt; grandtotal = subtotal +
 * total_shipping_cost + total_tax_cost + total_vat_cost. All integer arithmetic in minor units.
 */
import { mulberry32 } from '../_shared/seeded-random.js';
import { currencyExponent, priceUnit } from './money.js';
import type { ListingRecord, ReceiptRecord } from './shop-state.js';

export interface LineDetail {
  transactionId: number;
  listingId: number;
  productId: number;
  sku: string;
  title: string;
  quantity: number;
  /** Unit price as sold. */
  priceMinor: number;
  /** The receipt's shipping sits on its first transaction. */
  shippingMinor: number;
}

export interface ReceiptAmounts {
  totalPriceMinor: number;
  discountMinor: number;
  subtotalMinor: number;
  shippingMinor: number;
  taxMinor: number;
  vatMinor: number;
  grandtotalMinor: number;
}

export interface ReceiptDetail extends ReceiptAmounts {
  lines: LineDetail[];
}

const SHIPPING_UNITS = [0, 0, 4, 5, 6, 9];

/** `withOverrides` false: the receipt as generated (what its ledger entries were booked from). */
export function receiptDetail(record: ReceiptRecord, listings: readonly ListingRecord[], currency: string, withOverrides = true): ReceiptDetail {
  const random = mulberry32(record.seed);
  const unit = priceUnit(currency);
  const lines = Array.from({ length: record.lineCount }, (_, position): LineDetail => {
    const listing = listings[Math.floor(random() * listings.length)]!;
    const product = listing.products[Math.floor(random() * listing.products.length)]!;
    return {
      transactionId: record.firstTransactionId + position,
      listingId: listing.listingId,
      productId: product.productId,
      sku: product.sku,
      title: titleWhenSold(listing, record.created),
      quantity: 1 + Math.floor(random() ** 3 * 3),
      priceMinor: product.priceMinor,
      shippingMinor: 0,
    };
  });
  const totalPriceMinor = lines.reduce((sum, line) => sum + line.priceMinor * line.quantity, 0);
  const shippingUnits = SHIPPING_UNITS[Math.floor(random() * SHIPPING_UNITS.length)]!;
  // $4.99-style prices: one minor unit under the whole amount, where the currency has minor units.
  const drawnShipping = shippingUnits === 0 ? 0 : shippingUnits * unit - (currencyExponent(currency) > 0 ? 1 : 0);
  const roll = random();
  const discountPercent = random() < 0.15 ? [10, 15, 20][Math.floor(random() * 3)]! : 0;
  const drawnDiscount = Math.floor((totalPriceMinor * discountPercent) / 100);
  const overrides = withOverrides ? record.overrides : null;
  const discountMinor = overrides?.discountMinor ?? drawnDiscount;
  const subtotalMinor = totalPriceMinor - discountMinor;
  // US sales tax on some receipts, VAT on others (buyers abroad), never both.
  const drawnTax = roll < 0.3 ? Math.floor((subtotalMinor * 725) / 10_000) : 0;
  const drawnVat = roll > 0.9 ? Math.floor(subtotalMinor / 5) : 0;
  const shippingMinor = overrides?.shippingMinor ?? drawnShipping;
  const taxMinor = overrides?.taxMinor ?? drawnTax;
  const vatMinor = overrides?.vatMinor ?? drawnVat;
  if (lines[0]) lines[0].shippingMinor = shippingMinor;
  const grandtotalMinor = subtotalMinor + shippingMinor + taxMinor + vatMinor;
  return { lines, totalPriceMinor, discountMinor, subtotalMinor, shippingMinor, taxMinor, vatMinor, grandtotalMinor };
}

/** A listing's title when the receipt was made: Etsy's transaction keeps it, whatever the listing is renamed to later. */
function titleWhenSold(listing: ListingRecord, soldAt: number): string {
  return listing.formerTitles?.find((former) => soldAt < former.until)?.title ?? listing.title;
}
