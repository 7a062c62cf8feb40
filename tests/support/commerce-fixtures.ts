import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { CommerceOwner } from '../../lib/commerce/commerce-owner.js';
import type { CustomerRow } from '../../lib/commerce/customers.repository.js';
import type { ListingRow } from '../../lib/commerce/listings.repository.js';
import { upsertOrders, type LineItemRow, type OrderRow } from '../../lib/commerce/orders.repository.js';
import type { PaymentRow } from '../../lib/commerce/payments.repository.js';
import type { ProductRow, VariantRow } from '../../lib/commerce/products.repository.js';

const CREATED = '2026-01-01 00:00:00.000';

/** A connection of `tenantId` to `platform` (a Printify shop with its `salesChannel`), as its owner. */
export async function connect(db: Kysely<Database>, tenantId: string, platform: string, accountId: string, salesChannel: string | null = null): Promise<CommerceOwner> {
  await db
    .insertInto('connections')
    .values({ tenant_id: tenantId, platform, external_account_id: accountId, scopes: '', status: 'active', sales_channel: salesChannel, created_at: CREATED, updated_at: CREATED })
    .execute();
  const { id } = await db.selectFrom('connections').select('id').where('tenant_id', '=', tenantId).where('platform', '=', platform).where('external_account_id', '=', accountId).executeTakeFirstOrThrow();
  return { tenantId, platform, connectionId: Number(id) };
}

/** A sales order (Etsy receipt, Shopify order) placed at `placedAt` (ISO), totalling `totalMinor`. */
export function salesOrder(platformId: string, placedAt: string, totalMinor: number, extra: Partial<OrderRow> = {}): OrderRow {
  return {
    platformId,
    status: 'paid',
    currency: 'USD',
    totalMinor,
    subtotalMinor: totalMinor,
    shippingMinor: 0,
    taxMinor: 0,
    discountMinor: 0,
    placedAt: new Date(placedAt),
    platformUpdatedAt: new Date(placedAt),
    externalOrderRef: null,
    ...extra,
  };
}

/** A Printify order fulfilling the sales order `ref`, costing the merchant `totalMinor` US cents. */
export function printifyOrder(platformId: string, ref: string | null, totalMinor: number, extra: Partial<OrderRow> = {}): OrderRow {
  return {
    platformId,
    status: 'fulfilled',
    currency: 'USD',
    totalMinor,
    subtotalMinor: totalMinor,
    shippingMinor: 0,
    taxMinor: 0,
    discountMinor: 0,
    placedAt: new Date('2026-03-02T08:00:00.000Z'),
    platformUpdatedAt: new Date('2026-03-02T08:00:00.000Z'),
    externalOrderRef: ref,
    ...extra,
  };
}

export function lineItem(platformId: string, orderPlatformId: string, extra: Partial<LineItemRow> = {}): LineItemRow {
  return {
    platformId,
    orderPlatformId,
    productPlatformId: 'p1',
    variantPlatformId: 'v1',
    sku: 'SKU-1',
    title: 'Mug',
    quantity: 1,
    unitPriceMinor: 1000,
    currency: 'USD',
    costMinor: null,
    ...extra,
  };
}

/** upsertOrders in a transaction of its own. */
export function storeOrders(db: Kysely<Database>, owner: CommerceOwner, orders: OrderRow[], lines: LineItemRow[] = [], now = new Date('2026-04-01T00:00:00.000Z')): Promise<void> {
  return inTransaction(db, (trx) => upsertOrders(trx, owner, orders, lines, now));
}

/** The tenant's sales orders' COGS by platform id: `[cogs_minor, cogs_currency]`. */
export async function cogsOf(db: Kysely<Database>, tenantId: string, platform: string): Promise<Record<string, [number | null, string | null]>> {
  const rows = await db.selectFrom('orders').select(['platform_id', 'cogs_minor', 'cogs_currency']).where('tenant_id', '=', tenantId).where('platform', '=', platform).orderBy('platform_id').execute();
  return Object.fromEntries(rows.map((row) => [row.platform_id, [row.cogs_minor === null ? null : Number(row.cogs_minor), row.cogs_currency]]));
}

/** Empties every commerce table and the connections. */
export async function clearCommerce(db: Kysely<Database>): Promise<void> {
  for (const table of ['orders', 'line_items', 'listings', 'products', 'product_variants', 'payments', 'customers', 'sync_cursors', 'daily_financials', 'financial_days_dirty', 'connections'] as const) {
    await db.deleteFrom(table).execute();
  }
}

/** When the vendor last changed the rows below, unless a test says otherwise. */
export const EDITED = new Date('2026-03-05T12:30:00.250Z');

export function listingRow(platformId: string, extra: Partial<ListingRow> = {}): ListingRow {
  return { platformId, title: 'Blue mug', state: 'active', priceMinor: 2500, currency: 'USD', quantity: 3, platformUpdatedAt: EDITED, ...extra };
}

export function productRow(platformId: string, extra: Partial<ProductRow> = {}): ProductRow {
  return { platformId, title: 'Tee', status: null, vendor: null, printProviderId: '29', platformUpdatedAt: EDITED, ...extra };
}

export function variantRow(platformId: string, productPlatformId: string, extra: Partial<VariantRow> = {}): VariantRow {
  return { platformId, productPlatformId, sku: 'TEE-S', priceMinor: 2200, costMinor: 1050, currency: 'USD', isEnabled: true, ...extra };
}

export function paymentRow(platformId: string, extra: Partial<PaymentRow> = {}): PaymentRow {
  return { platformId, amountMinor: -125, currency: 'EUR', balanceMinor: 9875, ledgerType: 'listing', referenceType: 'listing', referenceId: '77', description: 'listing fee', entryCreatedAt: EDITED, ...extra };
}

export function customerRow(platformId: string, extra: Partial<CustomerRow> = {}): CustomerRow {
  return { platformId, email: 'a@example.com', firstName: 'Ada', lastName: 'L', ordersCount: 2, amountSpentMinor: 5000, currency: 'USD', platformUpdatedAt: EDITED, ...extra };
}
