/**
 * The root fields: the shop, the order, product and customer lists (search, sort, pages), their
 * counts, `node`, and the bulk-operation fields, which the shop's BulkOperations answer. Scopes
 * are checked per field, and orders older than 60 days exist only for a token with
 * `read_all_orders` (https://shopify.dev/docs/api/usage/access-scopes#orders-permissions).
 */
import type { GraphQLResolveInfo } from 'graphql';
import { checkPageArgs, connectionOf, paginate, type PageArgs } from './connection.js';
import { gid, parseGid, renderCustomer, renderOrder, renderProduct, requireScope, type RenderContext } from './render.js';
import { inRanges, parseSearchQuery } from './search-query.js';
import { DAY_MS } from './shop-time.js';

export const ALL_ORDERS_WINDOW_MS = 60 * DAY_MS;

type ListKind = 'Order' | 'Product' | 'Customer';

export interface BulkOperationView {
  __typename: 'BulkOperation';
  id: string;
  status: string;
  [field: string]: unknown;
}

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code?: 'INVALID' | 'OPERATION_IN_PROGRESS' | null;
}

/** The shop's bulk operations as the schema sees them (bulk-operations.ts). Reading one counts as a poll. */
export interface BulkOperationsApi {
  run(query: string, groupObjects: boolean, context: RenderContext): { bulkOperation: BulkOperationView | null; userErrors: BulkUserError[] };
  cancel(id: string): { bulkOperation: BulkOperationView | null; userErrors: BulkUserError[] };
  poll(id: number): BulkOperationView | null;
  current(): BulkOperationView | null;
  /** Every operation of the shop, oldest first, with its creation time (the API 2026-01 `bulkOperations` query). */
  list(): { view: BulkOperationView; createdMs: number; id: number }[];
}

export interface ResolverContext extends RenderContext {
  bulkOperations: BulkOperationsApi;
}

const LIST: Record<ListKind, { scope: string; field: string; render: (context: RenderContext, index: number) => unknown }> = {
  Order: { scope: 'read_orders', field: 'orders', render: renderOrder },
  Product: { scope: 'read_products', field: 'products', render: renderProduct },
  Customer: { scope: 'read_customers', field: 'customers', render: renderCustomer },
};

/** Whether the token sees order `index` (the 60-day rule). */
export function orderVisible(context: RenderContext, index: number): boolean {
  return context.scopes.has('read_all_orders') || context.shop.order.created.get(index) >= context.nowMs - ALL_ORDERS_WINDOW_MS;
}

/** The records of `kind` that `query` and the token's visibility let through. */
function matcher(context: RenderContext, kind: ListKind, query: string | null | undefined): (index: number) => boolean {
  const { shop } = context;
  const table = shop.table(kind);
  const ranges = parseSearchQuery(query, shop.identity.timezone);
  return (index) => !shop.isRemoved(kind, index) && (kind !== 'Order' || orderVisible(context, index)) && inRanges(ranges, { created_at: table.createdMs(index), updated_at: table.updatedMs(index), id: table.id(index) });
}

interface ListArgs extends PageArgs {
  query?: string | null;
  sortKey?: string | null;
}

function list(kind: ListKind, args: ListArgs, context: RenderContext, info: GraphQLResolveInfo) {
  const { scope, field, render } = LIST[kind];
  requireScope(context, scope, field);
  const { shop, bulk } = context;
  // A bulk run pages its root connection itself; nested ones take no size there.
  const isBulkRoot = bulk !== null && info.path.prev === undefined;
  const pageArgs: PageArgs = isBulkRoot ? { ...args, first: bulk.pageSize, after: bulk.after, last: null, before: null } : args;
  checkPageArgs(pageArgs, bulk !== null);
  const key = args.sortKey === 'UPDATED_AT' ? 'updated' : args.sortKey === 'CREATED_AT' || args.sortKey === 'PROCESSED_AT' ? 'created' : 'id';
  const sorted = shop.sortedBy(kind, key);
  const table = shop.table(kind);
  const keyOf = key === 'updated' ? table.updatedMs : key === 'created' ? table.createdMs : table.id;
  const page = paginate({ length: sorted.length, at: (p) => sorted[p]!, key: keyOf, id: table.id, matches: matcher(context, kind, args.query) }, pageArgs);
  if (isBulkRoot) bulk.next = page.pageInfo;
  return connectionOf(page, (index) => render(context, index));
}

function count(kind: ListKind, args: { query?: string | null; limit?: number | null }, context: RenderContext) {
  const { scope, field } = LIST[kind];
  requireScope(context, scope, `${field}Count`);
  const matches = matcher(context, kind, args.query);
  const total = context.shop.countOf(kind);
  let found = 0;
  for (let index = 0; index < total; index++) if (matches(index)) found++;
  const limit = args.limit ?? Infinity;
  return { count: Math.min(found, limit), precision: found > limit ? 'AT_LEAST' : 'EXACT' };
}

/** An order, product or customer by GID; null when it is not this shop's (or not visible). */
function byId(kind: ListKind, id: string, context: RenderContext): unknown {
  const parsed = parseGid(id);
  if (!parsed || parsed.kind !== kind) return null;
  const { scope, field } = LIST[kind];
  requireScope(context, scope, field.slice(0, -1));
  const index = context.shop.indexOf(kind, parsed.id);
  if (index < 0 || context.shop.isRemoved(kind, index) || (kind === 'Order' && !orderVisible(context, index))) return null;
  return LIST[kind].render(context, index);
}

export const rootValue = {
  shop: (_args: unknown, { shop }: ResolverContext) => ({
    __typename: 'Shop',
    id: gid('Shop', shop.identity.number),
    name: shop.identity.title,
    currencyCode: shop.identity.currency,
    ianaTimezone: shop.identity.timezone,
    myshopifyDomain: shop.identity.domain,
  }),
  orders: (args: ListArgs, context: ResolverContext, info: GraphQLResolveInfo) => list('Order', args, context, info),
  products: (args: ListArgs, context: ResolverContext, info: GraphQLResolveInfo) => list('Product', args, context, info),
  customers: (args: ListArgs, context: ResolverContext, info: GraphQLResolveInfo) => list('Customer', args, context, info),
  order: ({ id }: { id: string }, context: ResolverContext) => byId('Order', id, context),
  product: ({ id }: { id: string }, context: ResolverContext) => byId('Product', id, context),
  customer: ({ id }: { id: string }, context: ResolverContext) => byId('Customer', id, context),
  ordersCount: (args: { query?: string; limit?: number }, context: ResolverContext) => count('Order', args, context),
  productsCount: (args: { query?: string; limit?: number }, context: ResolverContext) => count('Product', args, context),
  customersCount: (args: { query?: string; limit?: number }, context: ResolverContext) => count('Customer', args, context),
  node: ({ id }: { id: string }, context: ResolverContext) => {
    const parsed = parseGid(id);
    if (!parsed) return null;
    if (parsed.kind === 'BulkOperation') return context.bulkOperations.poll(parsed.id);
    if (parsed.kind === 'Order' || parsed.kind === 'Product' || parsed.kind === 'Customer') return byId(parsed.kind, id, context);
    return null;
  },
  currentBulkOperation: ({ type }: { type: string }, context: ResolverContext) => (type === 'QUERY' ? context.bulkOperations.current() : null),
  // API 2026-01+: the app's operations on the shop by creation (`reverse`: newest first); the
  // filter's created_at and id terms apply, others (operation_type, status) are ignored.
  bulkOperations: ({ first, query, reverse }: { first?: number | null; query?: string | null; reverse: boolean }, context: ResolverContext) => {
    const ranges = parseSearchQuery(query, 'UTC');
    const matching = context.bulkOperations.list().filter((op) => inRanges(ranges, { created_at: op.createdMs, updated_at: op.createdMs, id: op.id }));
    const ordered = reverse ? matching.reverse() : matching;
    const nodes = ordered.slice(0, first ?? 50).map((op) => op.view);
    return { nodes, pageInfo: { hasNextPage: ordered.length > nodes.length, hasPreviousPage: false, startCursor: null, endCursor: null } };
  },
  bulkOperationRunQuery: ({ query, groupObjects }: { query: string; groupObjects: boolean }, context: ResolverContext) =>
    context.bulkOperations.run(query, groupObjects, context),
  bulkOperationCancel: ({ id }: { id: string }, context: ResolverContext) => context.bulkOperations.cancel(id),
};
