import type { Connector } from './connector.js';
import type { ConnectorConfig } from './connector-config.js';
import { etsyConfig } from './etsy/etsy.config.js';
import { printifyConfig } from './printify/printify.config.js';
import { shopifyConfig } from './shopify/shopify.config.js';
import { youtubeConfig } from './youtube/youtube.config.js';

/**
 * The one list of platforms. Each entry pairs the connector's env fragment (light: zod only,
 * parsed at start-up) with a loader for the connector itself, imported only when the
 * platform's work runs, so a function that never touches a platform never loads it.
 *
 * Adding a connector: a folder `lib/connectors/<platform>/` with `<platform>.config.ts` and
 * `<platform>.connector.ts`, and one line here (README, "Adding a connector").
 */
export interface RegistryEntry {
  config: ConnectorConfig<any, any>;
  load(): Promise<Connector<any, any>>;
}

export type ConnectorRegistry = ReadonlyMap<string, RegistryEntry>;

export const DEFAULT_CONNECTORS = {
  youtube: { config: youtubeConfig, load: async () => (await import('./youtube/youtube.connector.js')).youtubeConnector },
  etsy: { config: etsyConfig, load: async () => (await import('./etsy/etsy.connector.js')).etsyConnector },
  printify: { config: printifyConfig, load: async () => (await import('./printify/printify.connector.js')).printifyConnector },
  shopify: { config: shopifyConfig, load: async () => (await import('./shopify/shopify.connector.js')).shopifyConnector },
} satisfies Record<string, RegistryEntry>;

/** A registry of `entries` (tests add their own connectors through this). */
export function createRegistry(entries: Record<string, RegistryEntry>): ConnectorRegistry {
  for (const [platform, entry] of Object.entries(entries)) {
    if (entry.config.platform !== platform) throw new Error(`registry entry "${platform}" holds the config of "${entry.config.platform}"`);
  }
  return new Map(Object.entries(entries));
}

export const defaultRegistry: ConnectorRegistry = createRegistry(DEFAULT_CONNECTORS);
