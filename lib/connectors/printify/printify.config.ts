import * as z from 'zod';
import { apiRootUrl, integer, optionalText } from '../../config/env-schema.js';
import { defineConnectorConfig } from '../connector-config.js';
import { commerceEnv, commerceSettings } from '../sync/commerce.config.js';

/**
 * Printify's environment (DESIGN.md "Contracts"). Loaded eagerly, so it imports zod only.
 *
 * No secret is required: a merchant connects with a personal access token, which needs no app
 * (https://developers.printify.com/#create-a-personal-access-token). PRINTIFY_APP_ID enables the
 * OAuth flow for platforms managing several merchants; it is an id, not a secret (Printify's
 * token endpoint takes no client secret). So production never turns Printify on by itself from
 * its credentials: name it in CONNECTORS.
 */
export const printifyConfig = defineConnectorConfig({
  platform: 'printify',
  env: {
    ...commerceEnv,
    PRINTIFY_APP_ID: optionalText,
    /** The OAuth app's accept and decline URL (Printify redirects both outcomes there). */
    PRINTIFY_REDIRECT_URI: optionalText.pipe(z.url({ error: 'PRINTIFY_REDIRECT_URI must be a URL' }).optional()),
    PRINTIFY_API_BASE_URL: apiRootUrl('https://api.printify.com'),
    PRINTIFY_OAUTH_AUTHORIZE_URL: z.url().default('https://printify.com/app/authorize'),
    /** Printify allows 600 requests a minute per merchant account (https://developers.printify.com/#overview). */
    PRINTIFY_REQUESTS_PER_MINUTE: integer('PRINTIFY_REQUESTS_PER_MINUTE').pipe(z.number().int().min(1).max(60_000)).default(600),
    /**
     * An incremental orders sync re-reads orders placed up to this many days before its cursor:
     * orders change status (production, shipping) for weeks after they are placed, and the list has
     * no updated-since filter.
     */
    PRINTIFY_ORDER_LOOKBACK_DAYS: integer('PRINTIFY_ORDER_LOOKBACK_DAYS').pipe(z.number().int().min(1).max(365)).default(30),
    /** An orders sync re-reads every order when the last complete read is this many days old (late changes older than the lookback). */
    PRINTIFY_FULL_RESYNC_DAYS: integer('PRINTIFY_FULL_RESYNC_DAYS').pipe(z.number().int().min(1).max(365)).default(7),
  },
  secrets: [],
  settings: (e) => ({
    appId: e.PRINTIFY_APP_ID,
    redirectUri: e.PRINTIFY_REDIRECT_URI,
    apiBaseUrl: e.PRINTIFY_API_BASE_URL,
    authorizeUrl: e.PRINTIFY_OAUTH_AUTHORIZE_URL,
    requestsPerSecond: e.PRINTIFY_REQUESTS_PER_MINUTE / 60,
    orderLookbackDays: e.PRINTIFY_ORDER_LOOKBACK_DAYS,
    fullResyncDays: e.PRINTIFY_FULL_RESYNC_DAYS,
    commerce: commerceSettings(e),
  }),
});

export type PrintifySettings = ReturnType<typeof printifyConfig.settings>;
