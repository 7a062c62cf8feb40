/** Serves the Etsy simulator on its own port, with the URLs to point Sluice's Etsy settings at (DESIGN.md, ETSY_*). */
import { withControlRoutes } from '../_shared/control-routes.js';
import { startSimulatorServer, type SimulatorServer, type StandaloneServerOptions } from '../_shared/simulator-server.js';
import { etsyControlRoutes } from './control-routes.js';
import { etsyError } from './etsy-errors.js';
import { createEtsySimulator, type EtsySimulator } from './simulator.js';
import type { EtsySimulatorOptions } from './types.js';

export interface RunningEtsySimulator extends EtsySimulator, SimulatorServer {
  /** ETSY_API_BASE_URL: requests go to `${apiBaseUrl}/v3/application/…`. */
  apiBaseUrl: string;
  /** ETSY_OAUTH_AUTHORIZE_URL (the consent page stand-in). */
  oauthAuthorizeUrl: string;
  /** ETSY_OAUTH_TOKEN_URL. */
  oauthTokenUrl: string;
}

export interface EtsySimulatorServerOptions extends EtsySimulatorOptions, StandaloneServerOptions {}

export async function startEtsySimulator(options: EtsySimulatorServerOptions = {}): Promise<RunningEtsySimulator> {
  const { port = 0, controlRoutes = false, ...simulatorOptions } = options;
  const simulator = createEtsySimulator(simulatorOptions);
  const { baseUrl, close } = await startSimulatorServer(controlRoutes ? withControlRoutes(simulator, etsyControlRoutes(simulator)) : simulator, {
    port,
    notFound: (req, path) => etsyError(404, `No route for ${req.method} ${path}`),
  });
  return Object.assign(simulator, {
    baseUrl,
    apiBaseUrl: baseUrl,
    oauthAuthorizeUrl: `${baseUrl}/oauth/connect`,
    oauthTokenUrl: `${baseUrl}/v3/public/oauth/token`,
    close,
  });
}
