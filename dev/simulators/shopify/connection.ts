/**
 * Relay connections as Shopify pages them (https://shopify.dev/docs/api/usage/pagination-graphql):
 * `first`/`after` forward, `last`/`before` backward, at most 250 a page, over records in
 * (sort value, id) order, reversed by `reverse`. Cursors are opaque base64 of the last record's
 * id and sort value, as Shopify's are, so a page boundary holds while records change around it.
 */
import { GraphQLError } from 'graphql';

export const MAX_PAGE_SIZE = 250;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

/** Records in ascending (key, id) order; `matches` filters them (search, visibility). */
export interface Sequence {
  length: number;
  /** The record at ascending position `position`. */
  at(position: number): number;
  key(record: number): number;
  id(record: number): number;
  matches(record: number): boolean;
}

export interface Page {
  records: number[];
  cursors: string[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export function encodeCursor(id: number, key: number): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: key })).toString('base64url');
}

function decodeCursor(cursor: string): { id: number; key: number } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id === 'number' && typeof parsed.last_value === 'number') return { id: parsed.last_id, key: parsed.last_value };
  } catch {
    // answered below, as Shopify answers a cursor it did not make
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Shopify's answers for page sizes it refuses. `unbounded`: a bulk query, where connections take no size. */
export function checkPageArgs(args: PageArgs, unbounded: boolean): void {
  for (const name of ['first', 'last'] as const) {
    const size = args[name];
    if (size === null || size === undefined) continue;
    if (size < 0) throw new GraphQLError(`The '${name}' argument must be a non-negative integer.`, { extensions: { code: 'BAD_USER_INPUT' } });
    if (size > MAX_PAGE_SIZE) throw new GraphQLError(`The '${name}' argument cannot exceed ${MAX_PAGE_SIZE} (requested ${size}).`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  if (!unbounded && args.first == null && args.last == null) throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * One page of `sequence`. Without `first` or `last` (only in bulk queries) the page is every
 * matching record. Positions below are in traversal order: ascending, or descending with `reverse`.
 */
export function paginate(sequence: Sequence, args: PageArgs): Page {
  const n = sequence.length;
  const reverse = args.reverse === true;
  const recordAt = (p: number): number => sequence.at(reverse ? n - 1 - p : p);
  const compare = (record: number, cursor: { id: number; key: number }): number => {
    const order = sequence.key(record) - cursor.key || sequence.id(record) - cursor.id;
    return reverse ? -order : order;
  };
  /** The first traversal position whose record is after (strict) or at-or-after the cursor. */
  const boundary = (cursor: { id: number; key: number }, strict: boolean): number => {
    let [low, high] = [0, n];
    while (low < high) {
      const middle = (low + high) >> 1;
      const c = compare(recordAt(middle), cursor);
      if (strict ? c <= 0 : c < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const start = args.after ? boundary(decodeCursor(args.after), true) : 0;
  const end = args.before ? boundary(decodeCursor(args.before), false) : n;
  const anyMatch = (from: number, to: number, step: 1 | -1): boolean => {
    for (let p = from; step > 0 ? p < to : p >= to; p += step) if (sequence.matches(recordAt(p))) return true;
    return false;
  };

  const positions: number[] = [];
  let hasNextPage = false;
  let hasPreviousPage = false;
  if (args.last != null && args.first == null) {
    let p = end - 1;
    for (; p >= start && positions.length < args.last; p--) if (sequence.matches(recordAt(p))) positions.unshift(p);
    hasPreviousPage = anyMatch(p, start, -1);
    hasNextPage = anyMatch(end, n, 1);
  } else {
    const limit = args.first ?? Infinity;
    let p = start;
    for (; p < end && positions.length < limit; p++) if (sequence.matches(recordAt(p))) positions.push(p);
    hasNextPage = anyMatch(p, end, 1);
    hasPreviousPage = anyMatch(start - 1, 0, -1);
  }
  const records = positions.map(recordAt);
  const cursors = records.map((record) => encodeCursor(sequence.id(record), sequence.key(record)));
  return { records, cursors, pageInfo: { hasNextPage, hasPreviousPage, startCursor: cursors[0] ?? null, endCursor: cursors.at(-1) ?? null } };
}

/** The GraphQL value of a page: `edges`, `nodes` and `pageInfo`, nodes rendered on demand. */
export function connectionOf<Node>(page: Page, render: (record: number) => Node): { edges: { cursor: string; node: Node }[]; nodes: Node[]; pageInfo: Page['pageInfo'] } {
  const nodes = page.records.map(render);
  return { edges: nodes.map((node, i) => ({ cursor: page.cursors[i]!, node })), nodes, pageInfo: page.pageInfo };
}
