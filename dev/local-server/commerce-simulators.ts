/**
 * The Etsy, Printify and Shopify simulators as the local server mounts them when the platform's
 * credentials are unset, and the settings that point Sluice at them. The simulated Printify
 * accounts' shops sell on Etsy and on Shopify and fulfil some of the simulated Etsy shop's
 * receipts and of the first Shopify store's orders, so COGS and daily_financials have something
 * to link. Credentials are fixed, not secret: the simulators check them only so the real clients
 * send them as the vendors require.
 */
import { createEtsySimulator, DEFAULT_SHOPS, type EtsySimulator, type EtsySimulatorOptions } from '../simulators/etsy/index.js';
import { createPrintifySimulator, type PrintifyAccountSpec, type PrintifySimulator, type PrintifySimulatorOptions } from '../simulators/printify/index.js';
import { createShopifySimulator, type ShopifySimulator, type ShopifySimulatorOptions } from '../simulators/shopify/index.js';

export const ETSY_SIM_MOUNT = '/__sim/etsy/';
export const PRINTIFY_SIM_MOUNT = '/__sim/printify/';
export const SHOPIFY_SIM_MOUNT = '/__sim/shopify/';
/** Where the simulated consent pages send the browser back with `?code=…&state=…` (Shopify: and `hmac, host, shop, timestamp`). */
export const commerceCallbackPath = (platform: 'etsy' | 'printify' | 'shopify') => `/__dev/oauth/${platform}/callback`;

export const ETSY_SIM_KEY = 'sluice-local-etsy-keystring';
export const ETSY_SIM_SECRET = 'sluice-local-etsy-shared-secret';
export const PRINTIFY_SIM_APP_ID = 'sluice-local-printify-app';
/** The simulated merchant's personal access token (printed in the banner: it is a simulator's). */
export const PRINTIFY_SIM_TOKEN = 'sim-printify-personal-token-merchant';
/** The token of the simulated Printify account whose shop sells on Shopify (a second account: one shop per token keeps the connect a single call). */
export const PRINTIFY_SIM_SHOPIFY_TOKEN = 'sim-printify-personal-token-shopify-merchant';
export const SHOPIFY_SIM_API_KEY = 'sluice-local-shopify-api-key';
export const SHOPIFY_SIM_API_SECRET = 'sluice-local-shopify-api-secret';

/** Sales orders of the simulated Etsy shop and Shopify store that the simulated Printify shops fulfil (every third). */
const FULFILLED_SHARE = 3;

export interface CommerceSimulators {
  etsy: EtsySimulator | undefined;
  printify: PrintifySimulator | undefined;
  shopify: ShopifySimulator | undefined;
}

export interface CommerceSimulatorsOptions {
  etsy?: EtsySimulatorOptions;
  printify?: PrintifySimulatorOptions;
  shopify?: ShopifySimulatorOptions;
  etsyOn: boolean;
  printifyOn: boolean;
  shopifyOn: boolean;
}

export function createCommerceSimulators(options: CommerceSimulatorsOptions): CommerceSimulators {
  const etsy = options.etsyOn ? createEtsySimulator({ shops: DEFAULT_SHOPS, ...options.etsy, apiKey: ETSY_SIM_KEY, sharedSecret: ETSY_SIM_SECRET }) : undefined;
  const shopify = options.shopifyOn ? createShopifySimulator({ ...options.shopify, apiKey: SHOPIFY_SIM_API_KEY, apiSecret: SHOPIFY_SIM_API_SECRET }) : undefined;
  const receipts = etsy ? newestFirst(etsy.truth(etsy.shopIdFor(DEFAULT_SHOPS[0]!.name)).orders) : [];
  const shopifyStore = shopify?.shops()[0];
  const shopifyOrders = shopify && shopifyStore ? newestFirst(shopify.truth(shopifyStore.name).orders) : [];
  const accounts: PrintifyAccountSpec[] = [
    {
      name: 'merchant',
      personalToken: PRINTIFY_SIM_TOKEN,
      shops: [{ title: 'Sim Etsy Fulfilment', sales_channel: 'etsy', orders: 60, products: 12, historyDays: 90, salesOrderIds: everyThird(receipts) }],
    },
    ...(shopify
      ? [
          {
            name: 'shopify-merchant',
            personalToken: PRINTIFY_SIM_SHOPIFY_TOKEN,
            shops: [{ title: 'Sim Shopify Fulfilment', sales_channel: 'shopify', orders: 40, products: 8, historyDays: 90, salesOrderIds: everyThird(shopifyOrders) }],
          },
        ]
      : []),
  ];
  const printify = options.printifyOn ? createPrintifySimulator({ accounts, ...options.printify, appId: PRINTIFY_SIM_APP_ID }) : undefined;
  return { etsy, printify, shopify };
}

/** The newest sales orders first: the Printify shops' histories are shorter than the sales channels'. */
function newestFirst(orders: readonly { platform_id: string; placed_at: string }[]): string[] {
  return orders.toSorted((a, b) => b.placed_at.localeCompare(a.placed_at)).map((order) => order.platform_id);
}

function everyThird(ids: readonly string[]): string[] {
  return ids.filter((_, i) => i % FULFILLED_SHARE === 0);
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

/**
 * Shopify's app credentials and where its shops are: every shop's origin is under the mount
 * (`…/__sim/shopify/shops/{shop}`), and the consent comes back to the local callback page.
 */
export function shopifySimulatorEnv(baseUrl: string): Record<string, string> {
  return {
    SHOPIFY_API_KEY: SHOPIFY_SIM_API_KEY,
    SHOPIFY_API_SECRET: SHOPIFY_SIM_API_SECRET,
    SHOPIFY_REDIRECT_URI: `${baseUrl}${commerceCallbackPath('shopify')}`,
    SHOPIFY_SHOP_URL_TEMPLATE: `${baseUrl}${SHOPIFY_SIM_MOUNT}shops/{shop}`,
  };
}
