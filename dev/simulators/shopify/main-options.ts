/**
 * The command line of the Shopify simulator run as its own process (main.ts), parsed into its
 * options. Pure, so a bad value fails with its name before anything listens.
 *
 *   --port N               PORT                 default 4010 (0: any free port)
 *   --seed N               SIM_SEED             seed of the synthetic shops, default 1
 *   --orders N             SIM_ORDERS           orders in every default shop (e.g. 200000 for the benchmark)
 *   --products N           SIM_PRODUCTS         products in every default shop
 *   --customers N          SIM_CUSTOMERS        customers in every default shop
 *   --history-days N       SIM_HISTORY_DAYS     days the orders span, default 120
 *   --api-key K            SIM_API_KEY          the app's client id, default sim-shopify-api-key
 *   --api-secret S         SIM_API_SECRET       the app's client secret, default sim-shopify-api-secret
 *   --expiring-tokens 0|1  SIM_EXPIRING_TOKENS  expiring offline tokens with refresh tokens, default 0
 *   --bucket C:R           SIM_BUCKET           every shop's cost bucket, capacity:restorePerSecond (default 2000:100; sim-kwd 1000:50)
 *   --bulk-ms MS           SIM_BULK_MS          a bulk operation completes this long after creation, not after 2 polls
 *   --latency MS           SIM_LATENCY_MS       added to every response, default 0
 *   --fault-rates LIST     SIM_FAULT_RATES      e.g. serverError=0.1,rateLimited=0.05,timeout=0.02 (per GraphQL request)
 *   --fault-seed N         SIM_FAULT_SEED       seed of the random faults, default 1
 *   --timeout-ms MS        SIM_TIMEOUT_MS       how long a random timeout hangs before dropping the socket, default 11000
 */
import { assignDefined, FAULT_FLAGS, faultSettings, readFlags } from '../_shared/main-flags.js';
import type { ShopifySimulatorServerOptions } from './server.js';
import { DEFAULT_SHOPS } from './shops.js';
import type { BucketSpec } from './types.js';

const FLAGS = {
  port: { env: 'PORT' },
  seed: { env: 'SIM_SEED' },
  orders: { env: 'SIM_ORDERS' },
  products: { env: 'SIM_PRODUCTS' },
  customers: { env: 'SIM_CUSTOMERS' },
  'history-days': { env: 'SIM_HISTORY_DAYS' },
  'api-key': { env: 'SIM_API_KEY' },
  'api-secret': { env: 'SIM_API_SECRET' },
  'expiring-tokens': { env: 'SIM_EXPIRING_TOKENS' },
  bucket: { env: 'SIM_BUCKET' },
  'bulk-ms': { env: 'SIM_BULK_MS' },
  ...FAULT_FLAGS,
} as const;

export interface ShopifyMainOptions extends ShopifySimulatorServerOptions {
  port: number;
}

function bucketFrom(text: string | undefined): BucketSpec | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+):(\d+)$/.exec(text);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new Error(`--bucket (SIM_BUCKET) must be capacity:restorePerSecond, both ≥ 1, got "${text}"`);
  return { capacity: Number(match[1]), restorePerSecond: Number(match[2]) };
}

export function parseShopifyMainOptions(argv: readonly string[], env: Record<string, string | undefined>): ShopifyMainOptions {
  const flags = readFlags(FLAGS, argv, env);
  const { raw, integer } = flags;
  const expiring = raw('expiring-tokens');
  if (expiring !== undefined && !['0', '1'].includes(expiring)) throw new Error(`--expiring-tokens (SIM_EXPIRING_TOKENS) must be 0 or 1, got "${expiring}"`);
  const options = assignDefined<ShopifyMainOptions>(
    { port: integer('port', 0) ?? 4010, controlRoutes: true },
    {
      seed: integer('seed', 0),
      apiKey: raw('api-key'),
      apiSecret: raw('api-secret'),
      expiringTokens: expiring === undefined ? undefined : expiring === '1',
      bulkMsToComplete: integer('bulk-ms', 0),
      ...faultSettings(flags),
    },
  );
  const sizes = { orders: integer('orders', 0), products: integer('products', 1), customers: integer('customers', 0), historyDays: integer('history-days', 1) };
  const bucket = bucketFrom(raw('bucket'));
  if (Object.values(sizes).some((value) => value !== undefined) || bucket) {
    options.shops = DEFAULT_SHOPS.map((shop) => assignDefined({ ...shop }, { ...sizes, bucket }));
  }
  return options;
}
