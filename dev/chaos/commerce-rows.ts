/**
 * Stored commerce rows and a simulator's truth in one shape — the columns each table is compared
 * on, values normalized (times ISO, money and counts numbers) and sorted by platform_id — so that
 * `expect(stored).toEqual(truth)` (the e2e rig) or a benchmark's comparison covers every column.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { fromDbTime } from '../../db/values.js';

const iso = (value: string) => fromDbTime(value).toISOString();

const ORDER_COLUMNS = ['platform_id', 'status', 'currency', 'total_minor', 'subtotal_minor', 'shipping_minor', 'tax_minor', 'discount_minor', 'placed_at', 'platform_updated_at'];
const SALES_LINE_COLUMNS = ['platform_id', 'order_platform_id', 'product_platform_id', 'variant_platform_id', 'sku', 'title', 'quantity', 'unit_price_minor', 'currency'];
export const ETSY_COLUMNS = {
  orders: ORDER_COLUMNS,
  line_items: SALES_LINE_COLUMNS,
  listings: ['platform_id', 'title', 'state', 'price_minor', 'currency', 'quantity', 'platform_updated_at'],
  payments: ['platform_id', 'amount_minor', 'currency', 'balance_minor', 'ledger_type', 'reference_type', 'reference_id', 'description', 'entry_created_at'],
};
export const PRINTIFY_COLUMNS = {
  orders: [...ORDER_COLUMNS, 'external_order_ref'],
  line_items: [...SALES_LINE_COLUMNS, 'cost_minor'],
  products: ['platform_id', 'title', 'status', 'vendor', 'print_provider_id', 'platform_updated_at'],
  product_variants: ['platform_id', 'product_platform_id', 'sku', 'price_minor', 'cost_minor', 'currency', 'is_enabled'],
};
export const SHOPIFY_COLUMNS = {
  orders: ORDER_COLUMNS,
  line_items: SALES_LINE_COLUMNS,
  products: ['platform_id', 'title', 'status', 'vendor', 'platform_updated_at'],
  product_variants: ['platform_id', 'product_platform_id', 'sku', 'price_minor', 'currency'],
  customers: ['platform_id', 'email', 'first_name', 'last_name', 'orders_count', 'amount_spent_minor', 'currency', 'platform_updated_at'],
};

/**
 * A tenant's rows of one commerce table for one platform, in the simulators' truth shape, sorted by
 * platform_id; `only` those whose column is one of the values (a sample of a large shop).
 */
export async function storedRows(
  db: Kysely<Database>,
  table: 'orders' | 'line_items' | 'listings' | 'payments' | 'products' | 'product_variants' | 'customers',
  tenantId: string,
  platform: string,
  columns: readonly string[],
  only?: { column: 'platform_id' | 'order_platform_id'; values: readonly string[] },
): Promise<Record<string, unknown>[]> {
  if (only?.values.length === 0) return [];
  let query = (db as Kysely<any>).selectFrom(table).selectAll().where('tenant_id', '=', tenantId).where('platform', '=', platform);
  if (only) query = query.where(only.column, 'in', only.values);
  const rows = (await query.execute()) as Record<string, unknown>[];
  return rows
    .map((row) => Object.fromEntries(columns.map((c) => [c, normalize(c, row[c])])))
    .sort((a, b) => String(a.platform_id).localeCompare(String(b.platform_id)));
}

/** Truth rows projected onto the same columns and order. */
export function truthRows(rows: readonly object[], columns: readonly string[]) {
  return rows.map((row) => Object.fromEntries(columns.map((c) => [c, normalize(c, (row as Record<string, unknown>)[c])]))).sort((a, b) => String(a.platform_id).localeCompare(String(b.platform_id)));
}

function normalize(column: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (/_at$/.test(column) && typeof value === 'string') return value.includes('T') ? new Date(value).toISOString() : iso(value);
  if (column === 'is_enabled') return Boolean(Number(value));
  if (/_minor$|^quantity$|_count$/.test(column)) return Number(value);
  return value;
}
