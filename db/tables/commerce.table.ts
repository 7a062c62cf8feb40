import type { Generated } from 'kysely';
import type { DbTime } from '../values.js';

/*
 * The commerce tables (DESIGN.md "Tables"): each UNIQUE on (`tenant_id`, `platform`,
 * `platform_id`) — a shop connected by two tenants gives each its own rows — and carrying
 * `connection_id` and `updated_at` (when Sluice last wrote the row). Money is an integer in the
 * currency's minor units beside its ISO 4217 `currency`; platform ids are strings; `status`
 * columns hold the vendor's own value as sent. Times are UTC `YYYY-MM-DD HH:MM:SS.mmm` (DbTime).
 */

interface CommerceRow {
  id: Generated<number>;
  tenant_id: string;
  platform: string;
  platform_id: string;
  connection_id: number;
  updated_at: DbTime;
}

/** Sales orders (Etsy receipts, Shopify orders) and Printify fulfilment orders. */
export interface OrdersTable extends CommerceRow {
  status: string;
  currency: string;
  total_minor: number;
  subtotal_minor: number;
  shipping_minor: number;
  tax_minor: number;
  discount_minor: number;
  placed_at: DbTime;
  platform_updated_at: DbTime;
  /** Printify: `metadata.shop_order_id`, the sales order it fulfils (as a string); NULL on sales orders. */
  external_order_ref: string | null;
  /** Sales orders: Σ of the linked, not canceled Printify orders' `total_minor`; NULL when none links. */
  cogs_minor: number | null;
  cogs_currency: string | null;
}

export interface LineItemsTable extends CommerceRow {
  order_platform_id: string;
  product_platform_id: string | null;
  variant_platform_id: string | null;
  sku: string | null;
  title: string | null;
  quantity: number;
  unit_price_minor: number | null;
  currency: string;
  /** Printify: the line's `cost` as sent (for its whole quantity); NULL elsewhere. */
  cost_minor: number | null;
}

/** Etsy listings (`state=active`). */
export interface ListingsTable extends CommerceRow {
  title: string;
  state: string;
  price_minor: number;
  currency: string;
  quantity: number;
  platform_updated_at: DbTime;
}

/** Shopify and Printify products. */
export interface ProductsTable extends CommerceRow {
  title: string;
  status: string | null;
  vendor: string | null;
  print_provider_id: string | null;
  platform_updated_at: DbTime;
}

/** Printify variant ids are catalogue ids shared across products: `platform_id` = `{product_id}:{variant_id}`. */
export interface ProductVariantsTable extends CommerceRow {
  product_platform_id: string;
  sku: string | null;
  price_minor: number | null;
  /** Printify: the base cost per unit. */
  cost_minor: number | null;
  currency: string;
  is_enabled: boolean | number;
}

/** Etsy payment-account ledger entries. */
export interface PaymentsTable extends CommerceRow {
  amount_minor: number;
  currency: string;
  balance_minor: number;
  ledger_type: string;
  reference_type: string | null;
  reference_id: string | null;
  description: string | null;
  entry_created_at: DbTime;
}

/** Shopify customers. */
export interface CustomersTable extends CommerceRow {
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  orders_count: number;
  amount_spent_minor: number;
  currency: string;
  platform_updated_at: DbTime;
}

export const COMMERCE_ENTITIES = ['orders', 'listings', 'payments', 'products', 'customers'] as const;
export type CommerceEntity = (typeof COMMERCE_ENTITIES)[number];

/** Where each entity's incremental sync starts: UNIQUE (`connection_id`, `entity`). */
export interface SyncCursorsTable {
  id: Generated<number>;
  connection_id: number;
  entity: CommerceEntity;
  /** `YYYY-MM-DDTHH:MM:SS.mmmZ`: the newest `platform_updated_at` committed (payments: `entry_created_at`; Printify orders: `placed_at`). */
  cursor_value: string;
  /** `YYYY-MM-DDTHH:MM:SS.mmmZ`: the upper bound of the last completed read (null before one; migration 0012). */
  scanned_until: string | null;
  /** `YYYY-MM-DDTHH:MM:SS.mmmZ`: when the last complete (full) read started (null before one; migration 0012). */
  full_read_at: string | null;
  updated_at: DbTime;
}

/** UNIQUE (`tenant_id`, `dt`, `currency`), rebuilt by `analytics-generation` from the sales orders. */
export interface DailyFinancialsTable {
  id: Generated<number>;
  tenant_id: string;
  /** `YYYY-MM-DD`, the UTC day of `placed_at`. */
  dt: string;
  currency: string;
  orders_count: number;
  revenue_minor: number;
  cogs_minor: number;
  gross_profit_minor: number;
  updated_at: DbTime;
}

/** Days of a tenant whose `daily_financials` rows must be rebuilt: written with the order rows that touch them. */
export interface FinancialDaysDirtyTable {
  tenant_id: string;
  dt: string;
  marked_at: DbTime;
}
