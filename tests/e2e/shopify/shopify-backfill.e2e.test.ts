import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeEachEngine } from '../../support/engines.js';
import { ADMIN, CRON, startCommerceRig, tablesVsTruth, type CommerceRig } from '../../support/commerce-rig.js';

// Shopify over HTTP, against its simulator: OAuth (HMAC-signed redirect) → bulk-operation backfill
// (orders, then products, then customers) → every table equals the simulator's truth in USD, JPY and
// a three-decimal currency; daily_financials carries Shopify revenue; changes arrive through the
// sync cron's cost-paced updated_at queries.
const TENANT = 'acme';
const SHOPS = [
  { name: 'usd-store', currency: 'USD', orders: 180, products: 12, customers: 40, historyDays: 200 },
  { name: 'jpy-store', currency: 'JPY', orders: 60, products: 6, customers: 15, historyDays: 90, timezone: 'Asia/Tokyo' },
  { name: 'kwd-store', currency: 'KWD', orders: 50, products: 5, customers: 12, historyDays: 45, bucket: { capacity: 1_000, restorePerSecond: 50 } },
];

describeEachEngine('Shopify backfill end to end', (engine) => {
  let rig: CommerceRig;

  beforeAll(async () => {
    rig = await startCommerceRig({
      engine,
      shopify: { shops: SHOPS, bulkPollsToComplete: 2 },
      // A Printify shop selling on Shopify fulfils every third order of the USD store: COGS links to them.
      printify: (_etsy, shopify) => {
        const sold = shopify!.truth('usd-store').orders.map((o) => o.platform_id);
        return { accounts: [{ name: 'merchant', shops: [{ title: 'Shopify Fulfilment', sales_channel: 'shopify', orders: 40, products: 4, historyDays: 90, salesOrderIds: sold.filter((_, i) => i % 3 === 0) }] }] };
      },
      env: { DISPATCH_CONCURRENCY: '3', PRINTIFY_REQUESTS_PER_MINUTE: '3000' },
    });
  });
  afterAll(() => rig?.close());

  it('connects three stores, backfills them with bulk operations, and the tables equal the ground truth', async () => {
    for (const shop of SHOPS) {
      const connected = await rig.connectShopify(TENANT, shop.name);
      expect(connected.status).toBe(200);
      expect(connected.body).toMatchObject({ account_id: `${shop.name}.myshopify.com`, shop: `${shop.name}.myshopify.com`, backfill_enqueued: 3 });
    }
    await rig.dispatchUntilIdle(200);
    for (const shop of SHOPS) {
      const { stored, truth } = await tablesVsTruth(rig, 'shopify', TENANT, `${shop.name}.myshopify.com`);
      expect(stored).toEqual(truth);
      expect((stored.orders as unknown[]).length).toBe(shop.orders);
    }
    const stats = rig.shopify!.stats();
    expect(stats.bulkOperations).toBe(9); // one per entity per store: the history came from bulk files, not pages
    const jobs = await rig.call(`/api/admin/backfill/jobs?tenant_id=${TENANT}&platform=shopify&type=data-collection`, { token: ADMIN });
    expect(jobs.body.jobs.map((j: { status: string }) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const job = await rig.call(`/api/admin/backfill/${jobs.body.jobs[0].id}`, { token: ADMIN });
    expect(job.body.entities.map((e: { entity: string; status: string }) => [e.entity, e.status])).toEqual([
      ['orders', 'succeeded'],
      ['products', 'succeeded'],
      ['customers', 'succeeded'],
    ]);
  });

  it('links COGS from the Printify orders that fulfil Shopify orders (same rule as Etsy)', async () => {
    const printifyShop = String(rig.printify.shopIdsOf('merchant')[0]);
    expect((await rig.connectPrintify(TENANT, 'merchant', printifyShop)).status).toBe(200);
    await rig.dispatchUntilIdle(100);
    const sold = new Set(rig.shopify!.truth('usd-store').orders.map((o) => o.platform_id));
    // The simulated shop also fulfils orders of sales channels' stores Sluice does not hold: those link to nothing.
    const fulfilment = rig.printify.truth(printifyShop).orders.filter((o) => o.external_order_ref !== null && sold.has(o.external_order_ref) && o.status !== 'canceled');
    const expected = new Map<string, number>();
    for (const o of fulfilment) expected.set(o.external_order_ref!, (expected.get(o.external_order_ref!) ?? 0) + o.total_minor);
    expect(expected.size).toBeGreaterThan(5);
    const rows = await rig.db.selectFrom('orders').select(['platform_id', 'cogs_minor', 'cogs_currency']).where('tenant_id', '=', TENANT).where('platform', '=', 'shopify').execute();
    const linked = rows.filter((r) => r.cogs_minor !== null).map((r) => [r.platform_id, Number(r.cogs_minor), r.cogs_currency]);
    expect(linked.sort()).toEqual([...expected].map(([id, cogs]) => [id, cogs, 'USD']).sort());
  });

  it('rolls Shopify revenue into daily_financials, leaving out refunded and voided orders', async () => {
    const truth = rig.shopify!.truth('usd-store');
    const counted = truth.orders.filter((o) => o.status !== 'REFUNDED' && o.status !== 'VOIDED');
    const expected = counted.reduce((sum, o) => sum + o.total_minor, 0);
    const rows = await rig.db.selectFrom('daily_financials').select(['currency', 'revenue_minor', 'orders_count']).where('tenant_id', '=', TENANT).where('currency', '=', 'USD').execute();
    expect(rows.reduce((sum, r) => sum + Number(r.revenue_minor), 0)).toBe(expected);
    expect(rows.reduce((sum, r) => sum + Number(r.orders_count), 0)).toBe(counted.length);
    const cogs = await rig.db.selectFrom('orders').select('cogs_minor').where('tenant_id', '=', TENANT).where('platform', '=', 'shopify').where('currency', '=', 'USD').where('status', 'not in', ['REFUNDED', 'VOIDED']).execute();
    const usdRows = await rig.db.selectFrom('daily_financials').select(['cogs_minor', 'gross_profit_minor']).where('tenant_id', '=', TENANT).where('currency', '=', 'USD').execute();
    expect(usdRows.reduce((sum, r) => sum + Number(r.cogs_minor), 0)).toBe(cogs.reduce((sum, r) => sum + Number(r.cogs_minor ?? 0), 0));
    const kwd = await rig.db.selectFrom('daily_financials').select('revenue_minor').where('tenant_id', '=', TENANT).where('currency', '=', 'KWD').execute();
    expect(kwd.reduce((sum, r) => sum + Number(r.revenue_minor), 0)).toBe(rig.shopify!.truth('kwd-store').orders.filter((o) => o.status !== 'REFUNDED' && o.status !== 'VOIDED').reduce((s, o) => s + o.total_minor, 0));
  });

  it('brings changes in through the sync cron (updated_at queries, no bulk operation)', async () => {
    const bulkBefore = rig.shopify!.stats().bulkOperations;
    const someOrder = rig.shopify!.truth('usd-store').orders[3]!.platform_id;
    rig.shopify!.updateOrder('usd-store', someOrder, { status: 'REFUNDED' });
    const added = rig.shopify!.addOrders('usd-store', 4);
    const someProduct = rig.shopify!.truth('usd-store').products[0]!.platform_id;
    rig.shopify!.updateProduct('usd-store', someProduct, { title: 'Renamed in Shopify' });
    const someCustomer = rig.shopify!.truth('usd-store').customers[0]!.platform_id;
    rig.shopify!.updateCustomer('usd-store', someCustomer, { firstName: 'Renamed' });
    // The sync cron's slot must be a new one: backfills' cursors were set just now.
    const sync = await rig.call('/api/jobs/sync', { method: 'POST', token: CRON });
    expect(sync.status).toBe(200);
    await rig.dispatchUntilIdle(100);
    const { stored, truth } = await tablesVsTruth(rig, 'shopify', TENANT, 'usd-store.myshopify.com');
    expect(stored).toEqual(truth);
    expect((stored.orders as { platform_id: string }[]).map((o) => o.platform_id)).toEqual(expect.arrayContaining(added));
    expect(rig.shopify!.stats().bulkOperations).toBe(bulkBefore);
  });

  it('a sync whose last complete read is a week old reads the catalogue whole and removes what Shopify deleted', async () => {
    const truth = rig.shopify!.truth('usd-store');
    const goneProduct = truth.products[1]!.platform_id;
    const goneCustomer = truth.customers[2]!.platform_id;
    rig.shopify!.deleteProduct('usd-store', goneProduct);
    rig.shopify!.deleteCustomer('usd-store', goneCustomer);
    const bulkBefore = rig.shopify!.stats().bulkOperations;
    const connection = await rig.db.selectFrom('connections').select('id').where('external_account_id', '=', 'usd-store.myshopify.com').executeTakeFirstOrThrow();
    await rig.db.updateTable('sync_cursors').set({ full_read_at: new Date(Date.now() - 8 * 86_400_000).toISOString() }).where('connection_id', '=', connection.id).execute();
    // As in a later slot than the previous sync's: that slot's finished tasks no longer hold its keys.
    await rig.db.deleteFrom('job_tasks').where('dedupe_key', 'like', '%:sync:%').where('status', '=', 'succeeded').execute();
    expect((await rig.call('/api/jobs/sync', { method: 'POST', token: CRON })).status).toBe(200);
    await rig.dispatchUntilIdle(100);
    const { stored, truth: after } = await tablesVsTruth(rig, 'shopify', TENANT, 'usd-store.myshopify.com');
    expect(stored).toEqual(after);
    expect((stored.products as { platform_id: string }[]).map((p) => p.platform_id)).not.toContain(goneProduct);
    expect((stored.customers as { platform_id: string }[]).map((c) => c.platform_id)).not.toContain(goneCustomer);
    expect((stored.product_variants as { product_platform_id: string }[]).map((v) => v.product_platform_id)).not.toContain(goneProduct);
    // Products and customers were read whole (a bulk operation each); orders stayed incremental.
    expect(rig.shopify!.stats().bulkOperations - bulkBefore).toBe(2);
  });
});
