/**
 * The command line of the simulator run as its own process (main.ts), parsed into its options.
 * Pure, so a bad value fails with its name before anything listens.
 *
 *   --port N              PORT              default 8087 (0: any free port)
 *   --seed N              SIM_SEED          seed of the synthetic data, default 1
 *   --account NAME        SIM_ACCOUNT       the one merchant account, default 'merchant'
 *   --token T             SIM_TOKEN         its personal access token, default a new random one
 *   --sales-channel C     SIM_SALES_CHANNEL its shop's channel, default etsy
 *   --orders N            SIM_ORDERS        orders in the shop, default 60
 *   --products N          SIM_PRODUCTS      products in the shop, default 12
 *   --history-days N      SIM_HISTORY_DAYS  days the orders span, default 90
 *   --app-id ID           SIM_APP_ID        the OAuth app id accepted, default sim-printify-app
 *   --rate N              SIM_RATE          requests per minute per account before 429, default 600
 *   --latency MS          SIM_LATENCY_MS    added to every response, default 0
 *   --fault-rates LIST    SIM_FAULT_RATES   e.g. serverError=0.1,rateLimited=0.05,timeout=0.02 (per API request)
 *   --fault-seed N        SIM_FAULT_SEED    seed of the random faults, default 1
 *   --timeout-ms MS       SIM_TIMEOUT_MS    how long a random timeout hangs before dropping the socket, default 11000
 */
import { assignDefined, FAULT_FLAGS, faultSettings, readFlags } from '../_shared/main-flags.js';
import { DEFAULT_ACCOUNTS } from './accounts.js';
import type { PrintifySimulatorServerOptions } from './server.js';
import type { PrintifyAccountSpec } from './types.js';

const FLAGS = {
  port: { env: 'PORT' },
  seed: { env: 'SIM_SEED' },
  account: { env: 'SIM_ACCOUNT' },
  token: { env: 'SIM_TOKEN' },
  'sales-channel': { env: 'SIM_SALES_CHANNEL' },
  orders: { env: 'SIM_ORDERS' },
  products: { env: 'SIM_PRODUCTS' },
  'history-days': { env: 'SIM_HISTORY_DAYS' },
  'app-id': { env: 'SIM_APP_ID' },
  rate: { env: 'SIM_RATE' },
  ...FAULT_FLAGS,
} as const;

export interface PrintifyMainOptions extends PrintifySimulatorServerOptions {
  port: number;
}

export function parsePrintifyMainOptions(argv: readonly string[], env: Record<string, string | undefined>): PrintifyMainOptions {
  const flags = readFlags(FLAGS, argv, env);
  const { raw, integer } = flags;
  const options = assignDefined<PrintifyMainOptions>(
    { port: integer('port', 0) ?? 8087, controlRoutes: true },
    {
      seed: integer('seed', 0),
      appId: raw('app-id'),
      ratePerMinute: integer('rate', 1),
      ...faultSettings(flags),
    },
  );
  const shopFlags = { name: raw('account'), personalToken: raw('token'), sales_channel: raw('sales-channel'), orders: integer('orders', 0), products: integer('products', 1), historyDays: integer('history-days', 1) };
  if (Object.values(shopFlags).some((value) => value !== undefined)) options.accounts = [accountFrom(shopFlags)];
  return options;
}

/** The default account and shop, with what the flags change. */
function accountFrom(flags: { name?: string; personalToken?: string; sales_channel?: string; orders?: number; products?: number; historyDays?: number }): PrintifyAccountSpec {
  const [base] = DEFAULT_ACCOUNTS;
  const [shop] = base?.shops ?? [];
  if (!base || !shop) throw new Error('no default account to start from');
  const { name = base.name, personalToken, sales_channel = shop.sales_channel, orders = shop.orders, products = shop.products, historyDays = shop.historyDays } = flags;
  return { name, ...(personalToken !== undefined && { personalToken }), shops: [{ ...shop, sales_channel, orders, products, historyDays }] };
}
