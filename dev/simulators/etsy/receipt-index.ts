/**
 * Answers receipt queries without scanning every receipt for every page: receipts are sorted once
 * per change of the shop (by created and by updated, ties by receipt id), a bound on the sort key is
 * a binary search, and the matches of a query with other filters are kept for its next pages. A
 * connector paging a 100,000-receipt shop inside time windows costs a search per page.
 */
import { firstNotBefore } from './binary-search.js';
import type { ReceiptQuery } from './receipt-query.js';
import { isPaidStatus, type ReceiptRecord, type ShopState } from './shop-state.js';

export interface ReceiptPage {
  /** All matches, as Etsy's `count`. */
  count: number;
  records: ReceiptRecord[];
}

/** Positions into `shop.receipts`, ascending by the query's sort key. */
type Matches = { order: Uint32Array; lo: number; hi: number } | { list: Uint32Array };

const MAX_CACHED = 32;

export class ReceiptIndex {
  private readonly shop: ShopState;
  private version = -1;
  private sorted: Partial<Record<'created' | 'updated' | 'receipt_id', Uint32Array>> = {};
  private readonly cache = new Map<string, Matches>();

  constructor(shop: ShopState) {
    this.shop = shop;
  }

  page(query: ReceiptQuery): ReceiptPage {
    const matches = this.matches(query);
    const count = 'list' in matches ? matches.list.length : matches.hi - matches.lo;
    const at = (k: number): number => ('list' in matches ? matches.list[k]! : matches.order[matches.lo + k]!);
    const records: ReceiptRecord[] = [];
    for (let k = query.offset; k < Math.min(count, query.offset + query.limit); k++) {
      records.push(this.shop.receipts[at(query.descending ? count - 1 - k : k)]!);
    }
    return { count, records };
  }

  private matches(query: ReceiptQuery): Matches {
    if (this.version !== this.shop.version) {
      [this.version, this.sorted] = [this.shop.version, {}];
      this.cache.clear();
    }
    const key = JSON.stringify([query.sortOn, query.minCreated, query.maxCreated, query.minLastModified, query.maxLastModified, query.wasPaid]);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const order = this.order(query.sortOn);
    const field = query.sortOn === 'updated' ? 'updated' : query.sortOn === 'created' ? 'created' : null;
    const [min, max] = field === 'updated' ? [query.minLastModified, query.maxLastModified] : field === 'created' ? [query.minCreated, query.maxCreated] : [null, null];
    const receipts = this.shop.receipts;
    const lo = field && min !== null ? firstNotBefore(order.length, (i) => receipts[order[i]!]![field] < min) : 0;
    const hi = field && max !== null ? firstNotBefore(order.length, (i) => receipts[order[i]!]![field] <= max) : order.length;
    const keep = this.otherFilters(query, field);
    const matches: Matches = keep ? { list: order.slice(lo, Math.max(lo, hi)).filter((i) => keep(this.shop.receipts[i]!)) } : { order, lo, hi: Math.max(lo, hi) };
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, matches);
    return matches;
  }

  /** The filters the binary search on `field` did not apply; null when none is left. */
  private otherFilters(query: ReceiptQuery, field: 'created' | 'updated' | null): ((record: ReceiptRecord) => boolean) | null {
    const tests: ((record: ReceiptRecord) => boolean)[] = [];
    const { minCreated, maxCreated, minLastModified, maxLastModified, wasPaid } = query;
    if (field !== 'created' && minCreated !== null) tests.push((r) => r.created >= minCreated);
    if (field !== 'created' && maxCreated !== null) tests.push((r) => r.created <= maxCreated);
    if (field !== 'updated' && minLastModified !== null) tests.push((r) => r.updated >= minLastModified);
    if (field !== 'updated' && maxLastModified !== null) tests.push((r) => r.updated <= maxLastModified);
    if (wasPaid !== null) tests.push((r) => isPaidStatus(r.status) === wasPaid);
    return tests.length === 0 ? null : (record) => tests.every((test) => test(record));
  }

  private order(sortOn: ReceiptQuery['sortOn']): Uint32Array {
    const existing = this.sorted[sortOn];
    if (existing) return existing;
    const receipts = this.shop.receipts;
    const order = Uint32Array.from(receipts, (_, i) => i);
    // Receipts are stored by ascending id, so a position tie-break is the receipt id tie-break.
    if (sortOn !== 'receipt_id') order.sort((a, b) => receipts[a]![sortOn] - receipts[b]![sortOn] || a - b);
    this.sorted[sortOn] = order;
    return order;
  }
}
