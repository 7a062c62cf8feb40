import type { BudgetGate } from '../../budgets/budget-gate.js';
import { currentSpender } from '../../budgets/spender.js';
import type { Clock } from '../../shared/clock.js';
import type { TokenSet } from '../auth/token-set.js';
import type { AuthorizeRequest } from '../connector.js';
import { requestJson, type JsonRequest, type VendorFailureReader } from '../http/json-request.js';
import { ETSY_BUDGET } from './etsy-budget.js';
import { etsyErrorText, isDailyLimitBody, readEtsyFailure, readEtsyTokenFailure } from './etsy-failure.js';
import { ETSY_SCOPES, etsyAuthorizeUrl } from './etsy-oauth.js';
import { observationOfHeaders } from './etsy-rate-headers.js';
import {
  etsyLedgerEntrySchema,
  etsyListingSchema,
  etsyMeSchema,
  etsyReceiptSchema,
  etsyShopSchema,
  etsyTokenSchema,
  parseEtsy,
  parseEtsyPage,
  type EtsyLedgerEntry,
  type EtsyListing,
  type EtsyMe,
  type EtsyPage,
  type EtsyReceipt,
  type EtsyShop,
} from './etsy.schemas.js';

export interface EtsyApiSettings {
  apiKey: string;
  sharedSecret: string;
  redirectUri: string | undefined;
  /** The API root, with its trailing slash (paths are appended: a proxy's or simulator's prefix stays). */
  apiBaseUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
}

/** The Etsy exchange's input: the code, and the PKCE verifier kept with the state it was issued for. */
export interface EtsyCodeExchange {
  code: string;
  codeVerifier: string;
  redirectUri?: string;
}

/** Etsy's page size limit for receipts, listings and ledger entries. */
export const ETSY_PAGE_LIMIT = 100;

export interface OffsetQuery {
  limit: number;
  offset: number;
}

/** Unix seconds, inclusive bounds (PLATFORMS.md). */
export interface ReceiptsQuery extends OffsetQuery {
  minCreated?: number;
  maxCreated?: number;
  minLastModified?: number;
  maxLastModified?: number;
  sortOn: 'created' | 'updated' | 'receipt_id';
  sortOrder: 'asc' | 'desc';
}

/** Both bounds required, at most 31 days apart (Etsy answers 400 otherwise). */
export interface LedgerQuery extends OffsetQuery {
  minCreated: number;
  maxCreated: number;
}

export interface EtsyClient {
  authorizeUrl(request: AuthorizeRequest): string;
  exchangeCode(input: EtsyCodeExchange): Promise<TokenSet>;
  refreshAccessToken(refreshToken: string): Promise<TokenSet>;
  getMe(accessToken: string): Promise<EtsyMe>;
  getShop(accessToken: string, shopId: string): Promise<EtsyShop>;
  listReceipts(accessToken: string, shopId: string, query: ReceiptsQuery): Promise<EtsyPage<EtsyReceipt>>;
  listActiveListings(accessToken: string, shopId: string, query: OffsetQuery): Promise<EtsyPage<EtsyListing>>;
  listLedgerEntries(accessToken: string, shopId: string, query: LedgerQuery): Promise<EtsyPage<EtsyLedgerEntry>>;
}

/** 10 s per call: a hung connection must not eat a dispatcher's whole invocation. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The only code that talks to Etsy. Every request carries `x-api-key: {keystring}:{shared_secret}`
 * (PLATFORMS.md: a bare keystring is refused since February 2026) and, for shop data, the
 * connection's bearer token. Every request — token calls too: Etsy's limits are per app key and
 * a refused call counts — spends one request of the `etsy` budget, and each answer's rate headers
 * are folded into it (observe), so calls slow down before Etsy's 429. A daily-limit 429 tells
 * the budget nothing is left today. Failures are typed by etsy-failure.ts, then the shared ladder.
 */
export function createEtsyClient(settings: EtsyApiSettings, budgets: BudgetGate, clock: Clock): EtsyClient {
  const apiKeyHeader = `${settings.apiKey}:${settings.sharedSecret}`;

  const send = async (request: Omit<JsonRequest, 'timeoutMs' | 'signal'>, readFailure: VendorFailureReader): Promise<unknown> => {
    let dailyLimit = false;
    const noteDailyLimit: VendorFailureReader = (failure, now) => {
      dailyLimit ||= failure.status === 429 && isDailyLimitBody(failure.body);
      return readFailure(failure, now);
    };
    try {
      const response = await budgets.spend(ETSY_BUDGET, { units: 1 }, () =>
        requestJson(
          { ...request, headers: { ...request.headers, 'x-api-key': apiKeyHeader }, timeoutMs: REQUEST_TIMEOUT_MS, signal: currentSpender()?.signal },
          { now: () => clock.now(), errorText: etsyErrorText, readFailure: noteDailyLimit },
        ),
      );
      const observation = observationOfHeaders(response.headers);
      if (observation) await budgets.observe(ETSY_BUDGET, observation);
      return response.body;
    } catch (error) {
      // Calls Sluice did not count (another app on the key, a clock apart) spent the day: count it all.
      if (dailyLimit) await budgets.observe(ETSY_BUDGET, { remainingToday: { remaining: 0 } });
      throw error;
    }
  };

  const get = (accessToken: string, path: string, query: Record<string, string | number | undefined> = {}) => {
    const url = new URL(`v3/application/${path}`, settings.apiBaseUrl);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    return send({ url: url.toString(), headers: { authorization: `Bearer ${accessToken}` } }, readEtsyFailure);
  };

  // https://developers.etsy.com/documentation/essentials/authentication#step-3-request-an-access-token
  const token = async (grant: 'authorization_code' | 'refresh_token', form: Record<string, string>): Promise<TokenSet> => {
    const body = await send({ method: 'POST', url: settings.tokenUrl, body: new URLSearchParams({ grant_type: grant, client_id: settings.apiKey, ...form }) }, readEtsyTokenFailure(grant));
    const tokens = parseEtsy(etsyTokenSchema, body, 'etsy token response');
    return {
      accessToken: tokens.access_token,
      // Etsy rotates refresh tokens: the one returned replaces the stored one (the token session stores it).
      refreshToken: tokens.refresh_token,
      expiresAt: new Date(clock.now().getTime() + tokens.expires_in * 1_000),
      // Etsy's answer names no scopes: the grant has those the consent asked for.
      scopes: tokens.scope ?? ETSY_SCOPES,
    };
  };

  return {
    authorizeUrl: (request) => etsyAuthorizeUrl({ authorizeUrl: settings.authorizeUrl, apiKey: settings.apiKey, redirectUri: settings.redirectUri }, request),

    exchangeCode({ code, codeVerifier, redirectUri }) {
      const redirect = redirectUri ?? settings.redirectUri;
      return token('authorization_code', { code, code_verifier: codeVerifier, ...(redirect === undefined ? {} : { redirect_uri: redirect }) });
    },

    refreshAccessToken: (refreshToken) => token('refresh_token', { refresh_token: refreshToken }),

    // https://developers.etsy.com/documentation/reference#operation/getMe
    async getMe(accessToken) {
      return parseEtsy(etsyMeSchema, await get(accessToken, 'users/me'), 'etsy users/me');
    },

    // https://developers.etsy.com/documentation/reference#operation/getShop
    async getShop(accessToken, shopId) {
      return parseEtsy(etsyShopSchema, await get(accessToken, `shops/${encodeURIComponent(shopId)}`), `etsy shop ${shopId}`);
    },

    // https://developers.etsy.com/documentation/reference#operation/getShopReceipts — every receipt,
    // whatever its payment: no `was_paid` filter (see orders.task.ts).
    async listReceipts(accessToken, shopId, query) {
      const raw = await get(accessToken, `shops/${encodeURIComponent(shopId)}/receipts`, {
        limit: query.limit,
        offset: query.offset,
        min_created: query.minCreated,
        max_created: query.maxCreated,
        min_last_modified: query.minLastModified,
        max_last_modified: query.maxLastModified,
        sort_on: query.sortOn,
        sort_order: query.sortOrder,
      });
      return parseEtsyPage(etsyReceiptSchema, raw, 'receipt', 'receipt_id');
    },

    // https://developers.etsy.com/documentation/reference#operation/getListingsByShop — oldest first,
    // so listings created during the walk land behind it instead of shifting its pages.
    async listActiveListings(accessToken, shopId, query) {
      const raw = await get(accessToken, `shops/${encodeURIComponent(shopId)}/listings`, { state: 'active', limit: query.limit, offset: query.offset, sort_on: 'created', sort_order: 'asc' });
      return parseEtsyPage(etsyListingSchema, raw, 'listing', 'listing_id');
    },

    // https://developers.etsy.com/documentation/reference#operation/getShopPaymentAccountLedgerEntries
    async listLedgerEntries(accessToken, shopId, query) {
      const raw = await get(accessToken, `shops/${encodeURIComponent(shopId)}/payment-account/ledger-entries`, {
        min_created: query.minCreated,
        max_created: query.maxCreated,
        limit: query.limit,
        offset: query.offset,
      });
      return parseEtsyPage(etsyLedgerEntrySchema, raw, 'ledger entry', 'entry_id');
    },
  };
}
