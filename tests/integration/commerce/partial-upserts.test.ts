import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import type { CommerceOwner } from '../../../lib/commerce/commerce-owner.js';
import { upsertLineItems, upsertOrders } from '../../../lib/commerce/orders.repository.js';
import { upsertProducts, upsertVariants } from '../../../lib/commerce/products.repository.js';
import { clearCommerce, connect, lineItem, productRow, salesOrder, variantRow } from '../../support/commerce-fixtures.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// An ungrouped bulk file (Shopify, groupObjects false) hands over an order or product in one
// chunk and some of its lines or variants in others: each write must add, never replace the set.
const T1 = new Date('2026-04-01T10:00:00.000Z');
const T2 = new Date('2026-04-02T10:00:00.000Z');
describeEachEngine('partial upserts of lines and variants', (engine) => {
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
    acme = await connect(db(), 'acme', 'shopify', 'acme.myshopify.com');
    globex = await connect(db(), 'globex', 'shopify', 'acme.myshopify.com');
  });

  const lines = async () =>
    (await db().selectFrom('line_items').select(['tenant_id', 'platform_id', 'order_platform_id', 'quantity', 'updated_at']).orderBy('tenant_id').orderBy('platform_id').execute()).map((row) => ({ ...row, quantity: Number(row.quantity) }));
  const variants = async () =>
    (await db().selectFrom('product_variants').select(['tenant_id', 'platform_id', 'product_platform_id', 'price_minor']).orderBy('tenant_id').orderBy('platform_id').execute()).map((row) => ({ ...row, price_minor: Number(row.price_minor) }));

  it('upsertLineItems adds and updates lines, deleting none; a line may come before its order, and the order given without lines keeps them', async () => {
    // Chunk 1: a line whose order comes later in the file.
    await inTransaction(db(), (trx) => upsertLineItems(trx, acme, [lineItem('12', '1', { quantity: 2 })], T1));
    // Chunk 2: the order with none of its lines, then another of its lines; globex's rows of the same ids stay apart.
    await inTransaction(db(), async (trx) => {
      await upsertOrders(trx, acme, [salesOrder('1', '2026-03-01T10:00:00Z', 3000)], [], T2);
      await upsertLineItems(trx, acme, [lineItem('11', '1')], T2);
      await upsertLineItems(trx, globex, [lineItem('12', '1', { quantity: 9 })], T2);
    });
    // Chunk 3: line 12 again, changed: updated in place.
    await inTransaction(db(), (trx) => upsertLineItems(trx, acme, [lineItem('12', '1', { quantity: 5 })], T2));
    expect(await lines()).toEqual([
      { tenant_id: 'acme', platform_id: '11', order_platform_id: '1', quantity: 1, updated_at: '2026-04-02 10:00:00.000' },
      { tenant_id: 'acme', platform_id: '12', order_platform_id: '1', quantity: 5, updated_at: '2026-04-02 10:00:00.000' },
      { tenant_id: 'globex', platform_id: '12', order_platform_id: '1', quantity: 9, updated_at: '2026-04-02 10:00:00.000' },
    ]);
    expect(await db().selectFrom('orders').select(['tenant_id', 'platform_id']).execute()).toEqual([{ tenant_id: 'acme', platform_id: '1' }]);
  });

  it('upsertOrders with lines still treats them as the order’s whole set (existing callers unchanged)', async () => {
    await inTransaction(db(), (trx) => upsertLineItems(trx, acme, [lineItem('11', '1'), lineItem('12', '1')], T1));
    await inTransaction(db(), (trx) => upsertOrders(trx, acme, [salesOrder('1', '2026-03-01T10:00:00Z', 3000)], [lineItem('12', '1')], T2));
    expect((await lines()).map((row) => row.platform_id)).toEqual(['12']);
  });

  it('upsertVariants adds and updates variants, deleting none; a product given without variants keeps the ones it has', async () => {
    await inTransaction(db(), (trx) => upsertVariants(trx, acme, [variantRow('71', '7', { priceMinor: 1000 })], T1));
    await inTransaction(db(), async (trx) => {
      await upsertProducts(trx, acme, [productRow('7')], [], T2);
      await upsertVariants(trx, acme, [variantRow('72', '7')], T2);
      await upsertVariants(trx, globex, [variantRow('71', '7', { priceMinor: 1 })], T2);
    });
    await inTransaction(db(), (trx) => upsertVariants(trx, acme, [variantRow('71', '7', { priceMinor: 1250 })], T2));
    await inTransaction(db(), (trx) => upsertProducts(trx, acme, [productRow('7', { title: 'Mug v2' })], [], T2));
    expect(await variants()).toEqual([
      { tenant_id: 'acme', platform_id: '71', product_platform_id: '7', price_minor: 1250 },
      { tenant_id: 'acme', platform_id: '72', product_platform_id: '7', price_minor: 2200 },
      { tenant_id: 'globex', platform_id: '71', product_platform_id: '7', price_minor: 1 },
    ]);
    expect(await db().selectFrom('products').select(['platform_id', 'title']).execute()).toEqual([{ platform_id: '7', title: 'Mug v2' }]);
  });

  it('upsertProducts with variants still treats them as the product’s whole set, for the products given with variants only', async () => {
    await inTransaction(db(), (trx) => upsertVariants(trx, acme, [variantRow('71', '7'), variantRow('72', '7'), variantRow('81', '8')], T1));
    await inTransaction(db(), (trx) => upsertProducts(trx, acme, [productRow('7'), productRow('8')], [variantRow('72', '7')], T2));
    expect((await variants()).map((row) => row.platform_id)).toEqual(['72', '81']);
  });
});
