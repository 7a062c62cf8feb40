/** Serves the Printify simulator on its own port, with the URLs to point Sluice's Printify settings at. */
import { withControlRoutes } from '../_shared/control-routes.js';
import { startSimulatorServer, type SimulatorServer, type StandaloneServerOptions } from '../_shared/simulator-server.js';
import { printifyControlRoutes } from './control-routes.js';
import { notFound } from './printify-errors.js';
import { createPrintifySimulator, type PrintifySimulator } from './simulator.js';
import type { PrintifySimulatorOptions } from './types.js';

export interface RunningPrintifySimulator extends PrintifySimulator, SimulatorServer {
  /** For PRINTIFY_API_BASE_URL (Printify's is https://api.printify.com; paths start /v1/). */
  apiBaseUrl: string;
  /** For PRINTIFY_OAUTH_AUTHORIZE_URL (Printify's is https://printify.com/app/authorize). */
  authorizeUrl: string;
}

export interface PrintifySimulatorServerOptions extends PrintifySimulatorOptions, StandaloneServerOptions {}

export async function startPrintifySimulator(options: PrintifySimulatorServerOptions = {}): Promise<RunningPrintifySimulator> {
  const { port = 0, controlRoutes = false, ...simulatorOptions } = options;
  const simulator = createPrintifySimulator(simulatorOptions);
  const mounted = controlRoutes ? withControlRoutes(simulator, printifyControlRoutes(simulator)) : simulator;
  const { baseUrl, close } = await startSimulatorServer(mounted, { port, notFound: () => notFound() });
  return { ...simulator, baseUrl, apiBaseUrl: baseUrl, authorizeUrl: `${baseUrl}/app/authorize`, close };
}
