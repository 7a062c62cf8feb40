/**
 * getShopReceipts parameters (https://developers.etsy.com/documentation/reference#operation/getShopReceipts):
 * `limit` 1–100 (default 25), `offset`, `min_created`/`max_created` and
 * `min_last_modified`/`max_last_modified` (unix seconds, inclusive), `sort_on` created | updated |
 * receipt_id (default created), `sort_order` (default desc), `was_paid`. Pure.
 */
import { booleanParam, enumParam, integerParam, invalid, MIN_TIMESTAMP, pageParams, parsed, SORT_ORDERS, type Parsed } from './query-params.js';

export type ReceiptSortOn = 'created' | 'updated' | 'receipt_id';

export interface ReceiptQuery {
  limit: number;
  offset: number;
  minCreated: number | null;
  maxCreated: number | null;
  minLastModified: number | null;
  maxLastModified: number | null;
  sortOn: ReceiptSortOn;
  descending: boolean;
  wasPaid: boolean | null;
}

const SORT_ON: Record<ReceiptSortOn, ReceiptSortOn> = { created: 'created', updated: 'updated', receipt_id: 'receipt_id' };

export function parseReceiptQuery(params: URLSearchParams): Parsed<ReceiptQuery> {
  const page = pageParams(params);
  if (!page.ok) return page;
  const bounds: (number | null)[] = [];
  for (const name of ['min_created', 'max_created', 'min_last_modified', 'max_last_modified']) {
    const bound = integerParam(params, name, MIN_TIMESTAMP, Number.MAX_SAFE_INTEGER, null);
    if (!bound.ok) return bound;
    bounds.push(bound.value);
  }
  const [minCreated = null, maxCreated = null, minLastModified = null, maxLastModified = null] = bounds;
  const sortOn = enumParam(params, 'sort_on', SORT_ON, 'created');
  if (!sortOn.ok) return sortOn;
  const descending = enumParam<boolean>(params, 'sort_order', SORT_ORDERS, true);
  if (!descending.ok) return descending;
  const wasPaid = booleanParam(params, 'was_paid');
  if (!wasPaid.ok) return wasPaid;
  if (minCreated !== null && maxCreated !== null && minCreated > maxCreated) return invalid('min_created must be less than or equal to max_created');
  if (minLastModified !== null && maxLastModified !== null && minLastModified > maxLastModified) {
    return invalid('min_last_modified must be less than or equal to max_last_modified');
  }
  return parsed({ ...page.value, minCreated, maxCreated, minLastModified, maxLastModified, sortOn: sortOn.value, descending: descending.value, wasPaid: wasPaid.value });
}
