/**
 * Runs the Shopify simulator on its own: `npx tsx dev/simulators/shopify/main.ts [--port 4010]
 * [--orders 200000] [--bucket 1000:50] [--fault-rates …] …` (every flag and its environment
 * fallback: main-options.ts). Prints the settings that point Sluice at it and a token per shop,
 * and serves `/__control/…` for a harness or benchmark in another process (control-routes.ts).
 */
import { startSimulatorMain } from '../_shared/simulator-main.js';
import { parseShopifyMainOptions } from './main-options.js';
import { startShopifySimulator } from './server.js';

const started = performance.now();
const { options, simulator } = await startSimulatorMain('shopify simulator', parseShopifyMainOptions, startShopifySimulator);
const faults = options.faultRates ? `${JSON.stringify(options.faultRates)} per GraphQL request, seed ${options.faultSeed ?? 1}` : 'none (inject through /__control/inject-faults)';
const shops = simulator.shops().map((shop) => `  ${shop.domain} (${shop.currency}, ${shop.timezone}): ${shop.orders} orders, ${shop.products} products, ${shop.customers} customers; token ${simulator.issueAccessToken(shop.name)}`);
console.log(`Shopify simulator on ${simulator.baseUrl} (ready in ${Math.round(performance.now() - started)} ms)
  SHOPIFY_SHOP_URL_TEMPLATE=${simulator.shopUrlTemplate}
  SHOPIFY_API_KEY=${simulator.apiKey}
  SHOPIFY_API_SECRET=${simulator.apiSecret}
  GraphQL          POST {origin}/admin/api/2026-10/graphql.json  (X-Shopify-Access-Token)
  OAuth            GET {origin}/admin/oauth/authorize (add sim_grant_scopes=… to grant fewer), POST {origin}/admin/oauth/access_token
  random faults    ${faults}
  control          GET ${simulator.baseUrl}/__control/stats, /__control/shops, /__control/truth?shop=
${shops.join('\n')}`);
