import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { callApi } from '../../../dev/local-server/api-client.js';
import { PRINTIFY_SIM_SHOPIFY_TOKEN, SHOPIFY_SIM_API_KEY } from '../../../dev/local-server/commerce-simulators.js';
import { startLocalServer, type LocalServer } from '../../../dev/local-server/local-server.js';
import { createDatabase, type SluiceDatabase } from '../../../db/create-database.js';
import { toDbTime } from '../../../db/values.js';
import { loadConfig, settingsFor } from '../../../lib/config/env.js';
import { shopifyConfig } from '../../../lib/connectors/shopify/shopify.config.js';
import { recordingLogger, tempWorkDir, WITHOUT_GOOGLE } from './support.js';

// Without Shopify settings `npm start` mounts the Shopify simulator and points the connector at
// it: a store connects through the real endpoints (start → the simulator's consent → the local
// callback page, which prints the exchange of the raw query → exchange), backfills its three
// entities, and the simulated Printify shop selling on Shopify links COGS to its orders.
const ADMIN = 'admin-token-shopify-local';
const CRON = 'cron-secret-shopify-local';
const SECRETS = { ADMIN_TOKEN: ADMIN, CRON_SECRET: CRON, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64') };
const WITHOUT_SHOPIFY = { SHOPIFY_API_KEY: undefined, SHOPIFY_API_SECRET: undefined, SHOPIFY_REDIRECT_URI: undefined, SHOPIFY_SHOP_URL_TEMPLATE: undefined };
const WITHOUT_PRINTIFY = { PRINTIFY_APP_ID: undefined, PRINTIFY_API_BASE_URL: undefined };

describe('local server without Shopify settings', () => {
  const work = tempWorkDir();
  const logger = recordingLogger();
  let server: LocalServer;
  let database: SluiceDatabase;

  beforeAll(async () => {
    server = await startLocalServer({
      port: 0,
      crons: false,
      logger,
      print: logger.print,
      secretsFile: work.secretsFile,
      env: { DATABASE_URL: work.databaseUrl, ...SECRETS, ...WITHOUT_GOOGLE, ...WITHOUT_SHOPIFY, ...WITHOUT_PRINTIFY, PRINTIFY_REQUESTS_PER_MINUTE: '6000' },
    });
    database = await createDatabase(work.databaseUrl);
  });
  afterAll(async () => {
    await database?.destroy();
    await server?.close();
    work.remove();
  });

  /** start → consent (the simulator redirects at once) → the callback page; answers the page and the query it was sent. */
  const consent = async (shop: string, extra = '') => {
    const start = await callApi(server.url, `/api/oauth/shopify/start?tenant_id=demo&shop=${shop}`, { bearer: ADMIN });
    expect(start.status).toBe(200);
    const redirect = await fetch(`${(start.body as { authorize_url: string }).authorize_url}${extra}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location')!);
    const callback = await fetch(location);
    return { status: callback.status, page: await callback.text(), query: location.search.slice(1), state: (start.body as { state: string }).state };
  };

  /** Dispatches until nothing is queued, making the waiting tasks (bulk polls, entity order) due between rounds. */
  const dispatchUntilIdle = async () => {
    for (let round = 0; round < 80; round++) {
      const answer = await callApi(server.url, '/api/jobs/dispatch', { method: 'POST', bearer: CRON });
      expect(answer.status).toBe(200);
      const summary = answer.body as { remaining: number; dead: number; parked: number };
      expect({ dead: summary.dead, parked: summary.parked }).toEqual({ dead: 0, parked: 0 });
      if (summary.remaining === 0) return;
      await database.db.updateTable('job_tasks').set({ run_after: toDbTime(new Date(Date.now() - 1_000)) }).where('status', '=', 'queued').execute();
    }
    throw new Error('the queue did not drain');
  };

  const count = async (table: 'orders' | 'line_items' | 'products' | 'product_variants' | 'customers', platform = 'shopify') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', 'demo').where('platform', '=', platform).executeTakeFirstOrThrow()).n);

  it('points the Shopify settings at the simulator mounted under /__sim/shopify/, and the banner names its stores', () => {
    expect(server.simulators.shopify).toBeDefined();
    expect(settingsFor(loadConfig(), shopifyConfig)).toMatchObject({
      apiKey: SHOPIFY_SIM_API_KEY,
      redirectUri: `${server.url}/__dev/oauth/shopify/callback`,
      shopUrlTemplate: `${server.url}/__sim/shopify/shops/{shop}`,
      apiVersion: '2026-10',
    });
    const banner = logger.printed.join('\n');
    expect(banner).toContain('Shopify under');
    expect(banner).toContain('sim-usd.myshopify.com, sim-jpy.myshopify.com, sim-kwd.myshopify.com');
    expect(banner).toContain(`${server.url}/api/oauth/shopify/start?tenant_id=demo&shop=sim-usd.myshopify.com`);
  });

  it('connects a store through the callback page and backfills orders, products and customers as the simulator holds them, with COGS from the Printify shop selling on Shopify', async () => {
    const { status, page, query } = await consent('sim-usd.myshopify.com');
    expect(status).toBe(200);
    expect(page).toContain(`${server.url}/api/oauth/shopify/exchange`);
    expect(page).toContain(JSON.stringify({ query }));
    const exchange = await callApi(server.url, '/api/oauth/shopify/exchange', { bearer: ADMIN, body: { query } });
    expect(exchange).toMatchObject({ status: 200, body: { account_id: 'sim-usd.myshopify.com', job_id: expect.any(Number) } });
    const printify = await callApi(server.url, '/api/oauth/printify/exchange', { bearer: ADMIN, body: { tenant_id: 'demo', access_token: PRINTIFY_SIM_SHOPIFY_TOKEN } });
    expect(printify.status).toBe(200);

    const jobId = (exchange.body as { job_id: number }).job_id;
    const job = await callApi(server.url, `/api/admin/backfill/${jobId}`, { bearer: ADMIN });
    expect((job.body as { entities: { entity: string }[] }).entities.map((e) => e.entity)).toEqual(['orders', 'products', 'customers']);
    await dispatchUntilIdle();

    const done = (await callApi(server.url, `/api/admin/backfill/${jobId}`, { bearer: ADMIN })).body as { status: string; entities: { entity: string; status: string; done: number; total: number }[] };
    expect(done.status).toBe('succeeded');
    const truth = server.simulators.shopify!.truth('sim-usd');
    expect(done.entities.map(({ entity, status, done: d, total }) => ({ entity, status, done: d, total }))).toEqual([
      { entity: 'orders', status: 'succeeded', done: truth.orders.length, total: truth.orders.length },
      { entity: 'products', status: 'succeeded', done: truth.products.length, total: truth.products.length },
      { entity: 'customers', status: 'succeeded', done: truth.customers.length, total: truth.customers.length },
    ]);
    expect({
      orders: await count('orders'),
      line_items: await count('line_items'),
      products: await count('products'),
      product_variants: await count('product_variants'),
      customers: await count('customers'),
    }).toEqual({
      orders: truth.orders.length,
      line_items: truth.line_items.length,
      products: truth.products.length,
      product_variants: truth.product_variants.length,
      customers: truth.customers.length,
    });
    const withCogs = await database.db.selectFrom('orders').select('platform_id').where('platform', '=', 'shopify').where('cogs_minor', 'is not', null).execute();
    expect(withCogs.length).toBeGreaterThan(0);
  });

  it('a consent without read_all_orders connects with the 60-day limitation on the connection', async () => {
    const { status, query } = await consent('sim-jpy.myshopify.com', '&sim_grant_scopes=read_orders,read_products,read_customers');
    expect(status).toBe(200);
    expect((await callApi(server.url, '/api/oauth/shopify/exchange', { bearer: ADMIN, body: { query } })).status).toBe(200);
    const listed = await callApi(server.url, '/api/admin/connections?tenant_id=demo&platform=shopify', { bearer: ADMIN });
    const connections = (listed.body as { connections: { account_id: string; limitations: string[] }[] }).connections;
    expect(Object.fromEntries(connections.map((c) => [c.account_id, c.limitations]))).toEqual({
      'sim-usd.myshopify.com': [],
      'sim-jpy.myshopify.com': [expect.stringContaining('read_all_orders')],
    });
  });

  it('refuses a redirect whose query was altered: the page prints it, the exchange checks the hmac', async () => {
    const { query } = await consent('sim-kwd.myshopify.com');
    const altered = query.replace('shop=sim-kwd.myshopify.com', 'shop=sim-usd.myshopify.com');
    const exchange = await callApi(server.url, '/api/oauth/shopify/exchange', { bearer: ADMIN, body: { query: altered } });
    expect(exchange.status).toBe(400);
  });

  it('answers a callback without the redirect parameters with 400', async () => {
    const response = await fetch(`${server.url}/__dev/oauth/shopify/callback?error=access_denied`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('access_denied');
  });
});

describe('local server with Shopify settings', () => {
  const work = tempWorkDir();
  let server: LocalServer;

  beforeAll(async () => {
    server = await startLocalServer({
      port: 0,
      crons: false,
      quiet: true,
      secretsFile: work.secretsFile,
      env: { DATABASE_URL: work.databaseUrl, ...SECRETS, ...WITHOUT_GOOGLE, SHOPIFY_API_KEY: 'real-key', SHOPIFY_API_SECRET: 'real-secret', SHOPIFY_REDIRECT_URI: 'https://app.example.com/shopify/callback', SHOPIFY_SHOP_URL_TEMPLATE: undefined },
    });
  });
  afterAll(async () => {
    await server?.close();
    work.remove();
  });

  it('uses them and mounts no Shopify simulator', async () => {
    expect(server.simulators.shopify).toBeUndefined();
    expect(settingsFor(loadConfig(), shopifyConfig)).toMatchObject({ apiKey: 'real-key', shopUrlTemplate: 'https://{shop}' });
    expect((await fetch(`${server.url}/__sim/shopify/shops/sim-usd.myshopify.com/admin/oauth/authorize`)).status).toBe(404);
  });
});
