/**
 * The rows Sluice must end up with for a shop, in DESIGN.md's table terms, computed from the
 * simulator's own integers (never by parsing what it serves), with PLATFORMS.md's mapping:
 * receipt → orders (total ← grandtotal, subtotal ← subtotal, shipping ← total_shipping_cost,
 * tax ← total_tax_cost + total_vat_cost, discount ← discount_amt, placed_at ← created,
 * platform_updated_at ← updated); transaction → line_items (product = listing_id, variant =
 * product_id, unit price ← price); active listings → listings; ledger entries → payments.
 */
import { shopLedger } from './ledger.js';
import { receiptDetail } from './receipt-detail.js';
import type { ShopState } from './shop-state.js';
import type { EtsyTruth, TruthLineItem, TruthOrder } from './types.js';

export const isoFromUnix = (seconds: number): string => new Date(seconds * 1000).toISOString();

export function shopTruth(shop: ShopState): EtsyTruth {
  const { currency } = shop;
  const orders: TruthOrder[] = [];
  const lineItems: TruthLineItem[] = [];
  for (const record of shop.receipts) {
    const detail = receiptDetail(record, shop.listings, currency);
    const orderId = String(record.receiptId);
    orders.push({
      platform_id: orderId,
      status: record.status,
      currency,
      total_minor: detail.grandtotalMinor,
      subtotal_minor: detail.subtotalMinor,
      shipping_minor: detail.shippingMinor,
      tax_minor: detail.taxMinor + detail.vatMinor,
      discount_minor: detail.discountMinor,
      placed_at: isoFromUnix(record.created),
      platform_updated_at: isoFromUnix(record.updated),
    });
    for (const line of detail.lines) {
      lineItems.push({
        platform_id: String(line.transactionId),
        order_platform_id: orderId,
        product_platform_id: String(line.listingId),
        variant_platform_id: String(line.productId),
        sku: line.sku,
        title: line.title,
        quantity: line.quantity,
        unit_price_minor: line.priceMinor,
        currency,
      });
    }
  }
  const listings = shop.listings
    .filter((listing) => listing.state === 'active')
    .map((listing) => ({
      platform_id: String(listing.listingId),
      title: listing.title,
      state: listing.state,
      price_minor: listing.priceMinor,
      currency,
      quantity: listing.quantity,
      platform_updated_at: isoFromUnix(listing.updated),
    }));
  const payments = shopLedger(shop).map((entry) => ({
    platform_id: String(entry.entryId),
    amount_minor: entry.amount,
    currency,
    balance_minor: entry.balance,
    ledger_type: entry.ledgerType,
    reference_type: entry.referenceType,
    reference_id: entry.referenceId,
    description: entry.description,
    entry_created_at: isoFromUnix(entry.created),
  }));
  return { orders, line_items: lineItems, listings, payments };
}
