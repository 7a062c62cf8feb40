import * as z from 'zod';
import { integer, optionalText } from '../../config/env-schema.js';
import { defineConnectorConfig } from '../connector-config.js';
import { commerceEnv, commerceSettings } from '../sync/commerce.config.js';

/** Shopify's environment (DESIGN.md "Contracts", PLATFORMS.md "Shopify"). Loaded eagerly, so it imports zod only. */
export const shopifyConfig = defineConnectorConfig({
  platform: 'shopify',
  env: {
    ...commerceEnv,
    /** The app's client id (Partners dashboard → the app → Client credentials). */
    SHOPIFY_API_KEY: optionalText,
    /** The app's client secret: signs the OAuth redirect's `hmac`, and is sent in the code exchange. */
    SHOPIFY_API_SECRET: optionalText,
    /** The app's allowed redirection URL, where Shopify sends the merchant after consent. */
    SHOPIFY_REDIRECT_URI: optionalText.pipe(z.url({ error: 'SHOPIFY_REDIRECT_URI must be a URL' }).optional()),
    /** The Admin API version every query names (Shopify supports each for 12 months). */
    SHOPIFY_API_VERSION: z
      .string()
      .regex(/^(\d{4}-(01|04|07|10)|unstable)$/, { error: 'SHOPIFY_API_VERSION must be a release such as 2026-10' })
      .default('2026-10'),
    /** A shop's origin; `{shop}` is its validated `*.myshopify.com` domain (a simulator: `http://127.0.0.1:4010/shops/{shop}`). */
    SHOPIFY_SHOP_URL_TEMPLATE: z
      .string()
      .refine((t) => t.includes('{shop}') && URL.canParse(t.replace('{shop}', 'x.myshopify.com')), { error: 'SHOPIFY_SHOP_URL_TEMPLATE must be a URL containing {shop}' })
      .default('https://{shop}'),
    /** An incremental sync re-reads from its cursor minus this many minutes (records updated while the last one ran). */
    SHOPIFY_SYNC_OVERLAP_MINUTES: integer('SHOPIFY_SYNC_OVERLAP_MINUTES').pipe(z.number().int().min(0).max(1440)).default(5),
    /**
     * A products or customers sync reads the whole catalogue (a bulk operation) when the last
     * complete read is this many days old, and removes what it no longer finds: an updated_at
     * query never returns a record that was deleted.
     */
    SHOPIFY_FULL_RESYNC_DAYS: integer('SHOPIFY_FULL_RESYNC_DAYS').pipe(z.number().int().min(1).max(365)).default(7),
  },
  secrets: ['SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET'],
  settings: (e) => ({
    apiKey: e.SHOPIFY_API_KEY,
    apiSecret: e.SHOPIFY_API_SECRET,
    redirectUri: e.SHOPIFY_REDIRECT_URI,
    apiVersion: e.SHOPIFY_API_VERSION,
    shopUrlTemplate: e.SHOPIFY_SHOP_URL_TEMPLATE,
    syncOverlapMinutes: e.SHOPIFY_SYNC_OVERLAP_MINUTES,
    fullResyncDays: e.SHOPIFY_FULL_RESYNC_DAYS,
    commerce: commerceSettings(e),
  }),
});

export type ShopifySettings = ReturnType<typeof shopifyConfig.settings>;
