import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import { upsertRows } from '../../../db/upsert.js';
import { toDbTime } from '../../../db/values.js';
import type { CommerceOwner } from '../../../lib/commerce/commerce-owner.js';
import { upsertCustomers, type CustomerRow } from '../../../lib/commerce/customers.repository.js';
import { upsertListings, type ListingRow } from '../../../lib/commerce/listings.repository.js';
import { upsertProducts, type ProductRow } from '../../../lib/commerce/products.repository.js';
import { clearCommerce, cogsOf, connect, customerRow, lineItem, listingRow, printifyOrder, productRow, salesOrder, storeOrders } from '../../support/commerce-fixtures.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// Two tasks of one entity can run at once (a forced re-run beside the hourly sync, a Printify full
// re-read beside a lookback sync): the one that commits last may carry the older snapshot. A row
// is overwritten only by a snapshot at least as new as the stored one (equal overwrites: Printify
// orders have no updated_at, a cancel keeps platform_updated_at).
const OLD = new Date('2026-03-05T12:00:00.000Z');
const NEW = new Date('2026-03-06T12:00:00.000Z');
const T1 = new Date('2026-04-01T10:00:00.000Z');
const T2 = new Date('2026-04-02T10:00:00.000Z');

// The rows as the vendor sent them at NEW, unless a test sends an older or newer snapshot.
const listing = (platformId: string, extra: Partial<ListingRow> = {}) => listingRow(platformId, { platformUpdatedAt: NEW, ...extra });
const product = (platformId: string, extra: Partial<ProductRow> = {}) => productRow(platformId, { platformUpdatedAt: NEW, ...extra });
const customer = (platformId: string, extra: Partial<CustomerRow> = {}) => customerRow(platformId, { platformUpdatedAt: NEW, ...extra });

describeEachEngine('stale snapshots never overwrite newer rows', (engine) => {
  let database: TestDatabase;
  let etsy: CommerceOwner;
  let printify: CommerceOwner;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await clearCommerce(db());
    etsy = await connect(db(), 'acme', 'etsy', 'shop-1');
    printify = await connect(db(), 'acme', 'printify', 'pf-1', 'etsy');
  });

  const listings = async () =>
    (await db().selectFrom('listings').select(['platform_id', 'title', 'state', 'price_minor', 'platform_updated_at', 'updated_at']).orderBy('platform_id').execute()).map((row) => ({
      ...row,
      price_minor: Number(row.price_minor),
    }));

  it('listings: an older snapshot leaves the row whole; an equal or newer one replaces every column', async () => {
    await inTransaction(db(), (trx) => upsertListings(trx, etsy, [listing('1'), listing('2'), listing('3')], T1));
    await inTransaction(db(), (trx) =>
      upsertListings(trx, etsy, [listing('1', { title: 'stale', priceMinor: 1, platformUpdatedAt: OLD }), listing('2', { state: 'sold_out' }), listing('3', { title: 'newer', priceMinor: 2700, platformUpdatedAt: new Date('2026-03-07T00:00:00.000Z') })], T2),
    );
    expect(await listings()).toEqual([
      { platform_id: '1', title: 'Blue mug', state: 'active', price_minor: 2500, platform_updated_at: '2026-03-06 12:00:00.000', updated_at: '2026-04-01 10:00:00.000' },
      { platform_id: '2', title: 'Blue mug', state: 'sold_out', price_minor: 2500, platform_updated_at: '2026-03-06 12:00:00.000', updated_at: '2026-04-02 10:00:00.000' },
      { platform_id: '3', title: 'newer', state: 'active', price_minor: 2700, platform_updated_at: '2026-03-07 00:00:00.000', updated_at: '2026-04-02 10:00:00.000' },
    ]);
  });

  it('upsertRows: the version column named first still guards the columns after it (MySQL assigns left to right)', async () => {
    const row = (title: string, version: Date, now: Date) => ({
      platform_updated_at: toDbTime(version), tenant_id: 'acme', platform: 'etsy', platform_id: '1', connection_id: etsy.connectionId, title, state: 'active', price_minor: 1, currency: 'USD', quantity: 1, updated_at: toDbTime(now),
    });
    const write = (title: string, version: Date, now: Date) =>
      upsertRows(db(), 'listings', [row(title, version, now)], { key: ['tenant_id', 'platform', 'platform_id'], update: ['platform_updated_at', 'title', 'updated_at'], unlessOlder: 'platform_updated_at' });
    await write('new', NEW, T1);
    await write('stale', OLD, T2);
    expect(await db().selectFrom('listings').select(['title', 'platform_updated_at', 'updated_at']).execute()).toEqual([{ title: 'new', platform_updated_at: '2026-03-06 12:00:00.000', updated_at: '2026-04-01 10:00:00.000' }]);
    await write('newer', new Date('2026-03-07T00:00:00.000Z'), T2);
    expect(await db().selectFrom('listings').select(['title', 'platform_updated_at', 'updated_at']).execute()).toEqual([{ title: 'newer', platform_updated_at: '2026-03-07 00:00:00.000', updated_at: '2026-04-02 10:00:00.000' }]);
  });

  it('products and customers: an older snapshot is ignored, a newer one applied', async () => {
    const shopify = await connect(db(), 'acme', 'shopify', 'acme.myshopify.com');
    await inTransaction(db(), (trx) => upsertProducts(trx, printify, [product('abc'), product('def')], [], T1));
    await inTransaction(db(), (trx) => upsertProducts(trx, printify, [product('abc', { title: 'stale', platformUpdatedAt: OLD }), product('def', { title: 'Tee v2', platformUpdatedAt: new Date('2026-03-08T00:00:00.000Z') })], [], T2));
    expect(await db().selectFrom('products').select(['platform_id', 'title', 'platform_updated_at']).orderBy('platform_id').execute()).toEqual([
      { platform_id: 'abc', title: 'Tee', platform_updated_at: '2026-03-06 12:00:00.000' },
      { platform_id: 'def', title: 'Tee v2', platform_updated_at: '2026-03-08 00:00:00.000' },
    ]);
    await inTransaction(db(), (trx) => upsertCustomers(trx, shopify, [customer('c1')], T1));
    await inTransaction(db(), (trx) => upsertCustomers(trx, shopify, [customer('c1', { ordersCount: 1, platformUpdatedAt: OLD })], T2));
    expect(Number((await db().selectFrom('customers').select('orders_count').executeTakeFirstOrThrow()).orders_count)).toBe(2);
  });

  it('orders: a column the row carries after platform_updated_at (external_order_ref) follows the same rule (MySQL assigns left to right)', async () => {
    await storeOrders(db(), printify, [printifyOrder('pf-a', '1001', 1500, { platformUpdatedAt: NEW }), printifyOrder('pf-b', '2001', 700, { platformUpdatedAt: NEW })]);
    await storeOrders(db(), printify, [
      printifyOrder('pf-a', '1999', 1, { status: 'on-hold', platformUpdatedAt: OLD }),
      printifyOrder('pf-b', '2002', 800, { status: 'canceled', platformUpdatedAt: new Date('2026-03-09T00:00:00.000Z') }),
    ], [], T2);
    const rows = await db().selectFrom('orders').select(['platform_id', 'status', 'total_minor', 'external_order_ref', 'platform_updated_at', 'updated_at']).orderBy('platform_id').execute();
    expect(rows.map((row) => ({ ...row, total_minor: Number(row.total_minor) }))).toEqual([
      { platform_id: 'pf-a', status: 'fulfilled', total_minor: 1500, external_order_ref: '1001', platform_updated_at: '2026-03-06 12:00:00.000', updated_at: '2026-04-01 00:00:00.000' },
      { platform_id: 'pf-b', status: 'canceled', total_minor: 800, external_order_ref: '2002', platform_updated_at: '2026-03-09 00:00:00.000', updated_at: '2026-04-02 10:00:00.000' },
    ]);
  });

  it('orders: an equal platform_updated_at overwrites (a Printify cancel keeps its timestamp) and relinks COGS', async () => {
    await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000)]);
    await storeOrders(db(), printify, [printifyOrder('pf-a', '1001', 1550)]);
    expect(await cogsOf(db(), 'acme', 'etsy')).toEqual({ '1001': [1550, 'USD'] });
    await storeOrders(db(), printify, [printifyOrder('pf-a', '1001', 1550, { status: 'canceled' })], [], T2);
    expect(await cogsOf(db(), 'acme', 'etsy')).toEqual({ '1001': [null, null] });
  });

  it('orders: a stale order keeps its lines (none replaced, none deleted) while a fresh order of the same write takes its new ones', async () => {
    const fresh = salesOrder('500', '2026-03-01T10:00:00Z', 1000, { platformUpdatedAt: NEW });
    const other = salesOrder('501', '2026-03-01T11:00:00Z', 1000, { platformUpdatedAt: NEW });
    await storeOrders(db(), etsy, [fresh, other], [lineItem('a', '500', { quantity: 2 }), lineItem('b', '500'), lineItem('c', '501')]);
    await storeOrders(
      db(),
      etsy,
      [{ ...fresh, totalMinor: 1, platformUpdatedAt: OLD }, { ...other, platformUpdatedAt: new Date('2026-03-07T00:00:00.000Z') }],
      [lineItem('a', '500', { quantity: 9 }), lineItem('d', '501', { quantity: 5 })],
      T2,
    );
    expect(await db().selectFrom('line_items').select(['platform_id', 'order_platform_id', 'quantity']).orderBy('platform_id').execute()).toEqual([
      { platform_id: 'a', order_platform_id: '500', quantity: 2 },
      { platform_id: 'b', order_platform_id: '500', quantity: 1 },
      { platform_id: 'd', order_platform_id: '501', quantity: 5 },
    ]);
    expect(Number((await db().selectFrom('orders').select('total_minor').where('platform_id', '=', '500').executeTakeFirstOrThrow()).total_minor)).toBe(1000);
  });

  it('orders: a stale sales order marks no day dirty; a stale Printify order neither relinks nor unlinks COGS', async () => {
    await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000, { platformUpdatedAt: NEW }), salesOrder('1002', '2026-03-01T11:00:00Z', 800)]);
    await storeOrders(db(), printify, [printifyOrder('pf-a', '1001', 1550, { platformUpdatedAt: NEW })]);
    await db().deleteFrom('financial_days_dirty').execute();

    // The older snapshots: the sales order on another day with another total, the Printify order fulfilling 1002.
    await storeOrders(db(), etsy, [salesOrder('1001', '2026-02-20T10:00:00Z', 4000, { platformUpdatedAt: OLD })], [], T2);
    await storeOrders(db(), printify, [printifyOrder('pf-a', '1002', 999, { platformUpdatedAt: OLD })], [], T2);
    expect(await db().selectFrom('financial_days_dirty').select('dt').execute()).toEqual([]);
    expect(await cogsOf(db(), 'acme', 'etsy')).toEqual({ '1001': [1550, 'USD'], '1002': [null, null] });
  });
});
