import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import type { CommerceOwner } from '../../../lib/commerce/commerce-owner.js';
import { upsertCustomers } from '../../../lib/commerce/customers.repository.js';
import { deleteListingsNotSeenSince, upsertListings } from '../../../lib/commerce/listings.repository.js';
import { upsertPayments } from '../../../lib/commerce/payments.repository.js';
import { deleteProductsNotSeenSince, upsertProducts } from '../../../lib/commerce/products.repository.js';
import { clearCommerce, connect, customerRow, lineItem, listingRow, paymentRow, productRow, salesOrder, storeOrders, variantRow } from '../../support/commerce-fixtures.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const T1 = new Date('2026-04-01T10:00:00.000Z');
const T2 = new Date('2026-04-02T10:00:00.000Z');
describeEachEngine('commerce upserts', (engine) => {
  let database: TestDatabase;
  let acme: CommerceOwner;
  let globex: CommerceOwner;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await clearCommerce(db());
    // The same Etsy shop connected by two tenants.
    acme = await connect(db(), 'acme', 'etsy', 'shop-1');
    globex = await connect(db(), 'globex', 'etsy', 'shop-1');
  });

  it('listings: writing the same rows again changes nothing but updated_at; new values replace old ones', async () => {
    await inTransaction(db(), (trx) => upsertListings(trx, acme, [listingRow('1'), listingRow('2')], T1));
    await inTransaction(db(), (trx) => upsertListings(trx, acme, [listingRow('1'), listingRow('2', { priceMinor: 2700, state: 'sold_out' })], T2));
    const rows = await db().selectFrom('listings').selectAll().orderBy('platform_id').execute();
    expect(rows.map(({ id, ...row }) => ({ ...row, connection_id: Number(row.connection_id), price_minor: Number(row.price_minor) }))).toEqual([
      { tenant_id: 'acme', platform: 'etsy', platform_id: '1', connection_id: acme.connectionId, title: 'Blue mug', state: 'active', price_minor: 2500, currency: 'USD', quantity: 3, platform_updated_at: '2026-03-05 12:30:00.250', updated_at: '2026-04-02 10:00:00.000' },
      { tenant_id: 'acme', platform: 'etsy', platform_id: '2', connection_id: acme.connectionId, title: 'Blue mug', state: 'sold_out', price_minor: 2700, currency: 'USD', quantity: 3, platform_updated_at: '2026-03-05 12:30:00.250', updated_at: '2026-04-02 10:00:00.000' },
    ]);
  });

  it('the same platform id for two tenants is two rows; one tenant’s write never touches the other’s', async () => {
    await inTransaction(db(), (trx) => upsertListings(trx, acme, [listingRow('1')], T1));
    await inTransaction(db(), (trx) => upsertListings(trx, globex, [listingRow('1', { title: 'Globex mug' })], T2));
    await inTransaction(db(), (trx) => upsertPayments(trx, acme, [paymentRow('9')], T1));
    await inTransaction(db(), (trx) => upsertPayments(trx, globex, [paymentRow('9', { amountMinor: -1 })], T1));
    await storeOrders(db(), acme, [salesOrder('500', '2026-03-01T10:00:00Z', 1000)], [lineItem('5001', '500')]);
    await storeOrders(db(), globex, [salesOrder('500', '2026-03-01T10:00:00Z', 9999)], [lineItem('5001', '500', { quantity: 4 })]);

    const pick = async (table: 'listings' | 'payments' | 'orders' | 'line_items', column: 'title' | 'amount_minor' | 'total_minor' | 'quantity') =>
      (await db().selectFrom(table).select(['tenant_id', 'connection_id', column as 'title']).orderBy('tenant_id').execute()).map((row) => [row.tenant_id, Number(row.connection_id), (row as Record<string, unknown>)[column]]);
    expect(await pick('listings', 'title')).toEqual([['acme', acme.connectionId, 'Blue mug'], ['globex', globex.connectionId, 'Globex mug']]);
    expect((await pick('payments', 'amount_minor')).map(([t, c, v]) => [t, c, Number(v)])).toEqual([['acme', acme.connectionId, -125], ['globex', globex.connectionId, -1]]);
    expect((await pick('orders', 'total_minor')).map(([t, c, v]) => [t, c, Number(v)])).toEqual([['acme', acme.connectionId, 1000], ['globex', globex.connectionId, 9999]]);
    expect((await pick('line_items', 'quantity')).map(([t, c, v]) => [t, c, Number(v)])).toEqual([['acme', acme.connectionId, 1], ['globex', globex.connectionId, 4]]);
  });

  it('products and variants: booleans stored as 1/0, nullable columns kept null, re-writes idempotent', async () => {
    const printify = await connect(db(), 'acme', 'printify', 'shop-9', 'etsy');
    const write = (now: Date, enabled: boolean) =>
      inTransaction(db(), (trx) => upsertProducts(trx, printify, [productRow('abc')], [variantRow('abc:1', 'abc'), variantRow('abc:2', 'abc', { isEnabled: enabled, sku: null, priceMinor: null, costMinor: null })], now));
    await write(T1, false);
    await write(T2, false);
    expect(await db().selectFrom('products').select(['platform_id', 'title', 'status', 'vendor', 'print_provider_id', 'platform_updated_at']).execute()).toEqual([
      { platform_id: 'abc', title: 'Tee', status: null, vendor: null, print_provider_id: '29', platform_updated_at: '2026-03-05 12:30:00.250' },
    ]);
    const variants = async () =>
      (await db().selectFrom('product_variants').select(['platform_id', 'product_platform_id', 'sku', 'price_minor', 'cost_minor', 'is_enabled']).orderBy('platform_id').execute()).map((row) => ({
        ...row,
        price_minor: row.price_minor === null ? null : Number(row.price_minor),
        cost_minor: row.cost_minor === null ? null : Number(row.cost_minor),
        is_enabled: Number(row.is_enabled),
      }));
    expect(await variants()).toEqual([
      { platform_id: 'abc:1', product_platform_id: 'abc', sku: 'TEE-S', price_minor: 2200, cost_minor: 1050, is_enabled: 1 },
      { platform_id: 'abc:2', product_platform_id: 'abc', sku: null, price_minor: null, cost_minor: null, is_enabled: 0 },
    ]);
    await write(T2, true);
    expect((await variants())[1]!.is_enabled).toBe(1);
  });

  it('variants: those given with a product are its whole set — one removed at the vendor is deleted, other products keep theirs', async () => {
    const printify = await connect(db(), 'acme', 'printify', 'shop-9', 'etsy');
    await inTransaction(db(), (trx) => upsertProducts(trx, printify, [productRow('abc'), productRow('def')], [variantRow('abc:1', 'abc'), variantRow('abc:2', 'abc'), variantRow('def:1', 'def')], T1));
    await inTransaction(db(), (trx) => upsertProducts(trx, printify, [productRow('abc')], [variantRow('abc:2', 'abc')], T2));
    expect(await db().selectFrom('product_variants').select(['platform_id']).orderBy('platform_id').execute()).toEqual([{ platform_id: 'abc:2' }, { platform_id: 'def:1' }]);
  });

  it('a complete read’s final step deletes the connection’s listings and products it did not write; other tenants’ and connections’ rows stay', async () => {
    const printify = await connect(db(), 'acme', 'printify', 'shop-9', 'etsy');
    const otherShop = await connect(db(), 'acme', 'printify', 'shop-10', 'etsy');
    await inTransaction(db(), async (trx) => {
      await upsertListings(trx, acme, [listingRow('1'), listingRow('2')], T1);
      await upsertListings(trx, globex, [listingRow('1')], T1);
      await upsertProducts(trx, printify, [productRow('abc'), productRow('def')], [variantRow('abc:1', 'abc'), variantRow('def:1', 'def')], T1);
      await upsertProducts(trx, otherShop, [productRow('ghi')], [variantRow('ghi:1', 'ghi')], T1);
    });
    // The read started at T2 and saw listing 2 and product def only.
    await inTransaction(db(), async (trx) => {
      await upsertListings(trx, acme, [listingRow('2')], T2);
      await upsertProducts(trx, printify, [productRow('def')], [variantRow('def:1', 'def')], T2);
      await deleteListingsNotSeenSince(trx, acme, T2);
      await deleteProductsNotSeenSince(trx, printify, T2);
    });
    expect(await db().selectFrom('listings').select(['tenant_id', 'platform_id']).orderBy('tenant_id').orderBy('platform_id').execute()).toEqual([
      { tenant_id: 'acme', platform_id: '2' },
      { tenant_id: 'globex', platform_id: '1' },
    ]);
    expect(await db().selectFrom('products').select('platform_id').orderBy('platform_id').execute()).toEqual([{ platform_id: 'def' }, { platform_id: 'ghi' }]);
    expect(await db().selectFrom('product_variants').select('platform_id').orderBy('platform_id').execute()).toEqual([{ platform_id: 'def:1' }, { platform_id: 'ghi:1' }]);
  });

  it('payments and customers keep negative and large money exactly', async () => {
    const big = Number.MAX_SAFE_INTEGER;
    await inTransaction(db(), (trx) => upsertPayments(trx, acme, [paymentRow('1', { amountMinor: -big, balanceMinor: big })], T1));
    const shopify = await connect(db(), 'acme', 'shopify', 'acme.myshopify.com');
    await inTransaction(db(), (trx) => upsertCustomers(trx, shopify, [customerRow('c1', { amountSpentMinor: big }), customerRow('c2', { email: null, firstName: null, lastName: null })], T1));
    await inTransaction(db(), (trx) => upsertCustomers(trx, shopify, [customerRow('c1', { amountSpentMinor: big, ordersCount: 3 })], T2));
    const paid = await db().selectFrom('payments').select(['amount_minor', 'balance_minor', 'entry_created_at', 'reference_id']).executeTakeFirstOrThrow();
    expect([Number(paid.amount_minor), Number(paid.balance_minor), paid.entry_created_at, paid.reference_id]).toEqual([-big, big, '2026-03-05 12:30:00.250', '77']);
    const customers = await db().selectFrom('customers').select(['platform_id', 'email', 'orders_count', 'amount_spent_minor', 'updated_at']).orderBy('platform_id').execute();
    expect(customers.map((row) => [row.platform_id, row.email, Number(row.orders_count), Number(row.amount_spent_minor), row.updated_at])).toEqual([
      ['c1', 'a@example.com', 3, big, '2026-04-02 10:00:00.000'],
      ['c2', null, 2, 5000, '2026-04-01 10:00:00.000'],
    ]);
  });

  it('orders: a re-write replaces values but never the key; COGS is left to COGS linking, which clears a value no Printify order explains', async () => {
    await storeOrders(db(), acme, [salesOrder('500', '2026-03-01T10:00:00Z', 1000)]);
    await db().updateTable('orders').set({ cogs_minor: 333, cogs_currency: 'USD' }).execute();
    await storeOrders(db(), acme, [salesOrder('500', '2026-03-01T10:00:00Z', 1200, { status: 'Completed' })], [], T2);
    const row = await db().selectFrom('orders').selectAll().executeTakeFirstOrThrow();
    expect({ ...row, id: undefined, connection_id: Number(row.connection_id), total_minor: Number(row.total_minor) }).toMatchObject({
      tenant_id: 'acme', platform: 'etsy', platform_id: '500', connection_id: acme.connectionId, status: 'Completed', total_minor: 1200, placed_at: '2026-03-01 10:00:00.000', external_order_ref: null, cogs_minor: null, cogs_currency: null, updated_at: '2026-04-02 10:00:00.000',
    });
  });

  it('line items: the lines given are the order’s whole set; an order given without lines keeps its own', async () => {
    await storeOrders(db(), acme, [salesOrder('500', '2026-03-01T10:00:00Z', 1000), salesOrder('501', '2026-03-01T11:00:00Z', 1000)], [lineItem('a', '500'), lineItem('b', '500'), lineItem('c', '501')]);
    await storeOrders(db(), acme, [salesOrder('500', '2026-03-01T10:00:00Z', 1000), salesOrder('501', '2026-03-01T11:00:00Z', 1000)], [lineItem('a', '500', { quantity: 2 })]);
    const lines = await db().selectFrom('line_items').select(['platform_id', 'order_platform_id', 'quantity']).orderBy('platform_id').execute();
    expect(lines).toEqual([
      { platform_id: 'a', order_platform_id: '500', quantity: 2 },
      { platform_id: 'c', order_platform_id: '501', quantity: 1 },
    ]);
  });

  it('orders and lines: writing the same page twice leaves the same rows', async () => {
    const page = [salesOrder('1', '2026-03-01T10:00:00Z', 1000), salesOrder('2', '2026-03-02T10:00:00Z', 2000)];
    const lines = [lineItem('11', '1'), lineItem('21', '2'), lineItem('22', '2')];
    await storeOrders(db(), acme, page, lines, T1);
    const snapshot = async () => ({
      orders: await db().selectFrom('orders').selectAll().orderBy('id').execute(),
      lines: await db().selectFrom('line_items').selectAll().orderBy('id').execute(),
    });
    const first = await snapshot();
    await storeOrders(db(), acme, page, lines, T1);
    expect(await snapshot()).toEqual(first);
    expect(first.orders).toHaveLength(2);
    expect(first.lines).toHaveLength(3);
  });
});
