import * as z from 'zod';
import { apiRootUrl, integer, optionalText } from '../../config/env-schema.js';
import { defineConnectorConfig } from '../connector-config.js';
import { commerceEnv, commerceSettings } from '../sync/commerce.config.js';

/** Etsy's environment (DESIGN.md, Contracts; PLATFORMS.md "Etsy"). Loaded eagerly, so it imports zod only. */
export const etsyConfig = defineConnectorConfig({
  platform: 'etsy',
  env: {
    /** The app's keystring: the OAuth `client_id`, and the first half of every request's `x-api-key`. */
    ETSY_API_KEY: optionalText,
    /** The app's shared secret: `x-api-key: {keystring}:{shared_secret}` (enforced since February 2026). */
    ETSY_SHARED_SECRET: optionalText,
    ETSY_REDIRECT_URI: optionalText,
    ETSY_API_BASE_URL: apiRootUrl('https://openapi.etsy.com'),
    ETSY_OAUTH_AUTHORIZE_URL: z.url().default('https://www.etsy.com/oauth/connect'),
    ETSY_OAUTH_TOKEN_URL: z.url().default('https://api.etsy.com/v3/public/oauth/token'),
    /** Requests per second Sluice allows itself per app key, shared by every invocation (new apps: 10/s). */
    ETSY_REQUESTS_PER_SECOND: integer('ETSY_REQUESTS_PER_SECOND').pipe(z.number().int().min(1).max(1_000)).default(10),
    /** Requests per sliding 24 hours per app key (new apps: 10,000). */
    ETSY_DAILY_QUOTA: integer('ETSY_DAILY_QUOTA').pipe(z.number().int().min(1)).default(10_000),
    ...commerceEnv,
  },
  secrets: ['ETSY_API_KEY', 'ETSY_SHARED_SECRET'],
  settings: (e) => ({
    apiKey: e.ETSY_API_KEY,
    sharedSecret: e.ETSY_SHARED_SECRET,
    redirectUri: e.ETSY_REDIRECT_URI,
    apiBaseUrl: e.ETSY_API_BASE_URL,
    authorizeUrl: e.ETSY_OAUTH_AUTHORIZE_URL,
    tokenUrl: e.ETSY_OAUTH_TOKEN_URL,
    requestsPerSecond: e.ETSY_REQUESTS_PER_SECOND,
    dailyQuota: e.ETSY_DAILY_QUOTA,
    commerce: commerceSettings(e),
  }),
});

export type EtsySettings = ReturnType<typeof etsyConfig.settings>;
