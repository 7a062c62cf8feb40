/**
 * The fewest API calls a commerce backfill takes in Sluice's design: what `npm run
 * bench:commerce` divides the calls it saw by (target 1.00). Pure, from the simulators' truth.
 *
 * Etsy, one shop, its whole history (lib/connectors/etsy):
 * - identify: `users/me`, then `shops/{id}` for its name — 2;
 * - orders: `shops/{id}` for `create_date` (where the history starts), one `limit=1` probe that
 *   counts the range and finds the oldest receipt, then each 31-day `created` window from that
 *   receipt to the range's end read in pages of 100 — ceil(receipts in it / 100), and one page
 *   for a window without any (the walk cannot know it is empty before asking);
 * - listings: the active ones in pages of 100, one page when there are none;
 * - payments: `shops/{id}` again, then the ledger in 31-day windows (Etsy's maximum) from the
 *   shop's creation, each ceil(entries / 100) pages, one for an empty window.
 * The two later shop reads could be saved by storing `create_date` at connect time: 2 calls.
 * The windows cost at most one partly filled page each over ceil(all / 100): the price of
 * offsets that hold still and of checkpoints that name their window.
 *
 * Printify, one shop: `shops.json` to identify it, then orders 10 a page and products 50 a page
 * (the endpoints' maximums), the last page the one without a next page — ceil(n / size), one
 * page when there are none. The whole history has no stop line, so no page past it is read.
 */
import { windowFrom } from '../lib/connectors/etsy/etsy-windows.js';

export const ETSY_PAGE = 100;
export const PRINTIFY_ORDERS_PAGE = 10;
export const PRINTIFY_PRODUCTS_PAGE = 50;

/** Calls by part, their sum, and the part a backfill's tasks spend (everything but identify). */
export interface MinimumCalls<Part extends string> {
  parts: Record<Part, number>;
  total: number;
  backfill: number;
}

/**
 * Pages of an offset walk over consecutive 31-day windows from `start` to `until` (unix seconds,
 * both inclusive): each window ceil(records in it / limit), at least one.
 */
export function windowedPages(times: readonly number[], start: number, until: number, limit: number): { windows: number; pages: number } {
  const sorted = times.filter((t) => t >= start && t <= until).sort((a, b) => a - b);
  let windows = 0;
  let pages = 0;
  let next = 0;
  for (let windowStart = start; windowStart <= until; ) {
    const window = windowFrom(windowStart, until);
    let inWindow = 0;
    while (next < sorted.length && sorted[next]! <= window.end) {
      inWindow++;
      next++;
    }
    windows++;
    pages += Math.max(1, Math.ceil(inWindow / limit));
    windowStart = window.end + 1;
  }
  return { windows, pages };
}

export interface EtsyShopHistory {
  /** The shop's `create_date`, unix seconds. */
  shopCreated: number;
  /** The backfill range's last second (its task's `until`). */
  until: number;
  receiptsCreated: readonly number[];
  ledgerCreated: readonly number[];
  activeListings: number;
}

export type EtsyPart = 'identify' | 'shopReads' | 'countProbe' | 'receiptPages' | 'listingPages' | 'ledgerPages';

export function etsyMinimumCalls(history: EtsyShopHistory): MinimumCalls<EtsyPart> & { orderWindows: number; ledgerWindows: number } {
  const { shopCreated, until } = history;
  const inRange = history.receiptsCreated.filter((t) => t >= shopCreated && t <= until);
  const oldest = inRange.reduce<number | null>((min, t) => (min === null || t < min ? t : min), null);
  const orders = oldest === null ? { windows: 0, pages: 0 } : windowedPages(inRange, oldest, until, ETSY_PAGE);
  const ledger = windowedPages(history.ledgerCreated, shopCreated, until, ETSY_PAGE);
  const parts: Record<EtsyPart, number> = {
    identify: 2,
    shopReads: 2,
    countProbe: 1,
    receiptPages: orders.pages,
    listingPages: Math.max(1, Math.ceil(history.activeListings / ETSY_PAGE)),
    ledgerPages: ledger.pages,
  };
  const total = sum(parts);
  return { parts, total, backfill: total - parts.identify, orderWindows: orders.windows, ledgerWindows: ledger.windows };
}

export type PrintifyPart = 'identify' | 'orderPages' | 'productPages';

export function printifyMinimumCalls(shop: { orders: number; products: number }): MinimumCalls<PrintifyPart> {
  const parts: Record<PrintifyPart, number> = {
    identify: 1,
    orderPages: Math.max(1, Math.ceil(shop.orders / PRINTIFY_ORDERS_PAGE)),
    productPages: Math.max(1, Math.ceil(shop.products / PRINTIFY_PRODUCTS_PAGE)),
  };
  const total = sum(parts);
  return { parts, total, backfill: total - parts.identify };
}

function sum(parts: Record<string, number>): number {
  return Object.values(parts).reduce((a, b) => a + b, 0);
}
