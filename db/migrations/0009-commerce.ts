import { sql, type CreateTableBuilder, type Kysely, type RawBuilder } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';
import { hasColumn, hasIndex } from './schema-probes.js';

/**
 * The commerce tables of DESIGN.md "Tables" (types in db/tables/commerce.table.ts):
 * - `orders`, `line_items`, `listings`, `products`, `product_variants`, `payments`, `customers`,
 *   each with an `id` and UNIQUE (`tenant_id`, `platform`, `platform_id`): a shop connected by
 *   two tenants gives each its own rows. Money is BIGINT minor units (an integer SUM of them
 *   outgrows INT long before it outgrows 2^53).
 * - `orders` (`tenant_id`, `external_order_ref`): COGS linking finds a sales order's Printify
 *   orders with it; (`tenant_id`, `placed_at`): `daily_financials` reads a tenant's days.
 *   `line_items` (`tenant_id`, `platform`, `order_platform_id`): an order's lines;
 *   `product_variants` (`tenant_id`, `platform`, `product_platform_id`): a product's variants.
 * - `sync_cursors` UNIQUE (`connection_id`, `entity`), `daily_financials` UNIQUE (`tenant_id`,
 *   `dt`, `currency`), `financial_days_dirty` PRIMARY KEY (`tenant_id`, `dt`).
 * - `connections.sales_channel`: a Printify shop's sales channel (`etsy`, `shopify`, …) as
 *   Printify reports it; COGS links only to sales orders of that platform.
 *
 * Key columns are varchar(191) like 0001's: three of them fit InnoDB's 3,072-byte index limit
 * in utf8mb4. utf8mb4_bin makes ids and statuses compare byte for byte, as on SQLite.
 * Each step skips itself when done (CREATE TABLE IF NOT EXISTS, indexes and the column looked
 * up first), so a run that stopped half-way (MySQL commits each DDL statement) can run again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const time = mysql ? sql`datetime(3)` : sql`text`;
  const money = mysql ? sql`bigint` : sql`integer`;
  const text = sql`text`;
  const key = (length: number): RawBuilder<unknown> => (mysql ? sql.raw(`varchar(${length})`) : sql`text`);
  const innodb = (table: CreateTableBuilder<any, any>) => (mysql ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : table);
  const id = (table: CreateTableBuilder<any, any>) => table.addColumn('id', mysql ? 'bigint' : 'integer', (c) => c.primaryKey().autoIncrement());

  /** The columns every commerce table starts with, its unique key, then its own columns. */
  const commerceTable = async (name: string, columns: (table: CreateTableBuilder<any, any>) => CreateTableBuilder<any, any>) => {
    const table = id(db.schema.createTable(name).ifNotExists())
      .addColumn('tenant_id', key(191), (c) => c.notNull())
      .addColumn('platform', key(32), (c) => c.notNull())
      .addColumn('platform_id', key(191), (c) => c.notNull())
      .addColumn('connection_id', mysql ? sql`bigint` : sql`integer`, (c) => c.notNull());
    await innodb(
      columns(table)
        .addColumn('updated_at', time, (c) => c.notNull())
        .addUniqueConstraint(`${name}_platform_id`, ['tenant_id', 'platform', 'platform_id']),
    ).execute();
  };

  await commerceTable('orders', (t) =>
    t
      .addColumn('status', key(64), (c) => c.notNull())
      .addColumn('currency', key(8), (c) => c.notNull())
      .addColumn('total_minor', money, (c) => c.notNull())
      .addColumn('subtotal_minor', money, (c) => c.notNull())
      .addColumn('shipping_minor', money, (c) => c.notNull())
      .addColumn('tax_minor', money, (c) => c.notNull())
      .addColumn('discount_minor', money, (c) => c.notNull())
      .addColumn('placed_at', time, (c) => c.notNull())
      .addColumn('platform_updated_at', time, (c) => c.notNull())
      .addColumn('external_order_ref', key(191))
      .addColumn('cogs_minor', money)
      .addColumn('cogs_currency', key(8)),
  );
  await commerceTable('line_items', (t) =>
    t
      .addColumn('order_platform_id', key(191), (c) => c.notNull())
      .addColumn('product_platform_id', key(191))
      .addColumn('variant_platform_id', key(191))
      .addColumn('sku', key(255))
      .addColumn('title', text)
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('unit_price_minor', money)
      .addColumn('currency', key(8), (c) => c.notNull())
      .addColumn('cost_minor', money),
  );
  await commerceTable('listings', (t) =>
    t
      .addColumn('title', text, (c) => c.notNull())
      .addColumn('state', key(32), (c) => c.notNull())
      .addColumn('price_minor', money, (c) => c.notNull())
      .addColumn('currency', key(8), (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('platform_updated_at', time, (c) => c.notNull()),
  );
  await commerceTable('products', (t) =>
    t
      .addColumn('title', text, (c) => c.notNull())
      .addColumn('status', key(64))
      .addColumn('vendor', key(255))
      .addColumn('print_provider_id', key(64))
      .addColumn('platform_updated_at', time, (c) => c.notNull()),
  );
  await commerceTable('product_variants', (t) =>
    t
      .addColumn('product_platform_id', key(191), (c) => c.notNull())
      .addColumn('sku', key(255))
      .addColumn('price_minor', money)
      .addColumn('cost_minor', money)
      .addColumn('currency', key(8), (c) => c.notNull())
      .addColumn('is_enabled', mysql ? sql`boolean` : sql`integer`, (c) => c.notNull()),
  );
  await commerceTable('payments', (t) =>
    t
      .addColumn('amount_minor', money, (c) => c.notNull())
      .addColumn('currency', key(8), (c) => c.notNull())
      .addColumn('balance_minor', money, (c) => c.notNull())
      .addColumn('ledger_type', key(64), (c) => c.notNull())
      .addColumn('reference_type', key(64))
      .addColumn('reference_id', key(191))
      .addColumn('description', text)
      .addColumn('entry_created_at', time, (c) => c.notNull()),
  );
  await commerceTable('customers', (t) =>
    t
      .addColumn('email', key(320))
      .addColumn('first_name', key(255))
      .addColumn('last_name', key(255))
      .addColumn('orders_count', money, (c) => c.notNull())
      .addColumn('amount_spent_minor', money, (c) => c.notNull())
      .addColumn('currency', key(8), (c) => c.notNull())
      .addColumn('platform_updated_at', time, (c) => c.notNull()),
  );

  await innodb(
    id(db.schema.createTable('sync_cursors').ifNotExists())
      .addColumn('connection_id', mysql ? sql`bigint` : sql`integer`, (c) => c.notNull())
      .addColumn('entity', key(32), (c) => c.notNull())
      .addColumn('cursor_value', key(32), (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .addUniqueConstraint('sync_cursors_entity', ['connection_id', 'entity']),
  ).execute();

  await innodb(
    id(db.schema.createTable('daily_financials').ifNotExists())
      .addColumn('tenant_id', key(191), (c) => c.notNull())
      .addColumn('dt', mysql ? sql`date` : sql`text`, (c) => c.notNull())
      .addColumn('currency', key(8), (c) => c.notNull())
      .addColumn('orders_count', 'integer', (c) => c.notNull())
      .addColumn('revenue_minor', money, (c) => c.notNull())
      .addColumn('cogs_minor', money, (c) => c.notNull())
      .addColumn('gross_profit_minor', money, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .addUniqueConstraint('daily_financials_day', ['tenant_id', 'dt', 'currency']),
  ).execute();

  await innodb(
    db.schema
      .createTable('financial_days_dirty')
      .ifNotExists()
      .addColumn('tenant_id', key(191), (c) => c.notNull())
      .addColumn('dt', mysql ? sql`date` : sql`text`, (c) => c.notNull())
      .addColumn('marked_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('financial_days_dirty_pk', ['tenant_id', 'dt']),
  ).execute();

  const indexes: [table: string, index: string, columns: string[]][] = [
    ['orders', 'orders_tenant_external_ref', ['tenant_id', 'external_order_ref']],
    ['orders', 'orders_tenant_placed_at', ['tenant_id', 'placed_at']],
    ['line_items', 'line_items_order', ['tenant_id', 'platform', 'order_platform_id']],
    ['product_variants', 'product_variants_product', ['tenant_id', 'platform', 'product_platform_id']],
  ];
  for (const [table, index, columns] of indexes) {
    if (!(await hasIndex(db, mysql, table, index))) await db.schema.createIndex(index).on(table).columns(columns).execute();
  }

  if (!(await hasColumn(db, 'connections', 'sales_channel'))) await db.schema.alterTable('connections').addColumn('sales_channel', key(64)).execute();
}
