/** Serves the Shopify simulator on its own port, with the settings to point Sluice's Shopify connector at. */
import { withControlRoutes } from '../_shared/control-routes.js';
import { startSimulatorServer, type SimulatorServer, type StandaloneServerOptions } from '../_shared/simulator-server.js';
import { shopifyControlRoutes } from './control-routes.js';
import { notFound } from './shopify-errors.js';
import { createShopifySimulator, type ShopifySimulator } from './simulator.js';
import type { ShopifySimulatorOptions } from './types.js';

export interface RunningShopifySimulator extends ShopifySimulator, SimulatorServer {
  /** For SHOPIFY_SHOP_URL_TEMPLATE: `${baseUrl}/shops/{shop}` (Shopify's is https://{shop}). */
  shopUrlTemplate: string;
}

export interface ShopifySimulatorServerOptions extends ShopifySimulatorOptions, StandaloneServerOptions {}

export async function startShopifySimulator(options: ShopifySimulatorServerOptions = {}): Promise<RunningShopifySimulator> {
  const { port = 0, controlRoutes = false, ...simulatorOptions } = options;
  const simulator = createShopifySimulator(simulatorOptions);
  const mounted = controlRoutes ? withControlRoutes(simulator, shopifyControlRoutes(simulator)) : simulator;
  const server = await startSimulatorServer(mounted, { port, notFound: () => notFound() });
  return {
    ...simulator,
    baseUrl: server.baseUrl,
    shopUrlTemplate: `${server.baseUrl}/shops/{shop}`,
    async close() {
      await server.close();
      await simulator.close();
    },
  };
}
