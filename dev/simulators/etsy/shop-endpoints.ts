/**
 * The answers of the /v3/application endpoints once the caller is authorised for the shop: list
 * endpoints answer `{ count, results }` (https://developers.etsy.com/documentation/essentials/requests).
 */
import type { SimResponse } from '../_shared/http-io.js';
import { firstNotBefore } from './binary-search.js';
import { badRequest, etsyError } from './etsy-errors.js';
import { parseLedgerQuery } from './ledger-query.js';
import { shopLedger } from './ledger.js';
import { parseListingQuery } from './listing-query.js';
import type { ReceiptIndex } from './receipt-index.js';
import { parseReceiptQuery } from './receipt-query.js';
import { ledgerEntryResource, listingResource, receiptResource, shopResource, transactionResources } from './resources.js';
import type { ListingRecord, ReceiptRecord, ShopState } from './shop-state.js';

const ok = (body: unknown): SimResponse => ({ status: 200, body });

/** GET /v3/application/users/me */
export const meResponse = (shop: ShopState): SimResponse => ok({ user_id: shop.userId, shop_id: shop.shopId });

/** GET /v3/application/shops/{shop_id} */
export const shopResponse = (shop: ShopState): SimResponse => ok(shopResource(shop));

/** GET /v3/application/shops/{shop_id}/receipts */
export function receiptsResponse(shop: ShopState, index: ReceiptIndex, params: URLSearchParams): SimResponse {
  const query = parseReceiptQuery(params);
  if (!query.ok) return badRequest(query.error);
  const { count, records } = index.page(query.value);
  return ok({ count, results: records.map((record) => receiptResource(shop, record)) });
}

/** GET /v3/application/shops/{shop_id}/receipts/{receipt_id}/transactions */
export function receiptTransactionsResponse(shop: ShopState, receiptId: number): SimResponse {
  const record = findReceipt(shop, receiptId);
  if (!record) return etsyError(404, `Receipt ${receiptId} was not found in shop ${shop.shopId}.`);
  const results = transactionResources(shop, record);
  return ok({ count: results.length, results });
}

/** Receipts are stored by ascending id: a binary search. */
export function findReceipt(shop: ShopState, receiptId: number): ReceiptRecord | null {
  const found = shop.receipts[firstNotBefore(shop.receipts.length, (i) => shop.receipts[i]!.receiptId < receiptId)];
  return found?.receiptId === receiptId ? found : null;
}

const LISTING_KEYS = { created: (l: ListingRecord) => l.created, updated: (l: ListingRecord) => l.updated, price: (l: ListingRecord) => l.priceMinor };

/** GET /v3/application/shops/{shop_id}/listings */
export function listingsResponse(shop: ShopState, params: URLSearchParams): SimResponse {
  const query = parseListingQuery(params);
  if (!query.ok) return badRequest(query.error);
  const { state, sortOn, descending, offset, limit } = query.value;
  const key = LISTING_KEYS[sortOn];
  const matching = shop.listings
    .filter((listing) => listing.state === state)
    .sort((a, b) => (descending ? -1 : 1) * (key(a) - key(b) || a.listingId - b.listingId));
  return ok({ count: matching.length, results: matching.slice(offset, offset + limit).map((listing) => listingResource(shop, listing)) });
}

/** GET /v3/application/shops/{shop_id}/payment-account/ledger-entries, oldest first (Etsy does not document the order). */
export function ledgerEntriesResponse(shop: ShopState, params: URLSearchParams): SimResponse {
  const query = parseLedgerQuery(params);
  if (!query.ok) return badRequest(query.error);
  const { minCreated, maxCreated, offset, limit } = query.value;
  const ledger = shopLedger(shop);
  // The ledger is in time order.
  const first = firstNotBefore(ledger.length, (i) => ledger[i]!.created < minCreated);
  const end = firstNotBefore(ledger.length, (i) => ledger[i]!.created <= maxCreated);
  const results = [];
  for (let position = first + offset; position < Math.min(end, first + offset + limit); position++) {
    results.push(ledgerEntryResource(shop, ledger[position]!, position + 1));
  }
  return ok({ count: Math.max(0, end - first), results });
}
