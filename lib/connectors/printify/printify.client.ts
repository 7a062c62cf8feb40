import type * as z from 'zod';
import { parseDocumented } from '../http/documented-shape.js';
import type { BudgetGate } from '../../budgets/budget-gate.js';
import { ConfigError } from '../../errors.js';
import type { Clock } from '../../shared/clock.js';
import type { TokenSet } from '../auth/token-set.js';
import { requestJson, type JsonRequest, type JsonResponse, type VendorFailureReader } from '../http/json-request.js';
import { nextPageOf, type NumberedPage } from '../pagination/page-numbers.js';
import { printifyErrorText, readCodeExchangeFailure, readPersonalTokenFailure, readRefreshFailure } from './printify-failure.js';
import { parsePrintifyTime } from './printify-time.js';
import {
  orderSchema,
  pageEnvelopeSchema,
  productSchema,
  shopListSchema,
  tokenResponseSchema,
  type PrintifyOrder,
  type PrintifyProduct,
  type PrintifyShop,
} from './printify.schemas.js';

/** The budget every Printify call spends: 600 requests a minute per merchant account. */
export const PRINTIFY_BUDGET = 'printify';
/** Printify requires a User-Agent naming the client or the application (https://developers.printify.com/#create-a-personal-access-token). */
export const PRINTIFY_USER_AGENT = 'Sluice/1.0 (commerce sync)';
/** orders.json takes at most 10 a page (PLATFORMS.md). */
export const ORDERS_PAGE_LIMIT = 10;
/** products.json: 50 is safe (the 2024 docs said 100); the pages followed are the vendor's own. */
export const PRODUCTS_PAGE_LIMIT = 50;
/** A hung connection must not eat a dispatcher's whole invocation. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface PrintifyApiSettings {
  appId: string | undefined;
  redirectUri: string | undefined;
  /** The API root, with its trailing slash (`https://api.printify.com/`). */
  apiBaseUrl: string;
  authorizeUrl: string;
}

export interface PrintifyClient {
  /** The OAuth app's consent page; ConfigError without PRINTIFY_APP_ID and PRINTIFY_REDIRECT_URI. */
  authorizeUrl(state: string): string;
  /** OAuth: a grant code → tokens (6 hours, with a refresh token); a refused code is a ValidationError naming `code`. */
  exchangeCode(code: string): Promise<TokenSet>;
  /** OAuth: a refresh; a refused refresh token is a ReauthRequiredError. */
  refreshAccessToken(refreshToken: string): Promise<TokenSet>;
  /** A personal access token checked by listing its shops; refused, a ValidationError naming `access_token`. */
  checkPersonalToken(accessToken: string): Promise<PrintifyShop[]>;
  listShops(accessToken: string): Promise<PrintifyShop[]>;
  /** One page of a shop's orders, newest first, ORDERS_PAGE_LIMIT a page. */
  listOrders(accessToken: string, shopId: string, page: number): Promise<NumberedPage<PrintifyOrder>>;
  /** One page of a shop's products, PRODUCTS_PAGE_LIMIT a page. */
  listProducts(accessToken: string, shopId: string, page: number): Promise<NumberedPage<PrintifyProduct>>;
}

export interface PrintifyClientDeps {
  budgets: BudgetGate;
  clock: Clock;
  /** Tests: a fetch of their own. */
  fetch?: typeof fetch;
}

/**
 * The only code that talks to Printify. Every call — the token endpoints too, which are the
 * same API and count toward the same per-account limit — reserves a request of the `printify`
 * budget first, carries the User-Agent Printify requires, and turns a failure into the queue's
 * typed errors (printify-failure.ts). Printify documents no rate headers: pacing is the budget's.
 */
export function createPrintifyClient(settings: PrintifyApiSettings, deps: PrintifyClientDeps): PrintifyClient {
  const send = (request: Omit<JsonRequest, 'timeoutMs'>, readFailure?: VendorFailureReader): Promise<JsonResponse> =>
    deps.budgets.spend(PRINTIFY_BUDGET, { units: 1 }, () =>
      requestJson(
        { ...request, headers: { 'user-agent': PRINTIFY_USER_AGENT, ...request.headers }, timeoutMs: REQUEST_TIMEOUT_MS },
        { ...(deps.fetch ? { fetch: deps.fetch } : {}), now: () => deps.clock.now(), errorText: printifyErrorText, ...(readFailure ? { readFailure } : {}) },
      ),
    );
  const url = (path: string, query: Record<string, string | number> = {}) => {
    const target = new URL(path, settings.apiBaseUrl);
    for (const [key, value] of Object.entries(query)) target.searchParams.set(key, String(value));
    return target.toString();
  };
  const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` });
  const appId = (flow: string) => {
    if (!settings.appId) throw new ConfigError(`PRINTIFY_APP_ID must be set for ${flow} (a personal access token needs no app)`);
    return settings.appId;
  };
  const shops = async (accessToken: string, readFailure?: VendorFailureReader) => {
    // https://developers.printify.com/#retrieve-list-of-shops-in-a-printify-account
    const response = await send({ url: url('v1/shops.json'), headers: bearer(accessToken) }, readFailure);
    return parseDocumented(shopListSchema, response.body, 'printify shops.json');
  };
  const tokens = async (path: string, body: Record<string, string>, readFailure: VendorFailureReader): Promise<TokenSet> => {
    // Parameters as JSON: Printify's API reads JSON bodies (https://developers.printify.com/#api-basics).
    const response = await send({ method: 'POST', url: url(path), body }, readFailure);
    const parsed = parseDocumented(tokenResponseSchema, response.body, `printify ${path}`);
    return {
      accessToken: parsed.access_token,
      refreshToken: parsed.refresh_token ?? undefined,
      expiresAt: parsed.expire_at ? parsePrintifyTime(parsed.expire_at, `printify ${path} expire_at`) : null,
      scopes: '',
    };
  };

  return {
    // https://developers.printify.com/#getting-grant-codes — `accept_url?code=…&state=…` or `decline_url?error=…&error_description=…`.
    // Both outcomes go to PRINTIFY_REDIRECT_URI: one URL to register, and the page behind it tells
    // them apart by `code` or `error`, the way any OAuth 2.0 redirect carries a refusal (RFC 6749 §4.1.2.1).
    authorizeUrl(state) {
      const id = appId('the OAuth consent page');
      if (!settings.redirectUri) throw new ConfigError('PRINTIFY_REDIRECT_URI must be set for the OAuth consent page');
      const target = new URL(settings.authorizeUrl);
      target.searchParams.set('app_id', id);
      target.searchParams.set('accept_url', settings.redirectUri);
      target.searchParams.set('decline_url', settings.redirectUri);
      target.searchParams.set('state', state);
      return target.toString();
    },

    // https://developers.printify.com/#convert-grant-code-to-tokens
    exchangeCode: async (code) => tokens('v1/app/oauth/tokens', { app_id: appId('an OAuth code exchange'), code }, readCodeExchangeFailure),

    // https://developers.printify.com/#refresh-access-token
    refreshAccessToken: async (refreshToken) => tokens('v1/app/oauth/tokens/refresh', { app_id: appId('a token refresh'), refresh_token: refreshToken }, readRefreshFailure),

    checkPersonalToken: (accessToken) => shops(accessToken, readPersonalTokenFailure),
    listShops: (accessToken) => shops(accessToken),

    // https://developers.printify.com/#retrieve-a-list-of-orders
    async listOrders(accessToken, shopId, page) {
      const response = await send({ url: url(`v1/shops/${encodeURIComponent(shopId)}/orders.json`, { page, limit: ORDERS_PAGE_LIMIT }), headers: bearer(accessToken) });
      return readPage(response.body, page, orderSchema, 'order');
    },

    // https://developers.printify.com/#retrieve-a-list-of-all-products
    async listProducts(accessToken, shopId, page) {
      const response = await send({ url: url(`v1/shops/${encodeURIComponent(shopId)}/products.json`, { page, limit: PRODUCTS_PAGE_LIMIT }), headers: bearer(accessToken) });
      return readPage(response.body, page, productSchema, 'product');
    },
  };
}

/** A page envelope and each of its records, a record that does not parse named by its id. */
function readPage<S extends z.ZodType>(body: unknown, page: number, schema: S, kind: string): NumberedPage<z.infer<S>> {
  const envelope = parseDocumented(pageEnvelopeSchema, body, `printify ${kind}s page ${page}`);
  const items = envelope.data.map((raw, index) => parseDocumented(schema, raw, `printify ${kind} ${recordId(raw) ?? `#${index} of page ${page}`}`));
  return { page, items, nextPage: nextPageOf(envelope), total: envelope.total ?? null };
}

function recordId(raw: unknown): string | undefined {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

