/**
 * The Etsy and Printify simulators each as its own process (their `main.ts`), as a benchmark or
 * chaos harness runs them: standalone on loopback at the limits given, with the settings that
 * point Sluice at them and their control routes (stats, truth, codes) over HTTP.
 */
import type { EtsyShopSpec, EtsySimulatorStats, EtsyTruth } from '../simulators/etsy/index.js';
import type { PrintifySimulatorStats, PrintifyTruth } from '../simulators/printify/index.js';
import { startChild } from './child-process.js';
import { controlClient } from './control-client.js';

/** A 100,000-receipt shop's truth is about 140 MB of JSON: minutes, not the default seconds. */
const CONTROL_TIMEOUT_MS = 180_000;
/** Generating a large shop happens before the simulator listens. */
const READY_TIMEOUT_MS = 180_000;

export interface EtsySimulatorProcessOptions {
  shops: readonly EtsyShopSpec[];
  /** Requests per app key in any sliding second (Etsy's new-app limit: 10). */
  ratePerSecond: number;
  /** Requests per app key in any sliding 24 hours (10,000). */
  dailyLimit: number;
  apiKey: string;
  sharedSecret: string;
  seed?: number;
  logFile: string;
}

export interface EtsySimulatorProcess {
  baseUrl: string;
  /** The ETSY_* settings that point Sluice at this simulator (the limits are Sluice's own to choose). */
  env: Record<string, string>;
  shopIdFor(name: string): Promise<number>;
  /** A single-use code for the shop's owner, as the consent page would issue it for this PKCE challenge. */
  issueCode(shopName: string, codeChallenge: string, redirectUri: string): Promise<string>;
  /** A shop resource as the public `GET /v3/application/shops/{id}` answers it (one call, counted like any). */
  getShop(shopId: number): Promise<{ shop_id: number; shop_name: string; create_date: number }>;
  truth(shopId: number): Promise<EtsyTruth>;
  stats(): Promise<EtsySimulatorStats>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

export async function startEtsySimulatorProcess(options: EtsySimulatorProcessOptions): Promise<EtsySimulatorProcess> {
  const shops = options.shops.map((shop) => [shop.name, shop.currency, shop.receipts, shop.listings, shop.historyDays].join(':')).join(',');
  const args = ['--port', '0', '--shops', shops, '--rate', String(options.ratePerSecond), '--daily-limit', String(options.dailyLimit), '--api-key', options.apiKey, '--shared-secret', options.sharedSecret];
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  const child = await startChild({ script: 'dev/simulators/etsy/main.ts', args, env: {}, logFile: options.logFile, ready: /Etsy simulator on (http:\/\/127\.0\.0\.1:\d+)/, readyTimeoutMs: READY_TIMEOUT_MS });
  const baseUrl = child.match[1]!;
  const control = controlClient(baseUrl, CONTROL_TIMEOUT_MS);
  return {
    baseUrl,
    env: {
      ETSY_API_KEY: options.apiKey,
      ETSY_SHARED_SECRET: options.sharedSecret,
      ETSY_REDIRECT_URI: 'http://127.0.0.1/etsy/callback',
      ETSY_API_BASE_URL: baseUrl,
      ETSY_OAUTH_AUTHORIZE_URL: `${baseUrl}/oauth/connect`,
      ETSY_OAUTH_TOKEN_URL: `${baseUrl}/v3/public/oauth/token`,
    },
    shopIdFor: async (name) => (await control.get<{ shop_id: number }>('shop-id', { name })).shop_id,
    issueCode: async (shop, codeChallenge, redirectUri) => (await control.post<{ code: string }>('issue-code', { shop, code_challenge: codeChallenge, redirect_uri: redirectUri })).code,
    async getShop(shopId) {
      const response = await fetch(`${baseUrl}/v3/application/shops/${shopId}`, { headers: { 'x-api-key': `${options.apiKey}:${options.sharedSecret}` }, signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`etsy simulator shops/${shopId}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { shop_id: number; shop_name: string; create_date: number };
    },
    truth: (shopId) => control.get('truth', { shop_id: shopId }),
    stats: () => control.get('stats'),
    resetStats: async () => void (await control.post('reset-stats')),
    close: () => child.kill('SIGTERM'),
  };
}

export interface PrintifySimulatorProcessOptions {
  account: string;
  /** The account's personal access token. */
  token: string;
  orders: number;
  products: number;
  historyDays: number;
  salesChannel: string;
  /** Requests per account in any sliding minute (Printify's: 600). */
  ratePerMinute: number;
  seed?: number;
  logFile: string;
}

export interface PrintifySimulatorProcess {
  baseUrl: string;
  /** The PRINTIFY_* settings that point Sluice at this simulator. */
  env: Record<string, string>;
  shopIdsOf(account: string): Promise<number[]>;
  truth(shopId: number | string): Promise<PrintifyTruth>;
  stats(): Promise<PrintifySimulatorStats>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

export async function startPrintifySimulatorProcess(options: PrintifySimulatorProcessOptions): Promise<PrintifySimulatorProcess> {
  const args = [
    ...['--port', '0', '--account', options.account, '--token', options.token, '--sales-channel', options.salesChannel],
    ...['--orders', String(options.orders), '--products', String(options.products), '--history-days', String(options.historyDays), '--rate', String(options.ratePerMinute)],
  ];
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  const child = await startChild({ script: 'dev/simulators/printify/main.ts', args, env: {}, logFile: options.logFile, ready: /Printify simulator on (http:\/\/127\.0\.0\.1:\d+)/, readyTimeoutMs: READY_TIMEOUT_MS });
  const baseUrl = child.match[1]!;
  const control = controlClient(baseUrl, CONTROL_TIMEOUT_MS);
  return {
    baseUrl,
    env: { PRINTIFY_API_BASE_URL: baseUrl, PRINTIFY_OAUTH_AUTHORIZE_URL: `${baseUrl}/app/authorize` },
    shopIdsOf: async (account) => (await control.get<{ shop_ids: number[] }>('shop-ids', { name: account })).shop_ids,
    truth: (shopId) => control.get('truth', { shop_id: shopId }),
    stats: () => control.get('stats'),
    resetStats: async () => void (await control.post('reset-stats')),
    close: () => child.kill('SIGTERM'),
  };
}
