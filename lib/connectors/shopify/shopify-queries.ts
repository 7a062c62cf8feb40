/**
 * The GraphQL documents Sluice sends to the Shopify Admin API (PLATFORMS.md "Shopify Admin API":
 * the fields Sluice reads, API 2026-10) and the cost each is expected to request.
 *
 * Shopify prices a query before running it (https://shopify.dev/docs/api/usage/limits#cost-calculation):
 * scalars and enums 0, an object 1, a connection 2 + `first` × the cost of one node; at most
 * 1,000 for a single query. Every estimate below is that arithmetic, counting `pageInfo` as one
 * more object to stay on the safe side; tests recompute it from the documents. The estimate is
 * only reserved until Shopify reports the query's real requested cost (cost-pacer.ts).
 */

export type ShopifyEntity = 'orders' | 'products' | 'customers';
export type ShopifySortKey = 'UPDATED_AT' | 'CREATED_AT' | 'ID';

export interface ShopifyQuery {
  /** The operation's name: the key its reported cost is remembered under. */
  name: string;
  document: string;
  /** Points to reserve before Shopify has reported this query's requested cost. */
  estimatedCost: number;
}

/** A page of one entity: `first` is its page size, the nested connection is complete up to `nested.pageSize`. */
export interface PageQuery extends ShopifyQuery {
  /** The top-level connection's field in `data`. */
  field: ShopifyEntity;
  pageSize: number;
  /** The nested connection of each node (an order's line items, a product's variants) and the query reading the rest of it. */
  nested: { connection: 'lineItems' | 'variants'; pageSize: number; rest: NestedQuery } | null;
}

/** The remainder of one node's nested connection, after the page showed `hasNextPage`. */
export interface NestedQuery extends ShopifyQuery {
  /** The node's field in `data` (`order(id:)`, `product(id:)`). */
  parent: 'order' | 'product';
  connection: 'lineItems' | 'variants';
  pageSize: number;
}

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';
const MONEY_BAG = '{ shopMoney { amount currencyCode } }';
const ORDER_FIELDS = [
  'id name createdAt updatedAt displayFinancialStatus currencyCode',
  ...['totalPriceSet', 'subtotalPriceSet', 'totalShippingPriceSet', 'totalTaxSet', 'totalDiscountsSet'].map((field) => `${field} ${MONEY_BAG}`),
].join(' ');
const LINE_ITEM_FIELDS = `id sku title quantity originalUnitPriceSet ${MONEY_BAG} product { id } variant { id }`;
const PRODUCT_FIELDS = 'id title status vendor updatedAt';
const VARIANT_FIELDS = 'id sku price';
const CUSTOMER_FIELDS = 'id firstName lastName defaultEmailAddress { emailAddress } numberOfOrders amountSpent { amount currencyCode } updatedAt';

// A line item: itself 1 + originalUnitPriceSet 1 + shopMoney 1 + product 1 + variant 1 = 5.
// An order: itself 1 + five money bags × (bag 1 + shopMoney 1) = 11, + lineItems(first: 10):
// 2 + 10 × 5 + pageInfo 1 = 53 → 64. A page: 2 + 10 × 64 + pageInfo 1 = 643, well under 1,000.
// Most orders have a few lines; one with more than 10 reads the rest with ORDER_LINE_ITEMS.
export const ORDERS_PAGE_SIZE = 10;
export const ORDER_LINE_ITEMS_PAGE_SIZE = 10;
// The rest of one order's lines: order 1 + lineItems(first: 100): 2 + 100 × 5 + pageInfo 1 = 504.
export const LINE_ITEMS_REST_PAGE_SIZE = 100;

// A variant: 1 (`price` is a Money scalar). A product: itself 1 + variants(first: 20):
// 2 + 20 × 1 + pageInfo 1 = 23 → 24. A page: 2 + 25 × 24 + pageInfo 1 = 603.
export const PRODUCTS_PAGE_SIZE = 25;
export const PRODUCT_VARIANTS_PAGE_SIZE = 20;
// The rest of one product's variants: product 1 + variants(first: 250): 2 + 250 × 1 + pageInfo 1 = 254.
export const VARIANTS_REST_PAGE_SIZE = 250;

// A customer: itself 1 + defaultEmailAddress 1 + amountSpent 1 = 3. A page: 2 + 200 × 3 + pageInfo 1 = 603.
export const CUSTOMERS_PAGE_SIZE = 200;

// https://shopify.dev/docs/api/admin-graphql/2026-10/queries/order
export const ORDER_LINE_ITEMS: NestedQuery = {
  name: 'OrderLineItems',
  parent: 'order',
  connection: 'lineItems',
  pageSize: LINE_ITEMS_REST_PAGE_SIZE,
  estimatedCost: 1 + 2 + LINE_ITEMS_REST_PAGE_SIZE * 5 + 1,
  document: `query OrderLineItems($id: ID!, $after: String) { order(id: $id) { lineItems(first: ${LINE_ITEMS_REST_PAGE_SIZE}, after: $after) { nodes { ${LINE_ITEM_FIELDS} } ${PAGE_INFO} } } }`,
};

// https://shopify.dev/docs/api/admin-graphql/2026-10/queries/product
export const PRODUCT_VARIANTS: NestedQuery = {
  name: 'ProductVariants',
  parent: 'product',
  connection: 'variants',
  pageSize: VARIANTS_REST_PAGE_SIZE,
  estimatedCost: 1 + 2 + VARIANTS_REST_PAGE_SIZE * 1 + 1,
  document: `query ProductVariants($id: ID!, $after: String) { product(id: $id) { variants(first: ${VARIANTS_REST_PAGE_SIZE}, after: $after) { nodes { ${VARIANT_FIELDS} } ${PAGE_INFO} } } }`,
};

const pageDocument = (name: string, field: ShopifyEntity, sortKeys: string, nodeFields: string) =>
  `query ${name}($first: Int!, $after: String, $query: String, $sortKey: ${sortKeys}) { ` +
  `${field}(first: $first, after: $after, query: $query, sortKey: $sortKey, reverse: false) { nodes { ${nodeFields} } ${PAGE_INFO} } }`;

/** One page of each entity, in `sortKey` order (https://shopify.dev/docs/api/usage/pagination-graphql). */
export const PAGE_QUERIES: Readonly<Record<ShopifyEntity, PageQuery>> = {
  // https://shopify.dev/docs/api/admin-graphql/2026-10/queries/orders
  orders: {
    name: 'OrdersPage',
    field: 'orders',
    pageSize: ORDERS_PAGE_SIZE,
    nested: { connection: 'lineItems', pageSize: ORDER_LINE_ITEMS_PAGE_SIZE, rest: ORDER_LINE_ITEMS },
    estimatedCost: 2 + ORDERS_PAGE_SIZE * (11 + 2 + ORDER_LINE_ITEMS_PAGE_SIZE * 5 + 1) + 1,
    document: pageDocument(
      'OrdersPage',
      'orders',
      'OrderSortKeys',
      `${ORDER_FIELDS} lineItems(first: ${ORDER_LINE_ITEMS_PAGE_SIZE}) { nodes { ${LINE_ITEM_FIELDS} } ${PAGE_INFO} }`,
    ),
  },
  // https://shopify.dev/docs/api/admin-graphql/2026-10/queries/products
  products: {
    name: 'ProductsPage',
    field: 'products',
    pageSize: PRODUCTS_PAGE_SIZE,
    nested: { connection: 'variants', pageSize: PRODUCT_VARIANTS_PAGE_SIZE, rest: PRODUCT_VARIANTS },
    estimatedCost: 2 + PRODUCTS_PAGE_SIZE * (1 + 2 + PRODUCT_VARIANTS_PAGE_SIZE * 1 + 1) + 1,
    document: pageDocument(
      'ProductsPage',
      'products',
      'ProductSortKeys',
      `${PRODUCT_FIELDS} variants(first: ${PRODUCT_VARIANTS_PAGE_SIZE}) { nodes { ${VARIANT_FIELDS} } ${PAGE_INFO} }`,
    ),
  },
  // https://shopify.dev/docs/api/admin-graphql/2026-10/queries/customers
  customers: {
    name: 'CustomersPage',
    field: 'customers',
    pageSize: CUSTOMERS_PAGE_SIZE,
    nested: null,
    estimatedCost: 2 + CUSTOMERS_PAGE_SIZE * 3 + 1,
    document: pageDocument('CustomersPage', 'customers', 'CustomerSortKeys', CUSTOMER_FIELDS),
  },
};

/**
 * A count of each entity under a search. Shopify caps counts at `limit` (default 10,000, then
 * `precision` AT_LEAST); `limit: null` asks for the exact count, the progress total of a big shop.
 */
export interface CountQuery extends ShopifyQuery {
  field: 'ordersCount' | 'productsCount' | 'customersCount';
}

const countQuery = (name: string, field: CountQuery['field']): CountQuery => ({
  name,
  field,
  // The Count object: 1.
  estimatedCost: 1,
  document: `query ${name}($query: String) { ${field}(query: $query, limit: null) { count precision } }`,
});

// https://shopify.dev/docs/api/admin-graphql/2026-10/queries/ordersCount (…/productsCount, …/customersCount)
export const COUNT_QUERIES: Readonly<Record<ShopifyEntity, CountQuery>> = {
  orders: countQuery('OrdersCount', 'ordersCount'),
  products: countQuery('ProductsCount', 'productsCount'),
  customers: countQuery('CustomersCount', 'customersCount'),
};

// https://shopify.dev/docs/api/admin-graphql/2026-10/queries/shop — the Shop object: 1.
export const SHOP_QUERY: ShopifyQuery = {
  name: 'ShopInfo',
  estimatedCost: 1,
  document: 'query ShopInfo { shop { name currencyCode myshopifyDomain } }',
};

/**
 * Starts a bulk query (https://shopify.dev/docs/api/usage/bulk-operations/queries). No
 * `groupObjects`: ungrouped output is faster, fails less, and is the default since 2026-01; the
 * result reader finds children by `__parentId` wherever they are. A mutation costs 10.
 */
export const BULK_RUN_MUTATION: ShopifyQuery = {
  name: 'BulkOperationRun',
  estimatedCost: 10,
  document: 'mutation BulkOperationRun($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { field message code } } }',
};

/** The app's bulk queries a lost start may have created: up to the five Shopify runs at once, and a few more. */
export const FIND_BULK_PAGE = 10;

// https://shopify.dev/docs/api/admin-graphql/2026-10/queries/bulkOperations (API 2026-01+): 2 + 10 × 1.
export const FIND_BULK_QUERY: ShopifyQuery = {
  name: 'RecentBulkOperations',
  estimatedCost: 2 + FIND_BULK_PAGE,
  document: `query RecentBulkOperations($q: String!) { bulkOperations(first: ${FIND_BULK_PAGE}, query: $q, sortKey: CREATED_AT, reverse: true) { nodes { id status query createdAt } } }`,
};

// https://shopify.dev/docs/api/admin-graphql/2026-10/objects/BulkOperation — node 1.
export const BULK_STATUS_QUERY: ShopifyQuery = {
  name: 'BulkOperationStatus',
  estimatedCost: 1,
  document: 'query BulkOperationStatus($id: ID!) { node(id: $id) { ... on BulkOperation { id status errorCode objectCount url partialDataUrl } } }',
};

/**
 * The query a bulk operation runs for an entity: the page's fields, nested connections without
 * `first` (a bulk query reads them whole; two connections, one level deep, within Shopify's limits),
 * in `edges { node }` form as the bulk guide writes them. Bulk queries cost nothing from the bucket.
 */
export function bulkQueryOf(entity: ShopifyEntity, search: string | null): string {
  const args = search === null ? '' : `(query: ${JSON.stringify(search)})`;
  const nodeFields = {
    orders: `${ORDER_FIELDS} lineItems { edges { node { ${LINE_ITEM_FIELDS} } } }`,
    products: `${PRODUCT_FIELDS} variants { edges { node { ${VARIANT_FIELDS} } } }`,
    customers: CUSTOMER_FIELDS,
  }[entity];
  return `{ ${entity}${args} { edges { node { ${nodeFields} } } } }`;
}

export interface SearchWindow {
  /** Inclusive. */
  updatedSince?: Date;
  /** Inclusive. */
  createdSince?: Date;
  /** Exclusive. */
  createdUntil?: Date;
}

/**
 * Pure: Shopify's search syntax for a window (https://shopify.dev/docs/api/usage/search-syntax),
 * e.g. `updated_at:>='2026-01-01T00:00:00Z'`; null when the window has no bound. Full UTC
 * timestamps with `Z`: a bare date is read in the shop's time zone (PLATFORMS.md). Whole
 * seconds, rounded outward (a lower bound down, an upper bound up): reading a record twice is
 * harmless, missing one is not.
 */
export function searchFilter(window: SearchWindow): string | null {
  const terms: string[] = [];
  if (window.updatedSince) terms.push(`updated_at:>='${utcSeconds(window.updatedSince, 'floor')}'`);
  if (window.createdSince) terms.push(`created_at:>='${utcSeconds(window.createdSince, 'floor')}'`);
  if (window.createdUntil) terms.push(`created_at:<'${utcSeconds(window.createdUntil, 'ceil')}'`);
  return terms.length === 0 ? null : terms.join(' AND ');
}

function utcSeconds(at: Date, round: 'floor' | 'ceil'): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('searchFilter: an invalid date');
  const seconds = Math[round](at.getTime() / 1_000);
  return new Date(seconds * 1_000).toISOString().replace('.000Z', 'Z');
}
