/**
 * getShopPaymentAccountLedgerEntries parameters
 * (https://developers.etsy.com/documentation/reference#operation/getShopPaymentAccountLedgerEntries):
 * `min_created` and `max_created` are required, unix seconds, inclusive, at most 31 days
 * (2,678,400 s) apart; `limit` 1–100 (default 25), `offset`. Pure.
 */
import { LEDGER_WINDOW_TOO_LONG } from './etsy-errors.js';
import { integerParam, invalid, MIN_TIMESTAMP, pageParams, parsed, type Parsed } from './query-params.js';

export const LEDGER_MAX_WINDOW_SECONDS = 2_678_400;

export interface LedgerQuery {
  minCreated: number;
  maxCreated: number;
  limit: number;
  offset: number;
}

/** Whether a [min, max] window is one the ledger endpoint accepts; the error Etsy answers otherwise. */
export function ledgerWindowError(minCreated: number, maxCreated: number): string | null {
  if (minCreated > maxCreated) return 'min_created must be less than or equal to max_created';
  return maxCreated - minCreated > LEDGER_MAX_WINDOW_SECONDS ? LEDGER_WINDOW_TOO_LONG : null;
}

export function parseLedgerQuery(params: URLSearchParams): Parsed<LedgerQuery> {
  const page = pageParams(params);
  if (!page.ok) return page;
  const min = integerParam(params, 'min_created', MIN_TIMESTAMP, Number.MAX_SAFE_INTEGER, null);
  if (!min.ok) return min;
  const max = integerParam(params, 'max_created', MIN_TIMESTAMP, Number.MAX_SAFE_INTEGER, null);
  if (!max.ok) return max;
  if (min.value === null) return invalid('Missing required parameter: min_created');
  if (max.value === null) return invalid('Missing required parameter: max_created');
  const windowError = ledgerWindowError(min.value, max.value);
  if (windowError) return invalid(windowError);
  return parsed({ minCreated: min.value, maxCreated: max.value, ...page.value });
}
