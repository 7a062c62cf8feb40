/**
 * The command line of the Etsy simulator run as its own process (main.ts): flags, each with an
 * environment fallback, parsed into its options. Pure, so a bad value fails with its name before
 * anything listens.
 *
 *   --port N              PORT              default 8086 (0: any free port)
 *   --seed N              SIM_SEED          seed of the synthetic shops, default 1
 *   --shops LIST          SIM_SHOPS         name:currency:receipts:listings:historyDays,… (default: a small USD and a small JPY shop)
 *   --rate N              SIM_RATE          requests per second per app key, default 10
 *   --daily-limit N       SIM_DAILY_LIMIT   requests per sliding 24 hours, default 10000
 *   --api-key K           SIM_API_KEY       the keystring expected in x-api-key and as client_id, default sim-etsy-key
 *   --shared-secret S     SIM_SHARED_SECRET default sim-etsy-secret
 *   --latency MS          SIM_LATENCY_MS    added to every response, default 0
 *   --fault-rates LIST    SIM_FAULT_RATES   e.g. serverError=0.1,rateLimited=0.05,timeout=0.02 (per API request)
 *   --fault-seed N        SIM_FAULT_SEED    seed of the random faults, default 1
 *   --timeout-ms MS       SIM_TIMEOUT_MS    how long a random timeout hangs before dropping the socket, default 11000
 */
import { assignDefined, FAULT_FLAGS, faultSettings, readFlags } from '../_shared/main-flags.js';
import type { EtsySimulatorServerOptions } from './server.js';
import type { EtsyShopSpec } from './types.js';

const FLAGS = {
  port: { env: 'PORT' },
  seed: { env: 'SIM_SEED' },
  shops: { env: 'SIM_SHOPS' },
  rate: { env: 'SIM_RATE' },
  'daily-limit': { env: 'SIM_DAILY_LIMIT' },
  'api-key': { env: 'SIM_API_KEY' },
  'shared-secret': { env: 'SIM_SHARED_SECRET' },
  ...FAULT_FLAGS,
} as const;

export interface EtsyMainOptions extends EtsySimulatorServerOptions {
  port: number;
}

/** `SimUsdShop:USD:240:24:400,SimJpyShop:JPY:90:12:200` → shop specs. */
export function parseShops(text: string): EtsyShopSpec[] {
  return text.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const match = /^([A-Za-z0-9]+):([A-Z]{3}):(\d+):([1-9]\d*):(\d+)$/.exec(entry);
    if (!match) throw new Error(`--shops: "${entry}" is not name:currency:receipts:listings:historyDays (e.g. SimUsdShop:USD:240:24:400)`);
    const [, name = '', currency = '', receipts, listings, historyDays] = match;
    return { name, currency, receipts: Number(receipts), listings: Number(listings), historyDays: Number(historyDays) };
  });
}

export function parseEtsyMainOptions(argv: readonly string[], env: Record<string, string | undefined>): EtsyMainOptions {
  const flags = readFlags(FLAGS, argv, env);
  const { raw, integer } = flags;
  const shops = raw('shops');
  return assignDefined<EtsyMainOptions>(
    { port: integer('port', 0) ?? 8086, controlRoutes: true },
    {
      seed: integer('seed', 0),
      shops: shops === undefined ? undefined : parseShops(shops),
      ratePerSecond: integer('rate', 1),
      dailyLimit: integer('daily-limit', 1),
      apiKey: raw('api-key'),
      sharedSecret: raw('shared-secret'),
      ...faultSettings(flags),
    },
  );
}
