/**
 * The commerce half of `npm run demo`: connects the simulated Etsy shop (OAuth with PKCE: start →
 * the simulator's consent → exchange), the simulated Shopify stores (start → consent → the
 * exchange of the redirect's raw, HMAC-signed query) and the simulated Printify accounts (personal
 * tokens; one shop sells on Etsy, one on Shopify), dispatches until the backfills, their
 * daily_financials rollups and everything after them are done — one progress bar per entity, in
 * vendor records — then compares the commerce tables with the simulators' ground truth and prints
 * the day-by-day financials it rolled up.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import type { SluiceDatabase } from '../db/create-database.js';
import { listDailyFinancials } from '../lib/commerce/daily-financials.repository.js';
import { currencyExponent } from '../lib/commerce/money.js';
import { callApi } from './local-server/api-client.js';
import { PRINTIFY_SIM_SHOPIFY_TOKEN, PRINTIFY_SIM_TOKEN } from './local-server/commerce-simulators.js';
import type { LocalServer } from './local-server/local-server.js';
import { DEFAULT_SHOPS } from './simulators/etsy/index.js';
import type { ShopifySimulator } from './simulators/shopify/index.js';

/** Shopify bulk operations are polled every 5 s, an entity after the other: the slowest part. */
const TIMEOUT_MS = 180_000;
const IDLE_PAUSE_MS = 300;

export class CommerceDemoError extends Error {
  override readonly name = 'CommerceDemoError';
}

interface Connected {
  platform: string;
  /** Names the account's bars: `etsy`, `shopify sim-usd`, `printify shopify`. */
  label: string;
  account_id: string;
  job_id: number;
}

type CommerceTable = 'orders' | 'line_items' | 'listings' | 'payments' | 'products' | 'product_variants' | 'customers';

export async function runCommerceDemo(server: LocalServer, tenant: string, adminToken: string, cronSecret: string, database: SluiceDatabase, say: (line: string) => void): Promise<void> {
  const { etsy, printify, shopify } = server.simulators;
  if (!etsy || !printify || !shopify) throw new CommerceDemoError('the local server did not mount the Etsy, Printify and Shopify simulators');
  const shop = DEFAULT_SHOPS[0]!.name;
  const stores = shopify.shops();
  const connected = [
    await connectEtsy(server.url, adminToken, tenant, shop),
    ...(await Promise.all(stores.map((store) => connectShopify(server.url, adminToken, tenant, store.domain, store.name)))),
    await connectPrintify(server.url, adminToken, tenant, PRINTIFY_SIM_TOKEN, 'printify etsy'),
    await connectPrintify(server.url, adminToken, tenant, PRINTIFY_SIM_SHOPIFY_TOKEN, 'printify shopify'),
  ];
  for (const c of connected) say(`Connected simulated ${c.platform} account ${c.account_id} for tenant "${tenant}": backfill job ${c.job_id}`);
  await dispatchWithBars(server.url, adminToken, cronSecret, connected);

  const etsyTruth = etsy.truth(etsy.shopIdFor(shop));
  const printifyTruths = ['merchant', 'shopify-merchant'].flatMap((account) => printify.shopIdsOf(account)).map((id) => printify.truth(id));
  const shopifyTruths = stores.map((store) => shopify.truth(store.name));
  const counts = async (table: CommerceTable, platform: string) =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenant).where('platform', '=', platform).executeTakeFirstOrThrow()).n);
  const withCogs = async (platform: string) =>
    Number((await database.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenant).where('platform', '=', platform).where('cogs_minor', 'is not', null).executeTakeFirstOrThrow()).n);
  const sum = <T>(truths: readonly T[], rows: (truth: T) => readonly unknown[]) => truths.reduce((total, truth) => total + rows(truth).length, 0);
  const checks: [string, number, number][] = [
    ['etsy orders', await counts('orders', 'etsy'), etsyTruth.orders.length],
    ['etsy line_items', await counts('line_items', 'etsy'), etsyTruth.line_items.length],
    ['etsy listings', await counts('listings', 'etsy'), etsyTruth.listings.length],
    ['etsy payments', await counts('payments', 'etsy'), etsyTruth.payments.length],
    ...(await shopifyChecks(shopifyTruths, (table) => counts(table, 'shopify'))),
    ['printify orders', await counts('orders', 'printify'), sum(printifyTruths, (t) => t.orders)],
    ['printify products', await counts('products', 'printify'), sum(printifyTruths, (t) => t.products)],
    ['printify product_variants', await counts('product_variants', 'printify'), sum(printifyTruths, (t) => t.product_variants)],
  ];
  say('\ncommerce tables against the simulators\' ground truth:');
  for (const [name, stored, truth] of checks) say(`  ${name.padEnd(26)} ${count(stored).padStart(6)} rows · truth ${count(truth).padStart(6)} — ${stored === truth ? 'match' : 'MISMATCH'}`);
  say(`  Etsy receipts with COGS from the Printify orders that fulfil them: ${count(await withCogs('etsy'))}`);
  say(`  Shopify orders with COGS from the Printify orders that fulfil them: ${count(await withCogs('shopify'))}`);
  const days = await listDailyFinancials(database.db, tenant, '1970-01-01', '2999-12-31');
  const recent = days.slice(-5);
  say(`daily_financials: ${count(days.length)} day/currency rows; the latest:`);
  for (const day of recent) say(`  ${day.dt} ${day.currency}  ${String(day.ordersCount).padStart(3)} orders  revenue ${money(day.revenueMinor, day.currency)}  COGS ${money(day.cogsMinor, day.currency)}  gross profit ${money(day.grossProfitMinor, day.currency)}`);
  if (checks.some(([, stored, truth]) => stored !== truth)) throw new CommerceDemoError('the stored commerce rows differ from what the simulators served');
}

async function connectEtsy(url: string, adminToken: string, tenant: string, shop: string): Promise<Connected> {
  const start = await callApi(url, `/api/oauth/etsy/start?tenant_id=${encodeURIComponent(tenant)}`, { bearer: adminToken });
  if (start.status !== 200) throw new CommerceDemoError(`GET /api/oauth/etsy/start answered ${start.status}: ${JSON.stringify(start.body)}`);
  const consent = new URL((start.body as { authorize_url: string }).authorize_url);
  consent.searchParams.set('sim_shop', shop);
  // The simulator consents at once and redirects, as a browser would be, to the redirect URI with code and state.
  const redirect = await fetch(consent, { redirect: 'manual' });
  const back = new URL(redirect.headers.get('location') ?? 'http://invalid/');
  const exchange = await callApi(url, '/api/oauth/etsy/exchange', { bearer: adminToken, body: { state: back.searchParams.get('state'), code: back.searchParams.get('code') } });
  return connectedFrom('etsy', 'etsy', exchange);
}

/** The redirect's query goes to the exchange as it came: its hmac is over exactly those parameters. */
async function connectShopify(url: string, adminToken: string, tenant: string, domain: string, name: string): Promise<Connected> {
  const start = await callApi(url, `/api/oauth/shopify/start?tenant_id=${encodeURIComponent(tenant)}&shop=${encodeURIComponent(domain)}`, { bearer: adminToken });
  if (start.status !== 200) throw new CommerceDemoError(`GET /api/oauth/shopify/start answered ${start.status}: ${JSON.stringify(start.body)}`);
  const redirect = await fetch((start.body as { authorize_url: string }).authorize_url, { redirect: 'manual' });
  const back = new URL(redirect.headers.get('location') ?? 'http://invalid/');
  const exchange = await callApi(url, '/api/oauth/shopify/exchange', { bearer: adminToken, body: { query: back.search.slice(1) } });
  return connectedFrom('shopify', `shopify ${name}`, exchange);
}

async function connectPrintify(url: string, adminToken: string, tenant: string, token: string, label: string): Promise<Connected> {
  const exchange = await callApi(url, '/api/oauth/printify/exchange', { bearer: adminToken, body: { tenant_id: tenant, access_token: token } });
  return connectedFrom('printify', label, exchange);
}

function connectedFrom(platform: string, label: string, answer: { status: number; body: unknown }): Connected {
  const body = answer.body as { account_id?: string; job_id?: number | null };
  if (answer.status !== 200 || typeof body.account_id !== 'string' || typeof body.job_id !== 'number') {
    throw new CommerceDemoError(`the ${platform} exchange answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return { platform, label, account_id: body.account_id, job_id: body.job_id };
}

/** The Shopify tables against the stores' truth, summed over the stores. */
async function shopifyChecks(truths: readonly ReturnType<ShopifySimulator['truth']>[], stored: (table: CommerceTable) => Promise<number>): Promise<[string, number, number][]> {
  const tables = ['orders', 'line_items', 'products', 'product_variants', 'customers'] as const;
  const checks: [string, number, number][] = [];
  for (const table of tables) checks.push([`shopify ${table}`, await stored(table), truths.reduce((total, truth) => total + truth[table].length, 0)]);
  return checks;
}

/** Dispatches until the queue is empty, a bar per entity of each job in vendor records (`Syncing orders… 450/1,200`). */
async function dispatchWithBars(url: string, adminToken: string, cronSecret: string, jobs: readonly Connected[]): Promise<void> {
  const bars = new cliProgress.MultiBar({ format: '{name} |{bar}| {value}/{total} {unit}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 1_000 }, cliProgress.Presets.shades_classic);
  const entityBars = new Map<string, cliProgress.SingleBar>();
  const refresh = async () => {
    for (const job of jobs) {
      const answer = await callApi(url, `/api/admin/backfill/${job.job_id}`, { bearer: adminToken });
      const entities = (answer.body as { entities?: { entity: string; done: number; total: number | null }[] }).entities ?? [];
      for (const e of entities) {
        const key = `${job.label} ${e.entity}`;
        const total = Math.max(e.total ?? e.done, e.done, 1);
        let bar = entityBars.get(key);
        if (!bar) entityBars.set(key, (bar = bars.create(total, 0, { name: key.padEnd(28), unit: e.entity })));
        bar.setTotal(total);
        bar.update(e.done);
      }
    }
  };
  const deadline = Date.now() + TIMEOUT_MS;
  try {
    for (;;) {
      const answer = await callApi(url, '/api/jobs/dispatch', { method: 'POST', bearer: cronSecret });
      if (answer.status !== 200) throw new CommerceDemoError(`POST /api/jobs/dispatch answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      const summary = answer.body as { claimed: number; dead: number; parked: number; remaining: number };
      await refresh();
      if (summary.dead > 0) throw new CommerceDemoError(`${summary.dead} commerce task(s) failed permanently`);
      if (summary.parked > 0) throw new CommerceDemoError(`${summary.parked} commerce task(s) parked: a connection needs re-authorization`);
      if (summary.remaining === 0) break;
      if (Date.now() > deadline) throw new CommerceDemoError(`the commerce backfill was not done after ${TIMEOUT_MS / 1000} s`);
      if (summary.claimed === 0) await sleep(IDLE_PAUSE_MS);
    }
  } finally {
    bars.stop();
  }
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** Minor units in the currency's own decimals, without a float: 123456 USD → 1234.56, 1234 JPY → 1234. */
function money(minor: number, currency: string): string {
  const digits = currencyExponent(currency);
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return `${minor < 0 ? '-' : ''}${whole}`.padStart(10);
}
