import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import { relinkCogs } from '../../../lib/commerce/cogs-linking.js';
import type { CommerceOwner } from '../../../lib/commerce/commerce-owner.js';
import { clearCommerce, cogsOf, connect, printifyOrder, salesOrder, storeOrders } from '../../support/commerce-fixtures.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const NOW = new Date('2026-04-01T00:00:00.000Z');

// DESIGN.md "Tables", COGS of a sales order: Σ total_minor of the same tenant's Printify orders whose
// external_order_ref is its platform_id and whose shop's sales_channel is its platform, without the
// canceled ones; NULL when none links.
describeEachEngine('COGS linking', (engine) => {
  let database: TestDatabase;
  let etsy: CommerceOwner;
  let shopify: CommerceOwner;
  let printifyEtsy: CommerceOwner;
  let printifyShopify: CommerceOwner;
  const db = () => database.db;
  const cogs = (platform = 'etsy', tenant = 'acme') => cogsOf(db(), tenant, platform);

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await clearCommerce(db());
    etsy = await connect(db(), 'acme', 'etsy', 'etsy-shop');
    shopify = await connect(db(), 'acme', 'shopify', 'acme.myshopify.com');
    printifyEtsy = await connect(db(), 'acme', 'printify', 'pf-1', 'etsy');
    printifyShopify = await connect(db(), 'acme', 'printify', 'pf-2', 'shopify');
  });

  describe('whichever side arrives first', () => {
    it('the sales order first: the Printify order links when it arrives', async () => {
      await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000)]);
      expect(await cogs()).toEqual({ '1001': [null, null] });
      await storeOrders(db(), printifyEtsy, [printifyOrder('pf-a', '1001', 1550)]);
      expect(await cogs()).toEqual({ '1001': [1550, 'USD'] });
    });

    it('the Printify order first: the sales order links when it arrives', async () => {
      await storeOrders(db(), printifyEtsy, [printifyOrder('pf-a', '1001', 1550)]);
      await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000)]);
      expect(await cogs()).toEqual({ '1001': [1550, 'USD'] });
    });

    it('re-writing either side again changes nothing', async () => {
      await storeOrders(db(), printifyEtsy, [printifyOrder('pf-a', '1001', 1550)]);
      await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000)]);
      await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000)]);
      await storeOrders(db(), printifyEtsy, [printifyOrder('pf-a', '1001', 1550)]);
      expect(await cogs()).toEqual({ '1001': [1550, 'USD'] });
    });
  });

  it('sums several Printify orders of one sales order, leaving canceled ones out (in any letter case)', async () => {
    await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000), salesOrder('1002', '2026-03-01T11:00:00Z', 800)]);
    await storeOrders(db(), printifyEtsy, [
      printifyOrder('pf-a', '1001', 1550),
      printifyOrder('pf-b', '1001', 700, { status: 'in-production' }),
      printifyOrder('pf-c', '1001', 9000, { status: 'canceled' }),
      printifyOrder('pf-d', '1002', 300, { status: 'Canceled' }),
    ]);
    expect(await cogs()).toEqual({ '1001': [2250, 'USD'], '1002': [null, null] });
  });

  it('a Printify order canceled later leaves the sum; the last one leaves NULL', async () => {
    await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000)]);
    await storeOrders(db(), printifyEtsy, [printifyOrder('pf-a', '1001', 1550), printifyOrder('pf-b', '1001', 700)]);
    await storeOrders(db(), printifyEtsy, [printifyOrder('pf-a', '1001', 1550, { status: 'canceled' })]);
    expect(await cogs()).toEqual({ '1001': [700, 'USD'] });
    await storeOrders(db(), printifyEtsy, [printifyOrder('pf-b', '1001', 700, { status: 'canceled' })]);
    expect(await cogs()).toEqual({ '1001': [null, null] });
  });

  it('a re-pointed Printify order moves its cost from the old sales order to the new one; a ref removed unlinks', async () => {
    await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000), salesOrder('1002', '2026-03-05T10:00:00Z', 5000)]);
    await storeOrders(db(), printifyEtsy, [printifyOrder('pf-a', '1001', 1550)]);
    await storeOrders(db(), printifyEtsy, [printifyOrder('pf-a', '1002', 1550)]);
    expect(await cogs()).toEqual({ '1001': [null, null], '1002': [1550, 'USD'] });
    await storeOrders(db(), printifyEtsy, [printifyOrder('pf-a', null, 1550)]);
    expect(await cogs()).toEqual({ '1001': [null, null], '1002': [null, null] });
  });

  it('links only through the Printify shop’s sales channel: an Etsy receipt and a Shopify order with the same id each get their own shop’s cost', async () => {
    await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000)]);
    await storeOrders(db(), shopify, [salesOrder('1001', '2026-03-01T10:00:00Z', 7000)]);
    await storeOrders(db(), printifyShopify, [printifyOrder('pf-s', '1001', 400)]);
    expect([await cogs('etsy'), await cogs('shopify')]).toEqual([{ '1001': [null, null] }, { '1001': [400, 'USD'] }]);
    await storeOrders(db(), printifyEtsy, [printifyOrder('pf-e', '1001', 1550)]);
    expect([await cogs('etsy'), await cogs('shopify')]).toEqual([{ '1001': [1550, 'USD'] }, { '1001': [400, 'USD'] }]);
  });

  it('a shop without a sales channel, or with another one, links nothing; the channel compares without case', async () => {
    const unknown = await connect(db(), 'acme', 'printify', 'pf-3', null);
    const ebay = await connect(db(), 'acme', 'printify', 'pf-4', 'ebay');
    const capitalised = await connect(db(), 'acme', 'printify', 'pf-5', 'Etsy');
    await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000)]);
    await storeOrders(db(), unknown, [printifyOrder('pf-x', '1001', 111)]);
    await storeOrders(db(), ebay, [printifyOrder('pf-y', '1001', 222)]);
    expect(await cogs()).toEqual({ '1001': [null, null] });
    await storeOrders(db(), capitalised, [printifyOrder('pf-z', '1001', 333)]);
    expect(await cogs()).toEqual({ '1001': [333, 'USD'] });
  });

  it('never links across tenants, even for the same shop and ids', async () => {
    const globexEtsy = await connect(db(), 'globex', 'etsy', 'etsy-shop');
    const globexPrintify = await connect(db(), 'globex', 'printify', 'pf-1', 'etsy');
    await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000)]);
    await storeOrders(db(), globexEtsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000)]);
    await storeOrders(db(), globexPrintify, [printifyOrder('pf-a', '1001', 999)]);
    expect([await cogs('etsy', 'acme'), await cogs('etsy', 'globex')]).toEqual([{ '1001': [null, null] }, { '1001': [999, 'USD'] }]);
    await storeOrders(db(), printifyEtsy, [printifyOrder('pf-a', '1001', 1550)]);
    expect([await cogs('etsy', 'acme'), await cogs('etsy', 'globex')]).toEqual([{ '1001': [1550, 'USD'] }, { '1001': [999, 'USD'] }]);
  });

  it('compares refs as strings: a numeric ref links, but 01001 is not 1001 and ids past 2^53 stay distinct', async () => {
    const huge = '9007199254740993';
    await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000), salesOrder(huge, '2026-03-01T10:00:00Z', 5000)]);
    // Printify's shop_order_id may arrive as a number; a JavaScript caller could pass it through as one.
    await storeOrders(db(), printifyEtsy, [printifyOrder('pf-n', 1001 as unknown as string, 100)]);
    await storeOrders(db(), printifyEtsy, [printifyOrder('pf-z', '01001', 20), printifyOrder('pf-f', '1001.0', 3), printifyOrder('pf-h', '9007199254740992', 4)]);
    expect(await cogs()).toEqual({ '1001': [100, 'USD'], [huge]: [null, null] });
    const stored = await db().selectFrom('orders').select('external_order_ref').where('platform_id', '=', 'pf-n').executeTakeFirstOrThrow();
    expect(stored.external_order_ref).toBe('1001');
  });

  describe('relinkCogs', () => {
    const relink = (refs: Parameters<typeof relinkCogs>[2]) => inTransaction(db(), (trx) => relinkCogs(trx, 'acme', refs, NOW));
    const seed = async () => {
      await storeOrders(db(), etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000), salesOrder('1002', '2026-03-05T23:59:59.999Z', 5000), salesOrder('1003', '2026-03-06T00:00:00Z', 5000)]);
      await storeOrders(db(), printifyEtsy, [printifyOrder('pf-a', '1001', 1550), printifyOrder('pf-b', '1002', 700)]);
    };

    it('repairs stored COGS that drifted, returning the UTC days of the orders it changed, sorted; a second run changes nothing', async () => {
      await seed();
      await db().updateTable('orders').set({ cogs_minor: 1 }).where('platform_id', '=', '1002').execute();
      await db().updateTable('orders').set({ cogs_minor: 5, cogs_currency: 'USD' }).where('platform_id', '=', '1003').execute();
      await db().updateTable('orders').set({ cogs_currency: 'EUR' }).where('platform_id', '=', '1001').execute();
      expect(await relink('all')).toEqual({ changedDays: ['2026-03-01', '2026-03-05', '2026-03-06'] });
      expect(await cogs()).toEqual({ '1001': [1550, 'USD'], '1002': [700, 'USD'], '1003': [null, null] });
      expect(await relink('all')).toEqual({ changedDays: [] });
    });

    it('recomputes only the refs it is given, skipping refs of orders not stored and Printify rows', async () => {
      await seed();
      await db().updateTable('orders').set({ cogs_minor: null, cogs_currency: null }).where('platform', '=', 'etsy').execute();
      expect(await relink([{ platform: 'etsy', platformId: '1002' }, { platform: 'etsy', platformId: 'nope' }, { platform: 'printify', platformId: 'pf-a' }])).toEqual({ changedDays: ['2026-03-05'] });
      expect(await cogs()).toEqual({ '1001': [null, null], '1002': [700, 'USD'], '1003': [null, null] });
      expect(await cogs('printify')).toEqual({ 'pf-a': [null, null], 'pf-b': [null, null] });
    });

    it('stamps updated_at only on the orders it changed', async () => {
      await seed();
      await db().updateTable('orders').set({ cogs_minor: 2 }).where('platform_id', '=', '1001').execute();
      await inTransaction(db(), (trx) => relinkCogs(trx, 'acme', 'all', new Date('2026-04-09T00:00:00.000Z')));
      const after = await db().selectFrom('orders').select(['platform_id', 'updated_at']).where('platform', '=', 'etsy').orderBy('platform_id').execute();
      expect(after.map((row) => [row.platform_id, row.updated_at])).toEqual([
        ['1001', '2026-04-09 00:00:00.000'],
        ['1002', '2026-04-01 00:00:00.000'],
        ['1003', '2026-04-01 00:00:00.000'],
      ]);
    });
  });
});

