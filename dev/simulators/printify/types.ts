/**
 * Public types of the Printify simulator (entry points in `index.ts`): its options, the resources
 * it serves in Printify's own shapes (https://developers.printify.com/#orders,
 * https://developers.printify.com/#products), and the rows Sluice must store (DESIGN.md "Tables").
 */
import type { FaultSpec as FaultSpecFor } from '../_shared/fault-queue.js';
import type { FaultSettings } from '../_shared/random-faults.js';
import type { StatsByEndpoint } from '../_shared/simulator-stats.js';

export type { FaultKind } from '../_shared/fault-queue.js';
export type { FaultRates } from '../_shared/random-faults.js';
export type { EndpointStats, KeyStats } from '../_shared/simulator-stats.js';

export interface PrintifyShopSpec {
  title: string;
  /** The shop's sales channel as Printify names it: 'etsy', 'shopify', 'custom_integration', 'woocommerce', … */
  sales_channel: string;
  /** Orders spread over the last `historyDays` days. */
  orders: number;
  products: number;
  historyDays: number;
  /**
   * The sales channel's order ids (Etsy receipt ids, Shopify order ids) the orders fulfil, oldest
   * first. Orders (oldest first) link to them in turn; a few link to the same one as the order
   * before (a second Printify order for one sale, the first often canceled), a few to none.
   * Unset: every `shop_order_id` is a random number of the channel's kind.
   */
  salesOrderIds?: readonly string[];
}

export interface PrintifyAccountSpec {
  /** The merchant account's name: how tests, the consent page (`sim_account=`) and control routes refer to it. */
  name: string;
  /** The account's personal access token. Default: a new random one. */
  personalToken?: string;
  shops: PrintifyShopSpec[];
}

/** Latency and random faults: FaultSettings; random faults fall on the shop, order and product endpoints only. */
export interface PrintifySimulatorOptions extends FaultSettings {
  /** Seed of the synthetic data (ids, shop ids, orders, products). Default 1. */
  seed?: number;
  /** Data and token times (orders' ages, expire_at). Rate limits and stats use the real clock. Default: the real clock. */
  now?: () => Date;
  /** Default: one account 'merchant' with one Etsy-channel shop of 60 orders and 12 products over 90 days. */
  accounts?: PrintifyAccountSpec[];
  /** The OAuth app id the consent page and token endpoints accept. Default 'sim-printify-app'. */
  appId?: string;
  /** Requests accepted per account in any sliding 60 s before 429 (Printify's global limit). Default 600. */
  ratePerMinute?: number;
  /** Send `Retry-After` with the limiter's 429. Printify does not document one; default true. */
  retryAfterOn429?: boolean;
  /**
   * What a request for a shop of another account gets. Printify does not document it; default 403
   * ('This action is unauthorized.'), 404 to play a vendor that hides other accounts' shops.
   */
  foreignShopStatus?: 403 | 404;
  /** OAuth access tokens' life. Default 21600 (6 hours), as Printify issues them. */
  accessTokenTtlSeconds?: number;
}

/** 'api': the shop, order and product endpoints; 'oauth': the token endpoints. */
export type SimulatedApi = 'api' | 'oauth';
export type FaultSpec = FaultSpecFor<SimulatedApi>;

export type PrintifyEndpoint =
  | 'shops.list'
  | 'orders.list'
  | 'orders.get'
  | 'products.list'
  | 'products.get'
  | 'oauth.tokens'
  | 'oauth.refresh'
  | 'oauth.authorize';

export interface PrintifySimulatorStats {
  /** Every request by endpoint and status; API requests also per account (the key). */
  endpoints: StatsByEndpoint<PrintifyEndpoint>;
  /** API requests (whatever their answer) that arrived in the busiest sliding 60 s. */
  maxPerMinute: number;
  /** The same per account, for the authenticated ones: what Printify's 600/min counts. */
  maxPerMinuteByAccount: Record<string, number>;
  /** 429 answers on every endpoint, the limiter's and injected ones. */
  rateLimited: number;
}

/** Printify's order statuses: https://developers.printify.com/#orders */
export type PrintifyOrderStatus =
  | 'pending'
  | 'on-hold'
  | 'payment-not-received'
  | 'sending-to-production'
  | 'in-production'
  | 'has-issues'
  | 'partially-fulfilled'
  | 'fulfilled'
  | 'canceled';

/** `YYYY-MM-DD HH:MM:SS+00:00`, as every Printify time is sent. */
export type PrintifyTime = string;

export interface PrintifyLineItem {
  product_id: string;
  quantity: number;
  /** A catalogue variant id, the same for every product on the blueprint and provider. */
  variant_id: number;
  print_provider_id: number;
  /** What the merchant pays for the line, its whole quantity, in US cents. */
  cost: number;
  shipping_cost: number;
  status: string;
  /** `price`: the retail price of one unit in US cents (what the buyer paid the sales channel). */
  metadata: { title: string; price: number; variant_label: string; sku: string; country: string };
  sent_to_production_at: PrintifyTime | null;
  fulfilled_at: PrintifyTime | null;
}

export interface PrintifyShipment {
  carrier: string;
  number: string;
  url: string;
  delivered_at: PrintifyTime | null;
}

export interface PrintifyOrder {
  id: string;
  address_to: Record<string, string>;
  line_items: PrintifyLineItem[];
  /** `shop_order_id`: the sales channel's order id, a JSON number or a string; absent on manual orders. */
  metadata: { order_type: 'external' | 'manual'; shop_order_id?: number | string; shop_order_label?: string; shop_fulfilled_at: PrintifyTime | null };
  /** Σ line `metadata.price` × quantity: the retail value, not what the merchant pays. */
  total_price: number;
  total_shipping: number;
  total_tax: number;
  status: PrintifyOrderStatus;
  shipping_method: number;
  is_printify_express: boolean;
  is_economy_shipping: boolean;
  shipments: PrintifyShipment[];
  created_at: PrintifyTime;
  sent_to_production_at: PrintifyTime | null;
  fulfilled_at: PrintifyTime | null;
  printify_connect: { url: string; id: string };
}

export interface PrintifyVariant {
  id: number;
  sku: string;
  /** Base cost of one unit, US cents. */
  cost: number;
  /** Retail price of one unit, US cents. */
  price: number;
  title: string;
  grams: number;
  is_enabled: boolean;
  is_default: boolean;
  is_available: boolean;
}

export interface PrintifyProduct {
  id: string;
  title: string;
  description: string;
  tags: string[];
  variants: PrintifyVariant[];
  images: { src: string; variant_ids: number[]; position: string; is_default: boolean }[];
  created_at: PrintifyTime;
  updated_at: PrintifyTime;
  visible: boolean;
  is_locked: boolean;
  blueprint_id: number;
  user_id: number;
  shop_id: number;
  print_provider_id: number;
  print_areas: unknown[];
  sales_channel_properties: unknown[];
}

export interface PrintifyShop {
  id: number;
  title: string;
  sales_channel: string;
}

/** What a test may change on an order (`updateOrder`); times move to `now()` as Printify's would. */
export interface PrintifyOrderChanges {
  /** sending-to-production → nothing yet; in-production/has-issues → sent_to_production_at; partially-fulfilled → also a shipment; fulfilled → also fulfilled_at. */
  status?: PrintifyOrderStatus;
  /** Marks every undelivered shipment delivered now. */
  delivered?: boolean;
  /** Relinks the order to another sales order (null: makes it a manual order). */
  shop_order_id?: number | string | null;
}

/** Times are ISO 8601 UTC with milliseconds (`YYYY-MM-DDTHH:MM:SS.mmmZ`), money integer US cents. */
export interface PrintifyTruth {
  orders: TruthOrder[];
  line_items: TruthLineItem[];
  products: TruthProduct[];
  product_variants: TruthVariant[];
}

export interface TruthOrder {
  platform_id: string;
  status: string;
  currency: 'USD';
  /** subtotal + shipping + tax: what the merchant pays Printify. */
  total_minor: number;
  /** Σ line `cost`. */
  subtotal_minor: number;
  shipping_minor: number;
  tax_minor: number;
  discount_minor: 0;
  placed_at: string;
  /** The newest of created_at, sent_to_production_at, fulfilled_at and the shipments' delivered_at. */
  platform_updated_at: string;
  /** `metadata.shop_order_id` as a string; null on manual orders. */
  external_order_ref: string | null;
}

export interface TruthLineItem {
  /** `{order_id}:{position}`, 0-based. */
  platform_id: string;
  order_platform_id: string;
  product_platform_id: string;
  /** `{product_id}:{variant_id}`, the product_variants row it is. */
  variant_platform_id: string;
  sku: string;
  title: string;
  quantity: number;
  unit_price_minor: number;
  currency: 'USD';
  cost_minor: number;
}

export interface TruthProduct {
  platform_id: string;
  title: string;
  /** Printify products have no status field. */
  status: null;
  vendor: null;
  print_provider_id: string;
  platform_updated_at: string;
}

export interface TruthVariant {
  /** `{product_id}:{variant_id}`: variant ids are shared across products. */
  platform_id: string;
  product_platform_id: string;
  sku: string;
  price_minor: number;
  cost_minor: number;
  currency: 'USD';
  is_enabled: boolean;
}
