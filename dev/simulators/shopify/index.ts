/**
 * A fake of Shopify's Admin GraphQL API (orders, products, customers, bulk operations), its OAuth
 * app flow and its cost limits, with deterministic synthetic shops, ground truth in Sluice's terms
 * and fault injection — for connector tests, end-to-end tests, the offline dev server and benchmarks.
 */
export { createShopifySimulator, DEFAULT_SCOPES, SUPPORTED_API_VERSIONS, type ShopifySimulator, type ShopSummary } from './simulator.js';
export { startShopifySimulator, type RunningShopifySimulator, type ShopifySimulatorServerOptions } from './server.js';
export { DEFAULT_BUCKET, DEFAULT_SHOPS } from './shops.js';
export { redirectHmac } from './oauth-endpoints.js';
export type { TruthOptions } from './truth.js';
export type {
  BucketSpec,
  BulkErrorCode,
  CustomerChanges,
  EndpointStats,
  FaultKind,
  FaultRates,
  FaultSpec,
  FinancialStatus,
  OrderChanges,
  ProductChanges,
  ProductStatus,
  ShopCounters,
  ShopifyEndpoint,
  ShopifyShopSpec,
  ShopifySimulatorOptions,
  ShopifySimulatorStats,
  ShopifyTruth,
  SimulatedApi,
  TruthCustomer,
  TruthLineItem,
  TruthOrder,
  TruthProduct,
  TruthVariant,
} from './types.js';
