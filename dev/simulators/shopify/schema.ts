/**
 * The subset of the Admin GraphQL API (2026-10, https://shopify.dev/docs/api/admin-graphql) that
 * Sluice reads, with Shopify's names and nullability, executed by graphql-js: clients' queries
 * are parsed and validated as Shopify would, and a misspelt field fails the same way.
 * Money is Decimal text and counts UnsignedInt64 text, as Shopify sends them.
 */
import { buildSchema, type GraphQLSchema } from 'graphql';

export const CURRENCY_CODES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'JPY', 'KRW', 'KWD', 'BHD', 'OMR', 'JOD', 'TND', 'MXN', 'BRL', 'INR', 'SGD', 'HKD'] as const;

const connection = (type: string): string => `
type ${type}Connection { edges: [${type}Edge!]! nodes: [${type}!]! pageInfo: PageInfo! }
type ${type}Edge { cursor: String! node: ${type}! }`;

const PAGE_ARGS = 'first: Int, after: String, last: Int, before: String, reverse: Boolean = false';
const LIST_ARGS = (sortKeys: string) => `${PAGE_ARGS}, query: String, sortKey: ${sortKeys} = ID`;

export const SCHEMA_SDL = /* GraphQL */ `
schema { query: QueryRoot mutation: Mutation }

"An ISO 8601 UTC date and time, e.g. 2026-01-01T00:00:00Z."
scalar DateTime
"A decimal number as text, e.g. \\"20.0\\"."
scalar Decimal
"A money amount as decimal text."
scalar Money
"A 64-bit unsigned integer as text."
scalar UnsignedInt64
scalar URL

interface Node { id: ID! }

enum CurrencyCode { ${CURRENCY_CODES.join(' ')} }
enum OrderDisplayFinancialStatus { PENDING AUTHORIZED PARTIALLY_PAID PAID PARTIALLY_REFUNDED REFUNDED VOIDED EXPIRED }
enum ProductStatus { ACTIVE ARCHIVED DRAFT }
enum OrderSortKeys { CREATED_AT ID PROCESSED_AT UPDATED_AT }
enum ProductSortKeys { CREATED_AT ID UPDATED_AT }
enum CustomerSortKeys { CREATED_AT ID UPDATED_AT }
enum CountPrecision { AT_LEAST EXACT }
enum BulkOperationStatus { CANCELED CANCELING COMPLETED CREATED EXPIRED FAILED RUNNING }
enum BulkOperationErrorCode { ACCESS_DENIED INTERNAL_SERVER_ERROR TIMEOUT }
enum BulkOperationType { QUERY MUTATION }
enum BulkOperationUserErrorCode { INVALID OPERATION_IN_PROGRESS }

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
type Count { count: Int! precision: CountPrecision! }

type Shop implements Node { id: ID! name: String! currencyCode: CurrencyCode! ianaTimezone: String! myshopifyDomain: String! }

type Order implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  createdAt: DateTime!
  updatedAt: DateTime!
  processedAt: DateTime!
  displayFinancialStatus: OrderDisplayFinancialStatus
  currencyCode: CurrencyCode!
  presentmentCurrencyCode: CurrencyCode!
  totalPriceSet: MoneyBag!
  subtotalPriceSet: MoneyBag
  totalShippingPriceSet: MoneyBag!
  totalTaxSet: MoneyBag
  totalDiscountsSet: MoneyBag
  lineItems(${PAGE_ARGS}): LineItemConnection!
}
type LineItem implements Node {
  id: ID!
  sku: String
  title: String!
  name: String!
  quantity: Int!
  originalUnitPriceSet: MoneyBag!
  product: Product
  variant: ProductVariant
}
type Product implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  title: String!
  status: ProductStatus!
  vendor: String!
  createdAt: DateTime!
  updatedAt: DateTime!
  variants(${PAGE_ARGS}): ProductVariantConnection!
}
type ProductVariant implements Node { id: ID! sku: String title: String! price: Money! product: Product! }
type CustomerEmailAddress { emailAddress: String }
type Customer implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  firstName: String
  lastName: String
  defaultEmailAddress: CustomerEmailAddress
  numberOfOrders: UnsignedInt64!
  amountSpent: MoneyV2!
  createdAt: DateTime!
  updatedAt: DateTime!
}
${connection('Order')}
${connection('LineItem')}
${connection('Product')}
${connection('ProductVariant')}
${connection('Customer')}

type BulkOperation implements Node {
  id: ID!
  status: BulkOperationStatus!
  errorCode: BulkOperationErrorCode
  createdAt: DateTime!
  completedAt: DateTime
  objectCount: UnsignedInt64!
  rootObjectCount: UnsignedInt64!
  fileSize: UnsignedInt64
  url: URL
  partialDataUrl: URL
  query: String!
  type: BulkOperationType!
}
type UserError { field: [String!] message: String! }
type BulkOperationUserError { field: [String!] message: String! code: BulkOperationUserErrorCode }
type BulkOperationRunQueryPayload { bulkOperation: BulkOperation userErrors: [BulkOperationUserError!]! }
type BulkOperationCancelPayload { bulkOperation: BulkOperation userErrors: [UserError!]! }

type QueryRoot {
  shop: Shop!
  orders(${LIST_ARGS('OrderSortKeys')}): OrderConnection
  products(${LIST_ARGS('ProductSortKeys')}): ProductConnection
  customers(${LIST_ARGS('CustomerSortKeys')}): CustomerConnection
  order(id: ID!): Order
  product(id: ID!): Product
  customer(id: ID!): Customer
  ordersCount(query: String, limit: Int = 10000): Count
  productsCount(query: String, limit: Int = 10000): Count
  customersCount(query: String, limit: Int = 10000): Count
  node(id: ID!): Node
  currentBulkOperation(type: BulkOperationType = QUERY): BulkOperation
  bulkOperations(first: Int, query: String, sortKey: BulkOperationsSortKeys = CREATED_AT, reverse: Boolean = false): BulkOperationConnection!
}
enum BulkOperationsSortKeys { CREATED_AT COMPLETED_AT }
type BulkOperationConnection { nodes: [BulkOperation!]! pageInfo: PageInfo! }

type Mutation {
  bulkOperationRunQuery(query: String!, groupObjects: Boolean = false): BulkOperationRunQueryPayload
  bulkOperationCancel(id: ID!): BulkOperationCancelPayload
}
`;

let built: GraphQLSchema | undefined;

/** Built once per process: every simulator serves the same schema. */
export function shopifySchema(): GraphQLSchema {
  return (built ??= buildSchema(SCHEMA_SDL));
}

/** Connection types are the ones whose cost is sized by `first`/`last` and that bulk queries flatten. */
export const isConnectionTypeName = (name: string): boolean => name.endsWith('Connection');
