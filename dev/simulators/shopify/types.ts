/**
 * Public types of the Shopify simulator (entry points in `index.ts`): its options, the stats it
 * keeps, and the rows Sluice must store (DESIGN.md "Tables"), which `truth()` computes from the
 * simulator's integers. The resources themselves are served through the GraphQL schema (schema.ts).
 */
import type { FaultSpec as FaultSpecFor } from '../_shared/fault-queue.js';
import type { FaultSettings } from '../_shared/random-faults.js';
import type { StatsByEndpoint } from '../_shared/simulator-stats.js';

export type { FaultKind } from '../_shared/fault-queue.js';
export type { FaultRates } from '../_shared/random-faults.js';
export type { EndpointStats, KeyStats } from '../_shared/simulator-stats.js';

/** https://shopify.dev/docs/api/admin-graphql/latest/enums/OrderDisplayFinancialStatus */
export const FINANCIAL_STATUSES = ['PENDING', 'AUTHORIZED', 'PARTIALLY_PAID', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'VOIDED', 'EXPIRED'] as const;
export type FinancialStatus = (typeof FINANCIAL_STATUSES)[number];

export const PRODUCT_STATUSES = ['ACTIVE', 'ARCHIVED', 'DRAFT'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** https://shopify.dev/docs/api/admin-graphql/latest/enums/BulkOperationErrorCode */
export const BULK_ERROR_CODES = ['ACCESS_DENIED', 'INTERNAL_SERVER_ERROR', 'TIMEOUT'] as const;
export type BulkErrorCode = (typeof BULK_ERROR_CODES)[number];

export interface BucketSpec {
  /** Points the bucket holds (Shopify's `maximumAvailable`). */
  capacity: number;
  /** Points restored per second (`restoreRate`). */
  restorePerSecond: number;
}

export interface ShopifyShopSpec {
  /** The shop is `{name}.myshopify.com`; `[a-z0-9][a-z0-9-]*`. */
  name: string;
  /** ISO 4217, one of schema.ts CURRENCY_CODES; its minor unit follows ISO 4217 (JPY 0, KWD/BHD 3). */
  currency: string;
  orders: number;
  products: number;
  customers: number;
  /** Orders (and customers, products) created over the last `historyDays` days. */
  historyDays: number;
  /** Default 2000 points, 100 per second (the Standard plan). */
  bucket?: BucketSpec;
  /** IANA zone; a bare date in a search query is read in it. Default 'UTC'. */
  timezone?: string;
  /** `shop { name }`. Default: derived from `name`. */
  title?: string;
}

/** Latency and random faults: FaultSettings; random faults fall on the GraphQL endpoint only. */
export interface ShopifySimulatorOptions extends FaultSettings {
  /** Seed of the synthetic data. Default 1. */
  seed?: number;
  /** ms since epoch: the data's anchor, `updatedAt` of changes, the cost buckets, token and bulk times. Default Date.now. */
  now?: () => number;
  /** Default: DEFAULT_SHOPS (a USD, a JPY and a KWD shop). */
  shops?: ShopifyShopSpec[];
  /** The app's client id. Default 'sim-shopify-api-key'. */
  apiKey?: string;
  /** The app's client secret (signs the consent redirect). Default 'sim-shopify-api-secret'. */
  apiSecret?: string;
  /** Expiring offline tokens: the token response has expires_in, refresh_token, refresh_token_expires_in. Default false. */
  expiringTokens?: boolean;
  /** With expiringTokens. Default 3600. */
  accessTokenTtlSeconds?: number;
  /** With expiringTokens. Default 7776000 (90 days). */
  refreshTokenTtlSeconds?: number;
  /** API versions served; another answers 404. Default SUPPORTED_API_VERSIONS. */
  apiVersions?: readonly string[];
  /** A bulk operation completes once polled this many times (node / currentBulkOperation) and its file is written. Default 2. */
  bulkPollsToComplete?: number;
  /** Bulk queries an app may run at once per shop (5 since API 2026-01; 1 before). Default 5. */
  bulkMaxRunning?: number;
  /** Instead of polls: completes this long after creation (by `now`), once its file is written. */
  bulkMsToComplete?: number;
  /** The single-query cost limit. Default 1000. */
  maxQueryCost?: number;
}

/** 'graphql': the Admin API; 'oauth': the token endpoint; 'bulk': result downloads. */
export type SimulatedApi = 'graphql' | 'oauth' | 'bulk';
export type FaultSpec = FaultSpecFor<SimulatedApi>;

export type ShopifyEndpoint = 'oauth.authorize' | 'oauth.access_token' | 'graphql' | 'bulk.download';

export interface ShopCounters {
  /** GraphQL requests that reached a shop with a valid token (throttled ones included). */
  graphqlQueries: number;
  throttled: number;
  maxCostExceeded: number;
  /** Σ actualQueryCost taken from the bucket. */
  costSpent: number;
  bulkOperations: number;
  bulkDownloads: number;
  /** Bulk result bytes sent. */
  bytesServed: number;
}

export interface ShopifySimulatorStats extends ShopCounters {
  /** Every request by endpoint and status; keyed by shop where one is named. */
  endpoints: StatsByEndpoint<ShopifyEndpoint>;
  perShop: Record<string, ShopCounters>;
}

export interface OrderChanges {
  status?: FinancialStatus;
}

export interface ProductChanges {
  title?: string;
  status?: ProductStatus;
  vendor?: string;
}

export interface CustomerChanges {
  firstName?: string;
  lastName?: string;
  /** null: no default email address. */
  email?: string | null;
}

/** Times are ISO 8601 UTC with milliseconds, money integer minor units of `currency`, ids the GID's number. */
export interface ShopifyTruth {
  orders: TruthOrder[];
  line_items: TruthLineItem[];
  products: TruthProduct[];
  product_variants: TruthVariant[];
  customers: TruthCustomer[];
}

export interface TruthOrder {
  platform_id: string;
  /** displayFinancialStatus. */
  status: FinancialStatus;
  currency: string;
  /** subtotal + shipping + tax (totalPriceSet). */
  total_minor: number;
  /** Lines after discounts (subtotalPriceSet). */
  subtotal_minor: number;
  shipping_minor: number;
  tax_minor: number;
  discount_minor: number;
  placed_at: string;
  platform_updated_at: string;
}

export interface TruthLineItem {
  platform_id: string;
  order_platform_id: string;
  /** null when the product was deleted. */
  product_platform_id: string | null;
  variant_platform_id: string | null;
  sku: string | null;
  title: string;
  quantity: number;
  unit_price_minor: number;
  currency: string;
}

export interface TruthProduct {
  platform_id: string;
  title: string;
  status: ProductStatus;
  vendor: string;
  platform_updated_at: string;
}

export interface TruthVariant {
  platform_id: string;
  product_platform_id: string;
  sku: string;
  price_minor: number;
  currency: string;
}

export interface TruthCustomer {
  platform_id: string;
  email: string | null;
  first_name: string;
  last_name: string;
  orders_count: number;
  amount_spent_minor: number;
  currency: string;
  platform_updated_at: string;
}
