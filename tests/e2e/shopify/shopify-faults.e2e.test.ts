import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeEachEngine } from '../../support/engines.js';
import { ADMIN, CRON, startCommerceRig, tablesVsTruth, type CommerceRig } from '../../support/commerce-rig.js';

// Shopify's hard cases over HTTP: a redirect whose HMAC, shop or state is wrong is refused before
// anything is written; a store granted without read_all_orders gets the last 60 days and the
// limitation on its connection, not an error loop; a failed bulk operation falls back to pages;
// a missing read_customers scope fails that entity alone; a throttled store (small bucket) is paced
// so that Shopify answers THROTTLED to at most 1% of the queries.
const TENANT = 'hard';
const SHOPS = [
  { name: 'plain-store', currency: 'USD', orders: 40, products: 4, customers: 8, historyDays: 200 },
  { name: 'recent-store', currency: 'USD', orders: 90, products: 4, customers: 8, historyDays: 240 },
  { name: 'failing-store', currency: 'JPY', orders: 70, products: 5, customers: 9, historyDays: 100 },
  { name: 'noscope-store', currency: 'USD', orders: 30, products: 3, customers: 6, historyDays: 50 },
  { name: 'orphan-store', currency: 'USD', orders: 20, products: 6, customers: 4, historyDays: 30 },
  { name: 'gone-file-store', currency: 'USD', orders: 35, products: 4, customers: 6, historyDays: 30 },
  { name: 'tight-store', currency: 'USD', orders: 30, products: 3, customers: 5, historyDays: 30, bucket: { capacity: 1_000, restorePerSecond: 400 } },
];
const ALL_SCOPES = ['read_orders', 'read_all_orders', 'read_products', 'read_customers'];

describeEachEngine('Shopify faults end to end', (engine) => {
  let rig: CommerceRig;

  beforeAll(async () => {
    rig = await startCommerceRig({ engine, shopify: { shops: SHOPS, bulkPollsToComplete: 1 }, env: { DISPATCH_CONCURRENCY: '3' } });
  });
  afterAll(() => rig?.close());

  it('refuses a start for a host that is not a *.myshopify.com shop, and a redirect with a bad HMAC, another shop or a used state, writing nothing for the refused ones', async () => {
    for (const shop of ['evil.com', 'plain-store.myshopify.com.evil.com', 'plain-store.myshopify.com%2eevil.com', 'plain-store.myshopify.com:443', 'user@plain-store.myshopify.com']) {
      const start = await rig.call(`/api/oauth/shopify/start?tenant_id=${TENANT}&shop=${encodeURIComponent(shop)}`, { token: ADMIN });
      expect(start.status).toBe(400);
      expect(JSON.stringify(start.body)).toContain('shop');
    }
    const noShop = await rig.call(`/api/oauth/shopify/start?tenant_id=${TENANT}`, { token: ADMIN });
    expect(noShop.status).toBe(400);

    const start = await rig.call(`/api/oauth/shopify/start?tenant_id=${TENANT}&shop=plain-store.myshopify.com`, { token: ADMIN });
    expect(start.status).toBe(200);
    const consentUrl = new URL(start.body.authorize_url);
    expect(consentUrl.searchParams.get('scope')).toBe(ALL_SCOPES.join(','));
    const back = await rig.consent(start.body.authorize_url, {});
    const tampered = new URLSearchParams(back);
    tampered.set('code', `${back.get('code')}x`);
    expect((await rig.call('/api/oauth/shopify/exchange', { token: ADMIN, body: { query: tampered.toString() } })).status).toBe(400);
    // A genuine redirect for another store, carrying this flow's state: signed, but not the store the flow was started for.
    const other = new URL(rig.shopify!.issueCode('recent-store', { redirectUri: 'http://127.0.0.1/shopify/callback', state: start.body.state }).redirectUrl);
    const swapped = await rig.call('/api/oauth/shopify/exchange', { token: ADMIN, body: { query: other.search } });
    expect(swapped.status).toBe(400);
    expect(JSON.stringify(swapped.body)).toContain('shop');
    // Refused before the state was claimed: nothing written, and the rightful redirect still connects.
    expect((await rig.call('/api/oauth/shopify/exchange', { token: ADMIN, body: { query: back.toString(), extra: 1 } })).status).toBe(400);
    expect(await rig.db.selectFrom('connections').select('id').execute()).toEqual([]);
    expect(await rig.db.selectFrom('job_tasks').select('id').execute()).toEqual([]);
    const rightful = await rig.call('/api/oauth/shopify/exchange', { token: ADMIN, body: { query: back.toString() } });
    expect(rightful.status).toBe(200);
    expect(rightful.body.account_id).toBe('plain-store.myshopify.com');
    // Its state is now spent: a replay is refused.
    expect((await rig.call('/api/oauth/shopify/exchange', { token: ADMIN, body: { query: back.toString() } })).status).toBe(400);
  });

  it('without read_all_orders: the last 60 days, the limitation on the connection, the job succeeded', async () => {
    const connected = await rig.connectShopify(TENANT, 'recent-store', { scopes: ['read_orders', 'read_products', 'read_customers'] });
    expect(connected.status).toBe(200);
    await rig.dispatchUntilIdle(100);
    const { stored, truth } = await tablesVsTruth(rig, 'shopify', TENANT, 'recent-store.myshopify.com', { allOrders: false });
    expect(stored).toEqual(truth);
    expect((stored.orders as unknown[]).length).toBeLessThan(rig.shopify!.truth('recent-store').orders.length);
    const connections = await rig.call(`/api/admin/connections?tenant_id=${TENANT}&platform=shopify`, { token: ADMIN });
    const byAccount = Object.fromEntries(connections.body.connections.map((c: { account_id: string }) => [c.account_id, c]));
    expect(byAccount['recent-store.myshopify.com']).toMatchObject({ status: 'active', limitations: [expect.stringContaining('read_all_orders')] });
    expect(byAccount['plain-store.myshopify.com']).toMatchObject({ status: 'active', limitations: [] });
    const job = await rig.call(`/api/admin/backfill/${connected.body.job_id}`, { token: ADMIN });
    expect(job.body.status).toBe('succeeded');
  });

  it('a failed bulk operation falls back to paginated queries, and the tables still equal the truth', async () => {
    rig.shopify!.failNextBulkOperation('failing-store', 'INTERNAL_SERVER_ERROR');
    const connected = await rig.connectShopify(TENANT, 'failing-store');
    expect(connected.status).toBe(200);
    await rig.dispatchUntilIdle(100);
    const { stored, truth } = await tablesVsTruth(rig, 'shopify', TENANT, 'failing-store.myshopify.com');
    expect(stored).toEqual(truth);
    const job = await rig.call(`/api/admin/backfill/${connected.body.job_id}`, { token: ADMIN });
    expect(job.body.status).toBe('succeeded');
  });

  it('a store granted without read_customers: customers fail for good, orders and products land, the job says which', async () => {
    const connected = await rig.connectShopify(TENANT, 'noscope-store', { scopes: ['read_orders', 'read_all_orders', 'read_products'] });
    expect(connected.status).toBe(200);
    await rig.dispatchUntilIdle(100);
    const { stored, truth } = await tablesVsTruth(rig, 'shopify', TENANT, 'noscope-store.myshopify.com');
    expect({ orders: stored.orders, products: stored.products, customers: stored.customers }).toEqual({ orders: truth.orders, products: truth.products, customers: [] });
    const job = await rig.call(`/api/admin/backfill/${connected.body.job_id}`, { token: ADMIN });
    expect(job.body.status).toBe('failed');
    expect(job.body.entities.map((e: { entity: string; status: string }) => [e.entity, e.status])).toEqual([
      ['orders', 'succeeded'],
      ['products', 'succeeded'],
      ['customers', 'failed'],
    ]);
    const connection = await rig.db.selectFrom('connections').select('status').where('external_account_id', '=', 'noscope-store.myshopify.com').executeTakeFirstOrThrow();
    expect(connection.status).toBe('active'); // a missing scope is not a lost grant
  });

  it('a bulk start whose answer was lost is found again, not started twice (Shopify runs up to five at once)', async () => {
    // The orders operation starts at the shop, and its answer never arrives: the retry must find that operation.
    rig.shopify!.loseNextBulkStarts(1);
    expect((await rig.connectShopify(TENANT, 'orphan-store')).status).toBe(200);
    await rig.dispatchUntilIdle(100);
    const { stored, truth } = await tablesVsTruth(rig, 'shopify', TENANT, 'orphan-store.myshopify.com');
    expect(stored).toEqual(truth);
    expect(rig.shopify!.stats().perShop['orphan-store.myshopify.com']!.bulkOperations).toBe(3); // orders, products, customers: one each
    expect(rig.shopify!.stats().endpoints.graphql.byStatus['destroyed']).toBe(1);
  });

  it('a result file the storage refuses (its signed URL expired) falls back to pages, and the read completes', async () => {
    rig.shopify!.injectFaults([{ api: 'bulk', kind: 'unauthorized' }]); // the storage's 403 AccessDenied on the first download
    const connected = await rig.connectShopify(TENANT, 'gone-file-store');
    expect(connected.status).toBe(200);
    await rig.dispatchUntilIdle(100);
    const { stored, truth } = await tablesVsTruth(rig, 'shopify', TENANT, 'gone-file-store.myshopify.com');
    expect(stored).toEqual(truth);
    const job = await rig.call(`/api/admin/backfill/${connected.body.job_id}`, { token: ADMIN });
    expect(job.body.status).toBe('succeeded');
    const orders = job.body.entities.find((e: { entity: string }) => e.entity === 'orders');
    expect(orders).toMatchObject({ done: truth.orders!.length, total: truth.orders!.length, message: `Done: ${truth.orders!.length} orders` });
  });

  it('a sync of many changes against a small bucket is paced: at most 1% THROTTLED', async () => {
    expect((await rig.connectShopify(TENANT, 'tight-store')).status).toBe(200);
    await rig.dispatchUntilIdle(100);
    rig.shopify!.addOrders('tight-store', 150); // 15 pages of 10 orders, ~640 points each, against 1,000 points refilling 400/s
    rig.shopify!.resetStats();
    expect((await rig.call('/api/jobs/sync', { method: 'POST', token: CRON })).status).toBe(200);
    await rig.dispatchUntilIdle(100);
    const { stored, truth } = await tablesVsTruth(rig, 'shopify', TENANT, 'tight-store.myshopify.com');
    expect(stored).toEqual(truth);
    const shop = rig.shopify!.stats().perShop['tight-store.myshopify.com']!;
    process.stdout.write(`\nShopify pacing [${engine}]: ${shop.graphqlQueries} queries, ${shop.throttled} THROTTLED, ${shop.costSpent} points\n`);
    expect(shop.graphqlQueries).toBeGreaterThan(15);
    expect(shop.throttled).toBeLessThanOrEqual(Math.floor(shop.graphqlQueries * 0.01));
  });
});
