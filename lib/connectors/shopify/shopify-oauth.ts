import * as z from 'zod';
import { parseDocumented } from '../http/documented-shape.js';
import { ConfigError, ReauthRequiredError, ValidationError } from '../../errors.js';
import type { Clock } from '../../shared/clock.js';
import type { TokenSet } from '../auth/token-set.js';
import { requestJson, type JsonRequest, type VendorFailureReader } from '../http/json-request.js';
import type { ShopifySettings } from './shopify.config.js';
import { shopifyAdminUrl } from './shop-url.js';
import { shopifyErrorText } from './shopify-failure.js';

/**
 * What Sluice reads (https://shopify.dev/docs/api/usage/access-scopes): orders (older than 60
 * days only with `read_all_orders`, which Shopify must approve for the app), products, customers.
 * Comma-separated, as the consent URL takes them.
 */
export const SHOPIFY_SCOPES = 'read_orders,read_all_orders,read_products,read_customers';

/** A hung token endpoint must not eat a request's whole invocation. */
const REQUEST_TIMEOUT_MS = 10_000;

export type ShopifyOAuthSettings = Pick<ShopifySettings, 'apiKey' | 'apiSecret' | 'redirectUri' | 'shopUrlTemplate'>;

export interface ShopifyOAuthDeps {
  clock: Clock;
  /** Tests: a fetch of their own. */
  fetch?: typeof fetch;
}

/**
 * Pure: the shop's consent page for an offline token
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-2-ask-for-permission).
 * No `grant_options[]`: that is what makes the token offline (per shop, not per user). Scopes
 * keep their commas and spaces are %20, as Shopify's examples write them.
 */
export function shopifyAuthorizeUrl(settings: ShopifyOAuthSettings, request: { state: string; shop: string }): string {
  const clientId = required(settings.apiKey, 'SHOPIFY_API_KEY');
  const redirectUri = required(settings.redirectUri, 'SHOPIFY_REDIRECT_URI');
  const query = new URLSearchParams({ client_id: clientId, scope: SHOPIFY_SCOPES, redirect_uri: redirectUri, state: request.state });
  return `${shopifyAdminUrl(settings.shopUrlTemplate, request.shop, '/admin/oauth/authorize')}?${query.toString().replace(/\+/g, '%20').replace(/%2C/gi, ',')}`;
}

/**
 * The redirect's code → an offline token
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-4-get-an-access-token):
 * `POST {origin}/admin/oauth/access_token` with the app's credentials, as JSON like
 * @shopify/shopify-api sends it. A non-expiring token comes alone; an expiring one
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens)
 * with `expires_in` and a `refresh_token`. A refused code is a ValidationError naming `code`.
 */
export async function exchangeShopifyCode(settings: ShopifyOAuthSettings, input: { shop: string; code: string }, deps: ShopifyOAuthDeps): Promise<TokenSet> {
  const body = { client_id: required(settings.apiKey, 'SHOPIFY_API_KEY'), client_secret: required(settings.apiSecret, 'SHOPIFY_API_SECRET'), code: input.code };
  return tokenRequest(settings, input.shop, body, readCodeExchangeFailure, deps);
}

/**
 * A new expiring offline token from its refresh token
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens):
 * the same endpoint, `grant_type=refresh_token` as a form. Shopify rotates the refresh token on
 * every use; the one returned replaces the stored one. A refused refresh token (revoked, expired,
 * the app uninstalled) means the merchant must connect again: ReauthRequiredError.
 */
export async function refreshShopifyToken(settings: ShopifyOAuthSettings, shop: string, refreshToken: string, deps: ShopifyOAuthDeps): Promise<TokenSet> {
  const form = new URLSearchParams({
    client_id: required(settings.apiKey, 'SHOPIFY_API_KEY'),
    client_secret: required(settings.apiSecret, 'SHOPIFY_API_SECRET'),
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  });
  return tokenRequest(settings, shop, form, readRefreshFailure, deps);
}

/** The scopes a token set was granted (TokenSet keeps them space-separated; Shopify sends commas). */
export function grantedScopes(tokens: Pick<TokenSet, 'scopes'>): string[] {
  return tokens.scopes.split(/[\s,]+/).filter((scope) => scope !== '');
}

/** Orders older than 60 days are readable: `read_all_orders` was granted (no other scope implies it). */
export function hasAllOrdersScope(scopes: readonly string[]): boolean {
  return scopes.includes('read_all_orders');
}

// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-4-get-an-access-token
const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  scope: z.string(),
  expires_in: z.number().int().positive().optional(),
  refresh_token: z.string().min(1).optional(),
});

/** The token endpoint's error bodies: OAuth's `{error, error_description}`, or the Admin API's `{errors}`. */
const errorBodySchema = z.object({
  error: z.string().optional(),
  error_description: z.string().optional(),
  errors: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
});

async function tokenRequest(settings: ShopifyOAuthSettings, shop: string, body: unknown, readFailure: VendorFailureReader, deps: ShopifyOAuthDeps): Promise<TokenSet> {
  const request: JsonRequest = { method: 'POST', url: shopifyAdminUrl(settings.shopUrlTemplate, shop, '/admin/oauth/access_token'), body, timeoutMs: REQUEST_TIMEOUT_MS };
  const response = await requestJson(request, { ...(deps.fetch ? { fetch: deps.fetch } : {}), now: () => deps.clock.now(), errorText: shopifyErrorText, readFailure });
  const tokens = parseDocumented(tokenResponseSchema, response.body, 'shopify /admin/oauth/access_token answer');
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: tokens.expires_in === undefined ? null : new Date(deps.clock.now().getTime() + tokens.expires_in * 1_000),
    scopes: grantedScopes({ scopes: tokens.scope }).join(' '),
  };
}

/** The app's credentials were refused: the operator's to fix, never the merchant's (and never a reason to refresh). */
function appRefused(failure: Parameters<VendorFailureReader>[0]): ConfigError | undefined {
  const code = errorBodySchema.safeParse(failure.body).data?.error;
  if (code !== 'invalid_client' && code !== 'unauthorized_client') return undefined;
  return new ConfigError(`Shopify refused the app: check SHOPIFY_API_KEY and SHOPIFY_API_SECRET (${failure.description})`);
}

/** Exchange: a 400 is a used, expired or foreign code (the caller's); a 401 is the app's credentials; the rest, the shared ladder. */
const readCodeExchangeFailure: VendorFailureReader = (failure) => {
  const app = appRefused(failure);
  if (app) return app;
  if (failure.status === 401) return new ConfigError(`Shopify refused the app's credentials: check SHOPIFY_API_KEY and SHOPIFY_API_SECRET (${failure.description})`);
  if (failure.status !== 400) return undefined;
  const message = `Shopify refused the authorization code (${failure.description}): it is expired, already used, or was issued for another shop or app`;
  return new ValidationError(`code: ${message}`, [{ path: 'code', message }]);
};

/** Refresh: a 400 or 401 (invalid_grant) means the grant is gone; the rest, the shared ladder (5xx retried, 429 waited). */
const readRefreshFailure: VendorFailureReader = (failure) => {
  const app = appRefused(failure);
  if (app) return app;
  if (failure.status === 400 || failure.status === 401) return new ReauthRequiredError(`Shopify refused the refresh token (${failure.description})`);
  return undefined;
};

function required(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(`${name} must be set to connect Shopify shops`);
  return value;
}
