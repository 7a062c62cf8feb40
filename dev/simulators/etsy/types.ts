/** Public types of the Etsy simulator (entry points in `index.ts`). */
import type { FaultSpec as FaultSpecFor } from '../_shared/fault-queue.js';
import type { FaultSettings } from '../_shared/random-faults.js';
import type { StatsByEndpoint } from '../_shared/simulator-stats.js';

export type { FaultKind } from '../_shared/fault-queue.js';
export type { FaultRates } from '../_shared/random-faults.js';
export type { EndpointStats, KeyStats } from '../_shared/simulator-stats.js';

/** The scopes Sluice asks for (PLATFORMS.md, Etsy consent URL). */
export const ETSY_SCOPES = ['transactions_r', 'listings_r', 'shops_r'] as const;

export interface EtsyShopSpec {
  /** The shop's name (`shop_name`), also how tests and the consent page (`sim_shop=`) pick it. */
  name: string;
  /** ISO 4217, e.g. 'USD', 'JPY', 'EUR', 'KWD'. */
  currency: string;
  /** Receipts spread over the shop's history. */
  receipts: number;
  /** At least 1: every transaction sells one of them. */
  listings: number;
  /** How long ago the shop opened (`create_date`), in days before the simulator's creation. */
  historyDays: number;
  /** The scopes the shop's owner grants, whatever the app asks for (e.g. drop 'transactions_r' to see the 403). Default: all asked. */
  grantScopes?: readonly string[];
}

/** Latency and random faults: FaultSettings; random faults fall on `/v3/application/…` requests only. */
export interface EtsySimulatorOptions extends FaultSettings {
  /** Seed of the synthetic shops. Default 1. */
  seed?: number;
  /** Default: a small USD shop and a small JPY shop (DEFAULT_SHOPS). */
  shops?: readonly EtsyShopSpec[];
  /** The simulator's clock: history ends at its value at creation; limits, token expiry and `addReceipts` read it. Default: the real clock. */
  now?: () => Date;
  /** The app keystring the simulator expects (`x-api-key: keystring:secret`, OAuth `client_id`). Default 'sim-etsy-key'. */
  apiKey?: string;
  /** Default 'sim-etsy-secret'. */
  sharedSecret?: string;
  /** Requests per app key in any sliding second. Default 10, a new app's limit. */
  ratePerSecond?: number;
  /** Requests per app key in any sliding 24 hours. Default 10,000, a new app's limit. */
  dailyLimit?: number;
  /** Default 3600, as Etsy issues them. */
  accessTokenTtlSeconds?: number;
}

/** 'oauth': the token endpoint; 'api': everything under /v3/application. */
export type EtsyApi = 'oauth' | 'api';
export type FaultSpec = FaultSpecFor<EtsyApi>;

export type EtsyEndpoint =
  | 'oauth.connect'
  | 'oauth.token'
  | 'users.me'
  | 'shops.get'
  | 'shops.receipts'
  | 'shops.receipt-transactions'
  | 'shops.listings'
  | 'shops.ledger-entries';

export interface EtsySimulatorStats {
  endpoints: StatsByEndpoint<EtsyEndpoint>;
  /** The most `/v3/application/…` requests that arrived in any sliding second (refused ones too). */
  maxPerSecond: number;
  /** 429 answers, from the limits and from faults. */
  rateLimited: number;
}

/** Receipt statuses as the API sends them. */
export const RECEIPT_STATUSES = ['Open', 'Payment Processing', 'Paid', 'Completed', 'Canceled', 'Fully Refunded', 'Partially Refunded'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** What `updateReceipt` may change; `updatedAt` defaults to the clock's now. Money in minor units. */
export interface ReceiptChanges {
  status?: ReceiptStatus;
  shippingMinor?: number;
  taxMinor?: number;
  vatMinor?: number;
  discountMinor?: number;
  updatedAt?: Date;
}

/** The receipt's Money fields (https://developers.etsy.com/documentation/reference#tag/Shop-Receipt). */
export const RECEIPT_MONEY_FIELDS = ['grandtotal', 'subtotal', 'total_price', 'total_shipping_cost', 'total_tax_cost', 'total_vat_cost', 'discount_amt'] as const;
export type ReceiptMoneyField = (typeof RECEIPT_MONEY_FIELDS)[number];

/** A Money object's numbers as `corruptReceiptMoney` serves them: `amount / divisor` in the shop's currency. */
export interface RawMoney {
  amount: number;
  divisor: number;
}

/** What `updateListing` may change; `updatedAt` defaults to the clock's now. */
export interface ListingChanges {
  title?: string;
  state?: 'active' | 'inactive' | 'sold_out' | 'draft' | 'expired';
  priceMinor?: number;
  quantity?: number;
  updatedAt?: Date;
}

/** The rows Sluice must end up with (DESIGN.md table terms), computed from the simulator's own integers. Times are ISO 8601 UTC. */
export interface TruthOrder {
  platform_id: string;
  status: string;
  currency: string;
  total_minor: number;
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
  product_platform_id: string;
  variant_platform_id: string;
  sku: string;
  title: string;
  quantity: number;
  unit_price_minor: number;
  currency: string;
}

export interface TruthListing {
  platform_id: string;
  title: string;
  state: string;
  price_minor: number;
  currency: string;
  quantity: number;
  platform_updated_at: string;
}

export interface TruthPayment {
  platform_id: string;
  amount_minor: number;
  currency: string;
  balance_minor: number;
  ledger_type: string;
  reference_type: string | null;
  reference_id: string | null;
  description: string;
  entry_created_at: string;
}

export interface EtsyTruth {
  orders: TruthOrder[];
  line_items: TruthLineItem[];
  /** Active listings only: what `state=active` serves. */
  listings: TruthListing[];
  payments: TruthPayment[];
}
