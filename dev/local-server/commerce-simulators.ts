/**
 * The Etsy and Printify simulators as the local server mounts them when the platform's
 * credentials are unset, and the settings that point Sluice at them. The simulated Printify
 * account's shop sells on Etsy and fulfils some of the simulated Etsy shop's receipts, so COGS
 * and daily_financials have something to link. Credentials are fixed, not secret: the simulators
 * check them only so the real clients send them as the vendors require.
 */
import { createEtsySimulator, DEFAULT_SHOPS, type EtsySimulator, type EtsySimulatorOptions } from '../simulators/etsy/index.js';
import { createPrintifySimulator, type PrintifySimulator, type PrintifySimulatorOptions } from '../simulators/printify/index.js';

export const ETSY_SIM_MOUNT = '/__sim/etsy/';
export const PRINTIFY_SIM_MOUNT = '/__sim/printify/';
/** Where the simulated consent pages send the browser back with `?code=…&state=…`. */
export const commerceCallbackPath = (platform: 'etsy' | 'printify') => `/__dev/oauth/${platform}/callback`;

export const ETSY_SIM_KEY = 'sluice-local-etsy-keystring';
export const ETSY_SIM_SECRET = 'sluice-local-etsy-shared-secret';
export const PRINTIFY_SIM_APP_ID = 'sluice-local-printify-app';
/** The simulated merchant's personal access token (printed in the banner: it is a simulator's). */
export const PRINTIFY_SIM_TOKEN = 'sim-printify-personal-token-merchant';

/** Receipts of the simulated Etsy shop that the simulated Printify shop fulfils (every third). */
const FULFILLED_SHARE = 3;

export function createCommerceSimulators(options: { etsy?: EtsySimulatorOptions; printify?: PrintifySimulatorOptions; etsyOn: boolean; printifyOn: boolean }): {
  etsy: EtsySimulator | undefined;
  printify: PrintifySimulator | undefined;
} {
  const etsy = options.etsyOn ? createEtsySimulator({ shops: DEFAULT_SHOPS, ...options.etsy, apiKey: ETSY_SIM_KEY, sharedSecret: ETSY_SIM_SECRET }) : undefined;
  // The newest receipts first: the Printify shop's history is shorter than the Etsy shop's.
  const receipts = etsy
    ? etsy
        .truth(etsy.shopIdFor(DEFAULT_SHOPS[0]!.name))
        .orders.toSorted((a, b) => b.placed_at.localeCompare(a.placed_at))
        .map((order) => order.platform_id)
    : [];
  const printify = options.printifyOn
    ? createPrintifySimulator({
        accounts: [
          {
            name: 'merchant',
            personalToken: PRINTIFY_SIM_TOKEN,
            shops: [{ title: 'Sim Etsy Fulfilment', sales_channel: 'etsy', orders: 60, products: 12, historyDays: 90, salesOrderIds: receipts.filter((_, i) => i % FULFILLED_SHARE === 0) }],
          },
        ],
        ...options.printify,
        appId: PRINTIFY_SIM_APP_ID,
      })
    : undefined;
  return { etsy, printify };
}

/** The environment entries (DESIGN.md, Contracts) that route every Etsy call to `baseUrl`'s simulator. */
export function etsySimulatorEnv(baseUrl: string): Record<string, string> {
  const root = `${baseUrl}${ETSY_SIM_MOUNT}`;
  return {
    ETSY_API_KEY: ETSY_SIM_KEY,
    ETSY_SHARED_SECRET: ETSY_SIM_SECRET,
    ETSY_REDIRECT_URI: `${baseUrl}${commerceCallbackPath('etsy')}`,
    ETSY_API_BASE_URL: root,
    ETSY_OAUTH_AUTHORIZE_URL: `${root}oauth/connect`,
    ETSY_OAUTH_TOKEN_URL: `${root}v3/public/oauth/token`,
  };
}

export function printifySimulatorEnv(baseUrl: string): Record<string, string> {
  const root = `${baseUrl}${PRINTIFY_SIM_MOUNT}`;
  return {
    PRINTIFY_APP_ID: PRINTIFY_SIM_APP_ID,
    PRINTIFY_REDIRECT_URI: `${baseUrl}${commerceCallbackPath('printify')}`,
    PRINTIFY_API_BASE_URL: root,
    PRINTIFY_OAUTH_AUTHORIZE_URL: `${root}app/authorize`,
  };
}
