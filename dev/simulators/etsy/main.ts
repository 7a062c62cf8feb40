/**
 * Runs the Etsy simulator on its own: `npx tsx dev/simulators/etsy/main.ts [--port N] [--seed N]
 * [--shops Name:USD:240:24:400,…] [--rate N] [--daily-limit N] [--fault-rates …] …` (every flag and
 * its environment fallback: main-options.ts). Prints the settings to point Sluice at and serves
 * `/__control/…` (stats, truth, changes) for a harness in another process: control-routes.ts.
 */
import { startSimulatorMain } from '../_shared/simulator-main.js';
import { parseEtsyMainOptions } from './main-options.js';
import { startEtsySimulator } from './server.js';

const { options, simulator } = await startSimulatorMain('etsy simulator', parseEtsyMainOptions, startEtsySimulator);
const shops = (options.shops ?? []).length > 0 ? options.shops!.map((shop) => shop.name) : ['SimUsdShop', 'SimJpyShop'];
const faults = options.faultRates ? `${JSON.stringify(options.faultRates)} per API request, seed ${options.faultSeed ?? 1}` : 'none (inject through /__control/inject-faults)';
console.log(`Etsy simulator on ${simulator.baseUrl}
  ETSY_API_BASE_URL         ${simulator.apiBaseUrl}
  ETSY_OAUTH_AUTHORIZE_URL  ${simulator.oauthAuthorizeUrl}   (add sim_shop=<name> to pick the shop)
  ETSY_OAUTH_TOKEN_URL      ${simulator.oauthTokenUrl}
  ETSY_API_KEY              ${simulator.apiKey}
  ETSY_SHARED_SECRET        ${simulator.sharedSecret}
  shops                     ${shops.map((name) => `${name} (${simulator.shopIdFor(name)})`).join(', ')}
  random faults             ${faults}
  control                   GET ${simulator.baseUrl}/__control/stats, /__control/truth?shop_id=`);
