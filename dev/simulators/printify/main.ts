/**
 * Runs the Printify simulator on its own: `npx tsx dev/simulators/printify/main.ts [--port N]
 * [--orders N] [--sales-channel etsy] [--token T] [--fault-rates …] …` (every flag and its
 * environment fallback: main-options.ts). Prints the settings that point Sluice at it and the
 * account's personal access token. Serves `/__control/…` for a harness in another process
 * (control-routes.ts).
 */
import { startSimulatorMain } from '../_shared/simulator-main.js';
import { parsePrintifyMainOptions } from './main-options.js';
import { startPrintifySimulator } from './server.js';

const { options, simulator } = await startSimulatorMain('printify simulator', parsePrintifyMainOptions, startPrintifySimulator);
const accounts = (options.accounts ?? [{ name: 'merchant' }]).map(({ name }) => `  ${name}: shops ${simulator.shopIdsOf(name).join(', ')}; personal token ${simulator.accountToken(name)}`);
const faults = options.faultRates ? `${JSON.stringify(options.faultRates)} per API request, seed ${options.faultSeed ?? 1}` : 'none (inject through the API in tests)';
console.log(`Printify simulator on ${simulator.baseUrl}
  PRINTIFY_API_BASE_URL=${simulator.apiBaseUrl}   (GET /v1/shops.json, /v1/shops/{id}/orders.json, /v1/shops/{id}/products.json)
  PRINTIFY_OAUTH_AUTHORIZE_URL=${simulator.authorizeUrl}   (app_id ${options.appId ?? 'sim-printify-app'}; add sim_account=NAME or sim_decline=1)
  token endpoints  POST ${simulator.apiBaseUrl}/v1/app/oauth/tokens, …/tokens/refresh
  random faults    ${faults}
  control          GET ${simulator.baseUrl}/__control/stats, /__control/truth?shop_id=
${accounts.join('\n')}`);
