import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { freePort, startServerProcess, type ServerProcess } from '../../dev/chaos/server-process.js';
import { startLocalServer, type LocalServer } from '../../dev/server.js';
import { startEtsySimulator, type EtsySimulatorServerOptions, type RunningEtsySimulator } from '../../dev/simulators/etsy/index.js';
import { startPrintifySimulator, type PrintifySimulatorServerOptions, type RunningPrintifySimulator } from '../../dev/simulators/printify/index.js';
import { startShopifySimulator, type RunningShopifySimulator, type ShopifySimulatorOptions } from '../../dev/simulators/shopify/index.js';
import type { Database } from '../../db/database.js';
import { toDbTime } from '../../db/values.js';
import { ETSY_COLUMNS, PRINTIFY_COLUMNS, SHOPIFY_COLUMNS, storedRows, truthRows } from '../../dev/chaos/commerce-rows.js';
import { createTokenCipher, type TokenCipher } from '../../lib/shared/token-cipher.js';
import { createTestDatabase, type TestDatabase, type TestEngine } from './test-databases.js';

export { ETSY_COLUMNS, PRINTIFY_COLUMNS, SHOPIFY_COLUMNS, storedRows, truthRows };

/**
 * The commerce end-to-end rig: the local server in-process on its own test database, with Etsy
 * and Printify pointed at their simulators on loopback (started here, so a test shapes their
 * shops), and the steps a product takes: OAuth start → consent → exchange, dispatches until the
 * queue is idle, and the stored rows in the simulators' truth shape. With `serverProcess` the
 * server is `npm start` in its own process instead (dev/chaos/server-process.ts), so a test can
 * SIGKILL it and start it again on the same port and database.
 */
export const ADMIN = 'admin-token-for-commerce-tests';
export const CRON = 'cron-secret-for-commerce-tests';
const ETSY_KEY = 'e2e-etsy-key';
const ETSY_SECRET = 'e2e-etsy-secret';
const PRINTIFY_APP = 'e2e-printify-app';
const SHOPIFY_KEY = 'e2e-shopify-key';
const SHOPIFY_SECRET = 'e2e-shopify-secret';
/** The server's TOKEN_ENCRYPTION_KEY: tests open the stored tokens with `rig.cipher` to check what is sealed. */
const TOKEN_KEY = Buffer.alloc(32, 9);

export interface CommerceRig {
  url: string;
  etsy: RunningEtsySimulator;
  printify: RunningPrintifySimulator;
  /** Started when the rig's options name `shopify`. */
  shopify: RunningShopifySimulator | undefined;
  database: TestDatabase;
  db: Kysely<Database>;
  /** The in-process server; undefined with `serverProcess`. */
  server: LocalServer | undefined;
  /** With `serverProcess`: SIGKILL the server (nothing in flight finishes), and start it again on the same port and database. */
  serverProcess: { crash(): Promise<void>; restart(): Promise<void> } | undefined;
  /** The server's own token cipher (same key). */
  cipher: TokenCipher;
  call(path: string, options?: { method?: string; token?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  /** start → the simulator's consent (it redirects at once) → exchange; answers the exchange's answer. */
  connectEtsy(tenantId: string, shopName: string): Promise<{ status: number; body: any }>;
  connectPrintify(tenantId: string, accountName: string, shopId?: string): Promise<{ status: number; body: any }>;
  /** start (`shop`) → the simulator's consent (granting `scopes`, default all asked) → exchange with the redirect's raw query. */
  connectShopify(tenantId: string, shopName: string, options?: { scopes?: readonly string[] }): Promise<{ status: number; body: any }>;
  /** Follows a consent page's redirect by hand, as a browser would (`pick`: the simulator's sim_… choices): the query it redirected with. */
  consent(authorizeUrl: string, pick: Record<string, string>): Promise<URLSearchParams>;
  /** One dispatcher invocation: its summary. */
  dispatchOnce(): Promise<any>;
  /** Dispatches until nothing is queued, making waiting tasks due between rounds (time passing). */
  dispatchUntilIdle(rounds?: number): Promise<void>;
  close(): Promise<void>;
}

export interface CommerceRigOptions {
  engine: TestEngine;
  etsy?: Omit<EtsySimulatorServerOptions, 'apiKey' | 'sharedSecret'>;
  /** Given the Etsy simulator, e.g. to fulfil some of its receipts (`salesOrderIds`). */
  printify?: (etsy: RunningEtsySimulator, shopify: RunningShopifySimulator | undefined) => Omit<PrintifySimulatorServerOptions, 'appId'>;
  /** Starts the Shopify simulator with these options (its app credentials are the rig's). */
  shopify?: Omit<ShopifySimulatorOptions, 'apiKey' | 'apiSecret'>;
  env?: Record<string, string>;
  /** Run the server as its own process, its output appended to files in `logDir` (server-1.log, then server-2.log after a restart…). */
  serverProcess?: { logDir: string };
}

export async function startCommerceRig(options: CommerceRigOptions): Promise<CommerceRig> {
  const etsy = await startEtsySimulator({ ...options.etsy, apiKey: ETSY_KEY, sharedSecret: ETSY_SECRET });
  const shopify = options.shopify ? await startShopifySimulator({ ...options.shopify, apiKey: SHOPIFY_KEY, apiSecret: SHOPIFY_SECRET }) : undefined;
  const printify = await startPrintifySimulator({ ...options.printify?.(etsy, shopify), appId: PRINTIFY_APP });
  const database = await createTestDatabase(options.engine);
  const env = {
    DATABASE_URL: database.url,
    ADMIN_TOKEN: ADMIN,
    CRON_SECRET: CRON,
    TOKEN_ENCRYPTION_KEY: TOKEN_KEY.toString('base64'),
    ETSY_API_KEY: ETSY_KEY,
    ETSY_SHARED_SECRET: ETSY_SECRET,
    ETSY_REDIRECT_URI: 'http://127.0.0.1/etsy/callback',
    ETSY_API_BASE_URL: etsy.apiBaseUrl,
    ETSY_OAUTH_AUTHORIZE_URL: etsy.oauthAuthorizeUrl,
    ETSY_OAUTH_TOKEN_URL: etsy.oauthTokenUrl,
    PRINTIFY_APP_ID: PRINTIFY_APP,
    PRINTIFY_REDIRECT_URI: 'http://127.0.0.1/printify/callback',
    PRINTIFY_API_BASE_URL: printify.apiBaseUrl,
    PRINTIFY_OAUTH_AUTHORIZE_URL: printify.authorizeUrl,
    ...(shopify
      ? { SHOPIFY_API_KEY: SHOPIFY_KEY, SHOPIFY_API_SECRET: SHOPIFY_SECRET, SHOPIFY_REDIRECT_URI: 'http://127.0.0.1/shopify/callback', SHOPIFY_SHOP_URL_TEMPLATE: shopify.shopUrlTemplate }
      : {}),
    ...options.env,
  };
  let server: LocalServer | undefined;
  let child: ServerProcess | undefined;
  let url: string;
  let serverProcess: CommerceRig['serverProcess'];
  if (options.serverProcess) {
    const { logDir } = options.serverProcess;
    const port = await freePort();
    let starts = 0;
    const start = async () => {
      child = await startServerProcess({ port, env, logFile: join(logDir, `server-${++starts}.log`) });
      return child.url;
    };
    url = await start();
    serverProcess = {
      crash: async () => child?.crash(),
      async restart() {
        await child?.crash();
        await start();
      },
    };
  } else {
    server = await startLocalServer({ port: 0, quiet: true, crons: false, env });
    url = server.url;
  }
  const call: CommerceRig['call'] = async (path, o = {}) => {
    const response = await fetch(`${url}${path}`, {
      method: o.method ?? (o.body === undefined ? 'GET' : 'POST'),
      headers: { 'content-type': 'application/json', ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : JSON.parse(text) };
  };
  const consent: CommerceRig['consent'] = async (authorizeUrl, pick) => {
    const target = new URL(authorizeUrl);
    for (const [k, v] of Object.entries(pick)) target.searchParams.set(k, v);
    const response = await fetch(target, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) throw new Error(`consent answered ${response.status}: ${await response.text()}`);
    return new URL(location).searchParams;
  };
  const dispatchOnce = async () => {
    const { status, body } = await call('/api/jobs/dispatch', { method: 'POST', token: CRON });
    if (status !== 200) throw new Error(`dispatch answered ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  const rig: CommerceRig = {
    url,
    etsy,
    printify,
    shopify,
    database,
    db: database.db,
    server,
    serverProcess,
    cipher: createTokenCipher(TOKEN_KEY),
    call,
    consent,
    dispatchOnce,
    async connectEtsy(tenantId, shopName) {
      const start = await call(`/api/oauth/etsy/start?tenant_id=${encodeURIComponent(tenantId)}`, { token: ADMIN });
      if (start.status !== 200) throw new Error(`etsy start answered ${start.status}: ${JSON.stringify(start.body)}`);
      const back = await consent(start.body.authorize_url, { sim_shop: shopName });
      return call('/api/oauth/etsy/exchange', { token: ADMIN, body: { state: back.get('state'), code: back.get('code') } });
    },
    async connectPrintify(tenantId, accountName, shopId) {
      return call('/api/oauth/printify/exchange', { token: ADMIN, body: { tenant_id: tenantId, access_token: printify.accountToken(accountName), ...(shopId ? { shop_id: shopId } : {}) } });
    },
    async connectShopify(tenantId, shopName, o = {}) {
      const shop = shopName.includes('.') ? shopName : `${shopName}.myshopify.com`;
      const start = await call(`/api/oauth/shopify/start?tenant_id=${encodeURIComponent(tenantId)}&shop=${encodeURIComponent(shop)}`, { token: ADMIN });
      if (start.status !== 200) throw new Error(`shopify start answered ${start.status}: ${JSON.stringify(start.body)}`);
      const back = await consent(start.body.authorize_url, o.scopes ? { sim_grant_scopes: o.scopes.join(',') } : {});
      return call('/api/oauth/shopify/exchange', { token: ADMIN, body: { query: back.toString() } });
    },
    async dispatchUntilIdle(rounds = 60) {
      for (let i = 0; i < rounds; i++) {
        if ((await dispatchOnce()).remaining === 0) return;
        await database.db
          .updateTable('job_tasks')
          .set({ run_after: toDbTime(new Date(Date.now() - 1_000)) })
          .where('status', '=', 'queued')
          .execute();
      }
      throw new Error('the queue did not drain');
    },
    async close() {
      await server?.close();
      await child?.stop();
      await Promise.all([etsy.close(), printify.close(), shopify?.close()]);
      await database.drop();
    },
  };
  return rig;
}

/**
 * Repeats a connect (a new consent each time) while the vendor's hiccup comes back from it —
 * 429, or 502 for a vendor 5xx: the exchange's identify call meets a simulator's random faults
 * like any other call, and a person would simply connect again.
 */
export async function untilVendorAnswers(connect: () => Promise<{ status: number; body: any }>, tries = 6): Promise<{ status: number; body: any }> {
  for (let attempt = 1; ; attempt++) {
    const answer = await connect();
    if ((answer.status !== 429 && answer.status < 500) || attempt >= tries) return answer;
  }
}

/**
 * One connection's rows of each table its platform fills, and the vendor's truth for the same
 * account, in the same shape: `expect(stored).toEqual(truth)` compares every table at once.
 */
export async function tablesVsTruth(rig: CommerceRig, platform: 'etsy' | 'printify' | 'shopify', tenantId: string, accountId: string | number, options: { allOrders?: boolean } = {}): Promise<{ stored: Record<string, unknown[]>; truth: Record<string, unknown[]> }> {
  const connection = await rig.db
    .selectFrom('connections')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('platform', '=', platform)
    .where('external_account_id', '=', String(accountId))
    .executeTakeFirstOrThrow();
  const columns: Record<string, readonly string[]> = { etsy: ETSY_COLUMNS, printify: PRINTIFY_COLUMNS, shopify: SHOPIFY_COLUMNS }[platform];
  const vendorTruth = (
    platform === 'etsy' ? rig.etsy.truth(Number(accountId)) : platform === 'printify' ? rig.printify.truth(accountId) : rig.shopify!.truth(String(accountId), { allOrders: options.allOrders ?? true })
  ) as unknown as Record<string, object[]>;
  const stored: Record<string, unknown[]> = {};
  const truth: Record<string, unknown[]> = {};
  for (const [table, names] of Object.entries(columns)) {
    const rows = await storedRows(rig.db, table as Parameters<typeof storedRows>[1], tenantId, platform, [...names, 'connection_id']);
    stored[table] = rows.filter((row) => Number(row['connection_id']) === Number(connection.id)).map(({ connection_id: _, ...row }) => row);
    truth[table] = truthRows(vendorTruth[table]!, names);
  }
  return { stored, truth };
}
