import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest } from '../../../db/migrate.js';
import * as commerce from '../../../db/migrations/0009-commerce.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const T = '2026-11-29 10:00:00.000';
const COMMERCE_TABLES = ['orders', 'line_items', 'listings', 'products', 'product_variants', 'payments', 'customers'];

// Migration 0009 over a 0008 database: the commerce tables with their unique keys, the
// connections' new sales_channel, and a second run that changes nothing.
describeEachEngine('migration 0009 (commerce tables)', (engine) => {
  let database: TestDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrateUpTo: '0008-fair-priorities' });
    db = database.db as Kysely<any>;
    await db
      .insertInto('connections')
      .values({ tenant_id: 'acme', platform: 'printify', external_account_id: '42', scopes: '', status: 'active', created_at: T, updated_at: T })
      .execute();
    expect((await migrateToLatest(database.db))[0]).toBe('0009-commerce');
  });
  afterAll(() => database?.drop());

  it('adds connections.sales_channel, NULL on existing connections', async () => {
    expect(await db.selectFrom('connections').select(['external_account_id', 'sales_channel']).execute()).toEqual([{ external_account_id: '42', sales_channel: null }]);
  });

  it.each(COMMERCE_TABLES)('%s is unique on (tenant_id, platform, platform_id), not on platform_id alone', async (table) => {
    const row = (tenantId: string) => ({ ...minimalRow(table), tenant_id: tenantId, platform: 'etsy', platform_id: '1', connection_id: 1, updated_at: T });
    await db.insertInto(table).values(row('acme')).execute();
    await db.insertInto(table).values(row('globex')).execute();
    await expect(db.insertInto(table).values(row('acme')).execute()).rejects.toThrow();
    expect(await db.selectFrom(table).select('tenant_id').orderBy('tenant_id').execute()).toEqual([{ tenant_id: 'acme' }, { tenant_id: 'globex' }]);
  });

  it('keeps money beyond 2^31 exactly (BIGINT)', async () => {
    const big = 2 ** 53 - 1;
    await db.insertInto('payments').values({ ...minimalRow('payments'), amount_minor: big, balance_minor: -big, tenant_id: 'big', platform: 'etsy', platform_id: 'p', connection_id: 1, updated_at: T }).execute();
    const stored = await db.selectFrom('payments').select(['amount_minor', 'balance_minor']).where('tenant_id', '=', 'big').executeTakeFirstOrThrow();
    expect([Number(stored.amount_minor), Number(stored.balance_minor)]).toEqual([big, -big]);
  });

  it('makes sync_cursors unique per (connection_id, entity), daily_financials per (tenant_id, dt, currency), financial_days_dirty per (tenant_id, dt)', async () => {
    const cursor = { connection_id: 1, entity: 'orders', cursor_value: '2026-11-29T10:00:00.000Z', updated_at: T };
    await db.insertInto('sync_cursors').values([cursor, { ...cursor, entity: 'listings' }, { ...cursor, connection_id: 2 }]).execute();
    await expect(db.insertInto('sync_cursors').values(cursor).execute()).rejects.toThrow();

    const day = { tenant_id: 'acme', dt: '2026-11-29', currency: 'USD', orders_count: 1, revenue_minor: 1, cogs_minor: 0, gross_profit_minor: 1, updated_at: T };
    await db.insertInto('daily_financials').values([day, { ...day, currency: 'EUR' }, { ...day, tenant_id: 'globex' }]).execute();
    await expect(db.insertInto('daily_financials').values(day).execute()).rejects.toThrow();

    await db.insertInto('financial_days_dirty').values([{ tenant_id: 'acme', dt: '2026-11-29', marked_at: T }, { tenant_id: 'acme', dt: '2026-11-30', marked_at: T }]).execute();
    await expect(db.insertInto('financial_days_dirty').values({ tenant_id: 'acme', dt: '2026-11-29', marked_at: T }).execute()).rejects.toThrow();
  });

  it('compares ids byte for byte on every engine (utf8mb4_bin on MySQL)', async () => {
    const row = (platformId: string) => ({ ...minimalRow('listings'), tenant_id: 'case', platform: 'etsy', platform_id: platformId, connection_id: 1, updated_at: T });
    await db.insertInto('listings').values([row('abc'), row('ABC')]).execute();
    expect(await db.selectFrom('listings').select('platform_id').where('platform_id', '=', 'abc').execute()).toEqual([{ platform_id: 'abc' }]);
  });

  it('creates the lookup indexes', async () => {
    for (const [table, index] of [
      ['orders', 'orders_tenant_external_ref'],
      ['orders', 'orders_tenant_placed_at'],
      ['line_items', 'line_items_order'],
      ['product_variants', 'product_variants_product'],
    ]) {
      const found =
        engine === 'mysql'
          ? await sql`select 1 from information_schema.statistics where table_schema = database() and table_name = ${table} and index_name = ${index}`.execute(db)
          : await sql`select 1 from sqlite_master where type = 'index' and tbl_name = ${table} and name = ${index}`.execute(db);
      expect([table, index, found.rows.length > 0]).toEqual([table, index, true]);
    }
  });

  it('running it again changes nothing (a run cut short on MySQL can be repeated)', async () => {
    const before = await db.selectFrom('orders').selectAll().execute();
    await commerce.up(db);
    expect(await db.selectFrom('orders').selectAll().execute()).toEqual(before);
  });
});

/** The NOT NULL columns of each commerce table besides the common ones. */
function minimalRow(table: string): Record<string, unknown> {
  switch (table) {
    case 'orders':
      return { status: 'paid', currency: 'USD', total_minor: 1, subtotal_minor: 1, shipping_minor: 0, tax_minor: 0, discount_minor: 0, placed_at: T, platform_updated_at: T };
    case 'line_items':
      return { order_platform_id: '1', quantity: 1, currency: 'USD' };
    case 'listings':
      return { title: 't', state: 'active', price_minor: 1, currency: 'USD', quantity: 1, platform_updated_at: T };
    case 'products':
      return { title: 't', platform_updated_at: T };
    case 'product_variants':
      return { product_platform_id: '1', currency: 'USD', is_enabled: 1 };
    case 'payments':
      return { amount_minor: 1, currency: 'USD', balance_minor: 1, ledger_type: 'sale', entry_created_at: T };
    case 'customers':
      return { orders_count: 0, amount_spent_minor: 0, currency: 'USD', platform_updated_at: T };
    default:
      throw new Error(`no row for ${table}`);
  }
}
