import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import type { CommerceOwner } from '../../../lib/commerce/commerce-owner.js';
import { deleteCustomersNotSeenSince, upsertCustomers } from '../../../lib/commerce/customers.repository.js';
import { deleteProductsNotSeenSinceUnlessNewer, upsertProducts, upsertVariants } from '../../../lib/commerce/products.repository.js';
import { clearCommerce, connect, customerRow, productRow, variantRow } from '../../support/commerce-fixtures.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// The sweep after a complete read of a Shopify catalogue (a bulk file: a snapshot taken when the
// read began). Rows the read did not write are gone at Shopify — unless the stored row changed at
// Shopify after the read began (the file's older copy was not written over it): those stay, and so
// do their variants. Another connection's rows are never touched.
const BEFORE = new Date('2026-04-01T10:00:00.000Z');
const READ_START = new Date('2026-04-02T10:00:00.000Z');
const DURING = new Date('2026-04-02T10:05:00.000Z');
const OLD_EDIT = new Date('2026-03-01T00:00:00.000Z');

describeEachEngine('Shopify catalogue sweeps', (engine) => {
  let database: TestDatabase;
  let shop: CommerceOwner;
  let other: CommerceOwner;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await clearCommerce(db());
    shop = await connect(db(), 'acme', 'shopify', 'acme.myshopify.com');
    other = await connect(db(), 'globex', 'shopify', 'acme.myshopify.com');
  });

  const ids = async (table: 'products' | 'product_variants' | 'customers', owner: CommerceOwner) =>
    (await db().selectFrom(table).select('platform_id').where('connection_id', '=', owner.connectionId).orderBy('platform_id').execute()).map((row) => row.platform_id);

  it('products: the unseen ones go with their variants; one changed at Shopify since the read began stays, with its variants; seen variants of a seen product stay, unseen ones go', async () => {
    await inTransaction(db(), async (trx) => {
      for (const owner of [shop, other]) {
        await upsertProducts(trx, owner, [productRow('1', { platformUpdatedAt: OLD_EDIT }), productRow('2', { platformUpdatedAt: OLD_EDIT }), productRow('3', { platformUpdatedAt: OLD_EDIT })], [], BEFORE);
        await upsertVariants(trx, owner, [variantRow('11', '1'), variantRow('12', '1'), variantRow('21', '2'), variantRow('31', '3')], BEFORE);
      }
      // Product 3 changed at Shopify after the read began (an incremental write, or a newer copy stored by another read).
      await upsertProducts(trx, shop, [productRow('3', { platformUpdatedAt: DURING })], [], BEFORE);
    });
    // The read (from READ_START) writes product 1 and its variant 11; it saw nothing of 2 (deleted) and an older copy of 3.
    await inTransaction(db(), async (trx) => {
      await upsertProducts(trx, shop, [productRow('1', { platformUpdatedAt: OLD_EDIT }), productRow('3', { platformUpdatedAt: OLD_EDIT })], [], DURING);
      await upsertVariants(trx, shop, [variantRow('11', '1')], DURING);
      await deleteProductsNotSeenSinceUnlessNewer(trx, shop, READ_START);
    });
    expect(await ids('products', shop)).toEqual(['1', '3']);
    expect(await ids('product_variants', shop)).toEqual(['11', '31']);
    expect(await ids('products', other)).toEqual(['1', '2', '3']);
    expect(await ids('product_variants', other)).toEqual(['11', '12', '21', '31']);
  });

  it('customers: the unseen ones go, one changed at Shopify since the read began stays', async () => {
    await inTransaction(db(), async (trx) => {
      for (const owner of [shop, other]) await upsertCustomers(trx, owner, [customerRow('1', { platformUpdatedAt: OLD_EDIT }), customerRow('2', { platformUpdatedAt: OLD_EDIT }), customerRow('3', { platformUpdatedAt: DURING })], BEFORE);
    });
    await inTransaction(db(), async (trx) => {
      await upsertCustomers(trx, shop, [customerRow('1', { platformUpdatedAt: OLD_EDIT }), customerRow('3', { platformUpdatedAt: OLD_EDIT })], DURING);
      await deleteCustomersNotSeenSince(trx, shop, READ_START);
    });
    expect(await ids('customers', shop)).toEqual(['1', '3']);
    expect(await ids('customers', other)).toEqual(['1', '2', '3']);
  });
});
