/**
 * The Shopify simulator as its own process (its `main.ts`), as a benchmark runs it: standalone on
 * loopback with shops of the size given, the settings that point Sluice at it, its consent page
 * followed as a browser would, and its control routes (stats, truth, changes, buckets) over HTTP.
 */
import type { BucketSpec, ShopifySimulatorStats, ShopifyTruth } from '../simulators/shopify/index.js';
import { startChild } from './child-process.js';
import { controlClient } from './control-client.js';

/** Computing a 200,000-order shop's truth takes seconds; touching orders computes it too. */
const CONTROL_TIMEOUT_MS = 180_000;
/** Generating the shops happens before the simulator listens. */
const READY_TIMEOUT_MS = 180_000;

export interface ShopifySimulatorProcessOptions {
  /** Every default shop (sim-usd, sim-jpy, sim-kwd) is of this size. */
  orders: number;
  products: number;
  customers: number;
  historyDays: number;
  /** Every shop's cost bucket until set otherwise (setBucket). */
  bucket?: BucketSpec;
  apiKey: string;
  apiSecret: string;
  logFile: string;
}

/** truth-sample: the row counts of every table, every n-th order with its lines, the small tables whole. */
export type ShopifyTruthSample = ShopifyTruth & { counts: Record<keyof ShopifyTruth, number> };

export interface ShopifySimulatorProcess {
  baseUrl: string;
  /** The SHOPIFY_* settings that point Sluice at this simulator. */
  env: Record<string, string>;
  /** Opens a consent URL (Sluice's OAuth start) and answers the raw query it redirects with (code, hmac, shop, state…). */
  consent(authorizeUrl: string): Promise<string>;
  truthSample(shop: string, every: number): Promise<ShopifyTruthSample>;
  /** `count` orders spread evenly from the first (every `every`-th), each moved to another status now. */
  touchOrders(shop: string, count: number): Promise<{ ids: string[]; every: number }>;
  /** A new bucket, full. */
  setBucket(shop: string, bucket: BucketSpec): Promise<void>;
  stats(): Promise<ShopifySimulatorStats>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

export async function startShopifySimulatorProcess(options: ShopifySimulatorProcessOptions): Promise<ShopifySimulatorProcess> {
  const args = [
    ...['--port', '0', '--api-key', options.apiKey, '--api-secret', options.apiSecret],
    ...['--orders', String(options.orders), '--products', String(options.products), '--customers', String(options.customers), '--history-days', String(options.historyDays)],
    ...(options.bucket ? ['--bucket', `${options.bucket.capacity}:${options.bucket.restorePerSecond}`] : []),
  ];
  const child = await startChild({ script: 'dev/simulators/shopify/main.ts', args, env: {}, logFile: options.logFile, ready: /Shopify simulator on (http:\/\/127\.0\.0\.1:\d+)/, readyTimeoutMs: READY_TIMEOUT_MS });
  const baseUrl = child.match[1]!;
  const control = controlClient(baseUrl, CONTROL_TIMEOUT_MS);
  return {
    baseUrl,
    env: {
      SHOPIFY_API_KEY: options.apiKey,
      SHOPIFY_API_SECRET: options.apiSecret,
      SHOPIFY_REDIRECT_URI: 'http://127.0.0.1/shopify/callback',
      SHOPIFY_SHOP_URL_TEMPLATE: `${baseUrl}/shops/{shop}`,
    },
    async consent(authorizeUrl) {
      const response = await fetch(authorizeUrl, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      const location = response.headers.get('location');
      if (response.status !== 302 || !location) throw new Error(`shopify consent answered ${response.status}: ${await response.text()}`);
      return new URL(location).search.slice(1);
    },
    truthSample: (shop, every) => control.get('truth-sample', { shop, every }),
    touchOrders: (shop, count) => control.post('touch-orders', { shop, count }),
    setBucket: async (shop, bucket) => void (await control.post('set-bucket', { shop, capacity: bucket.capacity, restore_per_second: bucket.restorePerSecond })),
    stats: () => control.get('stats'),
    resetStats: async () => void (await control.post('reset-stats')),
    close: () => child.kill('SIGTERM'),
  };
}
