/**
 * getListingsByShop parameters (https://developers.etsy.com/documentation/reference#operation/getListingsByShop):
 * `state` active | inactive | sold_out | draft | expired (default active), `limit` 1–100 (default
 * 25), `offset`, `sort_on` created | price | updated | score (default created; score is served as
 * created), `sort_order` (default desc). Pure.
 */
import { enumParam, pageParams, parsed, SORT_ORDERS, type Parsed } from './query-params.js';

export type ListingSortOn = 'created' | 'price' | 'updated';

export interface ListingQuery {
  state: string;
  limit: number;
  offset: number;
  sortOn: ListingSortOn;
  descending: boolean;
}

const STATES = { active: 'active', inactive: 'inactive', sold_out: 'sold_out', draft: 'draft', expired: 'expired' };
const SORT_ON: Record<string, ListingSortOn> = { created: 'created', price: 'price', updated: 'updated', score: 'created' };

export function parseListingQuery(params: URLSearchParams): Parsed<ListingQuery> {
  const page = pageParams(params);
  if (!page.ok) return page;
  const state = enumParam(params, 'state', STATES, 'active');
  if (!state.ok) return state;
  const sortOn = enumParam(params, 'sort_on', SORT_ON, 'created');
  if (!sortOn.ok) return sortOn;
  const descending = enumParam<boolean>(params, 'sort_order', SORT_ORDERS, true);
  if (!descending.ok) return descending;
  return parsed({ ...page.value, state: state.value, sortOn: sortOn.value, descending: descending.value });
}
