/**
 * The Etsy simulator: routes requests (paths relative to wherever it is mounted) to the fake
 * consent page, token endpoint and /v3/application endpoints, applying latency and faults, then for
 * the API the app key, the app's limits, the Bearer token, its scopes and shop ownership, in
 * Etsy's order. Tests drive it through the control methods (shop ids, ground truth, changes).
 */
import type { IncomingMessage } from 'node:http';
import { FaultQueue } from '../_shared/fault-queue.js';
import { bearerToken, readBody, type SimResponse } from '../_shared/http-io.js';
import { isS256Challenge } from '../_shared/pkce.js';
import { randomFaultsFrom } from '../_shared/random-faults.js';
import { mulberry32, seedOf } from '../_shared/seeded-random.js';
import { faultAnswer, serveRequest, type Answer } from '../_shared/serve-request.js';
import type { MountableSimulator } from '../_shared/simulator-server.js';
import { maxInSlidingWindow, StatsRecorder } from '../_shared/simulator-stats.js';
import { apiKeyError } from './api-key.js';
import { AppLimits } from './app-limits.js';
import { consentPage, type ConsentRequest } from './consent-page.js';
import { etsyError, insufficientScope, invalidToken } from './etsy-errors.js';
import { faultResponse } from './fault-responses.js';
import { appendLedgerEntry, shopLedger } from './ledger.js';
import { tokenEndpoint } from './oauth-token-endpoint.js';
import { ReceiptIndex } from './receipt-index.js';
import { findReceipt, ledgerEntriesResponse, listingsResponse, meResponse, receiptsResponse, receiptTransactionsResponse, shopResponse } from './shop-endpoints.js';
import type { ShopState } from './shop-state.js';
import { DEFAULT_SHOPS, generateShop, idSequences, receiptRecord } from './synthetic-shop.js';
import { EtsyTokenStore } from './token-store.js';
import { isoFromUnix, shopTruth } from './truth.js';
import {
  ETSY_SCOPES,
  type EtsyApi,
  type EtsyEndpoint,
  type EtsySimulatorOptions,
  type EtsySimulatorStats,
  type EtsyTruth,
  type FaultSpec,
  type ListingChanges,
  type RawMoney,
  type ReceiptChanges,
  type ReceiptMoneyField,
  type TruthPayment,
} from './types.js';

export interface EtsySimulator extends MountableSimulator {
  /** The keystring and shared secret it expects in `x-api-key` (the keystring is also the OAuth client_id). */
  readonly apiKey: string;
  readonly sharedSecret: string;
  /** A fresh single-use code, as the consent page would issue for the shop's owner. Scopes default to ETSY_SCOPES, less what the shop does not grant. */
  issueCode(shopName: string, request: { codeChallenge: string; redirectUri: string; scopes?: readonly string[] }): string;
  shopIdFor(shopName: string): number;
  /** The rows Sluice must end up with for the shop, computed from the simulator's integers. */
  truth(shopId: number): EtsyTruth;
  /** Changes a receipt; its `updated_timestamp` becomes `changes.updatedAt` or now. */
  updateReceipt(shopId: number, receiptId: number, changes: ReceiptChanges): void;
  /** New 'Paid' receipts created and updated now; their ids. */
  addReceipts(shopId: number, count: number): number[];
  /** New ledger entries (credits) created now; their payments rows. */
  addLedgerEntries(shopId: number, count: number): TruthPayment[];
  /** Changes a listing; its `updated_timestamp` becomes `changes.updatedAt` or now. */
  updateListing(shopId: number, listingId: number, changes: ListingChanges): void;
  /**
   * Serves one Money field of a receipt as this raw object from now on, e.g. `{ amount: 1005,
   * divisor: 1000 }` in USD ($1.005, no whole number of cents), as a client must refuse rather
   * than round. Nothing else changes (not `updated_timestamp`); truth() keeps the sound amount.
   */
  corruptReceiptMoney(shopId: number, receiptId: number, field: ReceiptMoneyField, money: RawMoney): void;
  /** The scopes the shop's owner grants from the next consent on (null: every scope asked); tokens already issued keep theirs. */
  setGrantScopes(shopId: number, scopes: readonly string[] | null): void;
  /** Later refreshes with the shop owner's refresh tokens → 400 invalid_grant. */
  revokeRefreshTokens(shopId: number): void;
  /** Later API calls with the shop owner's current access tokens → 401. */
  expireAccessTokens(shopId: number): void;
  /** Queued, consumed in order by the next requests to the matching API. */
  injectFaults(faults: FaultSpec[]): void;
  stats(): EtsySimulatorStats;
  resetStats(): void;
}

/** `scope`: what the token must carry; `auth` 'key' is public (app key only), 'token' needs a Bearer token. */
interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  endpoint: EtsyEndpoint;
  api: EtsyApi | null;
  auth?: 'key' | 'token' | 'shop';
  scope?: string;
}

const SHOP = '/v3/application/shops/([^/]+)';
const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/oauth\/connect$/, endpoint: 'oauth.connect', api: null },
  { method: 'POST', pattern: /^\/v3\/public\/oauth\/token$/, endpoint: 'oauth.token', api: 'oauth' },
  { method: 'GET', pattern: /^\/v3\/application\/users\/me$/, endpoint: 'users.me', api: 'api', auth: 'token' },
  { method: 'GET', pattern: new RegExp(`^${SHOP}$`), endpoint: 'shops.get', api: 'api', auth: 'key' },
  { method: 'GET', pattern: new RegExp(`^${SHOP}/receipts$`), endpoint: 'shops.receipts', api: 'api', auth: 'shop', scope: 'transactions_r' },
  {
    method: 'GET',
    pattern: new RegExp(`^${SHOP}/receipts/([^/]+)/transactions$`),
    endpoint: 'shops.receipt-transactions',
    api: 'api',
    auth: 'shop',
    scope: 'transactions_r',
  },
  { method: 'GET', pattern: new RegExp(`^${SHOP}/listings$`), endpoint: 'shops.listings', api: 'api', auth: 'shop', scope: 'listings_r' },
  { method: 'GET', pattern: new RegExp(`^${SHOP}/payment-account/ledger-entries$`), endpoint: 'shops.ledger-entries', api: 'api', auth: 'shop', scope: 'transactions_r' },
];
const API_ENDPOINTS = ROUTES.filter((route) => route.api === 'api').map((route) => route.endpoint);

/**
 * What a shop-data request asks for, as its stats key: the path's ids and the query sorted by
 * name (`{shop_id}?limit=100&max_created=…&offset=200&…`), so the same page asked for twice —
 * a client resuming from the start instead of its checkpoint — counts twice under one key.
 */
function pageKey(match: RegExpExecArray, url: string | undefined): string {
  const query = [...new URL(url ?? '/', 'http://simulator').searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${match.slice(1).join('/')}?${new URLSearchParams(query)}`;
}

const positiveInteger = (text: string): number | null => (/^\d{1,15}$/.test(text) && Number(text) > 0 ? Number(text) : null);

export function createEtsySimulator(options: EtsySimulatorOptions = {}): EtsySimulator {
  const clock = options.now ?? (() => new Date());
  const nowMs = () => clock().getTime();
  const nowSeconds = () => Math.floor(nowMs() / 1000);
  const seed = options.seed ?? 1;
  const apiKey = options.apiKey ?? 'sim-etsy-key';
  const sharedSecret = options.sharedSecret ?? 'sim-etsy-secret';
  const ids = idSequences(seed);
  const createdAt = nowSeconds();
  const shops = (options.shops ?? DEFAULT_SHOPS).map((spec, ordinal) => generateShop(spec, ordinal, seed, createdAt, ids));
  const byName = new Map(shops.map((shop) => [shop.name, shop]));
  const byId = new Map(shops.map((shop) => [shop.shopId, shop]));
  const byUser = new Map(shops.map((shop) => [shop.userId, shop]));
  if (byName.size !== shops.length) throw new Error('etsy simulator: shop names must be unique');
  const indexes = new Map(shops.map((shop) => [shop.shopId, new ReceiptIndex(shop)]));
  const store = new EtsyTokenStore({ accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600, now: nowMs });
  const limits = new AppLimits(options.ratePerSecond ?? 10, options.dailyLimit ?? 10_000);
  const faults = new FaultQueue<EtsyApi>();
  const randomFaults = randomFaultsFrom<EtsyApi>(options, ['api']);
  const stats = new StatsRecorder(ROUTES.map((route) => route.endpoint));

  function shopById(shopId: number): ShopState {
    const shop = byId.get(shopId);
    if (!shop) throw new Error(`etsy simulator: no shop ${shopId}`);
    return shop;
  }

  function codeFor(shop: ShopState, request: { codeChallenge: string; redirectUri: string; scopes?: readonly string[] }): string {
    const asked = request.scopes ?? ETSY_SCOPES;
    const granted = shop.grantScopes ? asked.filter((scope) => shop.grantScopes!.includes(scope)) : asked;
    const { codeChallenge, redirectUri } = request;
    return store.issueCode({ account: String(shop.userId), scope: granted.join(' '), clientId: apiKey, redirectUri, codeChallenge });
  }

  /** An authorised request's answer; the app key and limits are checked by then. */
  function answerShopData(route: Route, match: RegExpExecArray, req: IncomingMessage, query: URLSearchParams): SimResponse {
    const shopParam = match[1] ?? '';
    if (route.auth === 'key') {
      const shop = byId.get(positiveInteger(shopParam) ?? -1);
      return shop ? shopResponse(shop) : etsyError(404, `Shop with shop_id ${shopParam} was not found.`);
    }
    const token = bearerToken(req.headers.authorization);
    if (!token) return invalidToken('Missing access token');
    const grant = store.accessGrant(token);
    const own = grant && byUser.get(Number(grant.account));
    if (!grant || !own) return invalidToken('access token is invalid or expired');
    if (route.auth === 'token') return meResponse(own);
    if (route.scope && !grant.scope.split(' ').includes(route.scope)) return insufficientScope(route.scope);
    const shopId = positiveInteger(shopParam);
    if (shopId === null) return etsyError(400, 'shop_id must be a positive integer');
    const shop = byId.get(shopId);
    if (!shop) return etsyError(404, `Shop with shop_id ${shopId} was not found.`);
    if (shop !== own) return etsyError(403, `The access token does not give access to shop ${shopId}.`);
    switch (route.endpoint) {
      case 'shops.receipts':
        return receiptsResponse(shop, indexes.get(shop.shopId)!, query);
      case 'shops.receipt-transactions': {
        const receiptId = positiveInteger(match[2] ?? '');
        return receiptId === null ? etsyError(400, 'receipt_id must be a positive integer') : receiptTransactionsResponse(shop, receiptId);
      }
      case 'shops.listings':
        return listingsResponse(shop, query);
      default:
        return ledgerEntriesResponse(shop, query);
    }
  }

  function answerApi(route: Route, match: RegExpExecArray, req: IncomingMessage, query: URLSearchParams): SimResponse {
    const header = req.headers['x-api-key'];
    const keyError = apiKeyError(Array.isArray(header) ? header.join(',') : header, apiKey, sharedSecret);
    if (keyError) return keyError;
    const now = nowMs();
    const refused = limits.admit(now);
    if (refused) return refused;
    const response = answerShopData(route, match, req, query);
    return response.status < 300 ? { ...response, headers: { ...response.headers, ...limits.headers(now) } } : response;
  }

  async function answer(route: Route, match: RegExpExecArray, req: IncomingMessage): Promise<Answer> {
    const body = route.method === 'POST' ? await readBody(req) : '';
    const fault = route.api ? (faults.take(route.api) ?? randomFaults?.draw(route.api) ?? null) : null;
    const faulted = await faultAnswer(fault, faultResponse);
    if (faulted) return faulted;
    const query = new URL(req.url ?? '/', 'http://simulator').searchParams;
    if (route.api === 'oauth') return tokenEndpoint(new URLSearchParams(body), store, apiKey);
    if (route.api === null) {
      return consentPage(query, apiKey, (request: ConsentRequest) => {
        const shop = request.shopName === null ? shops[0] : byName.get(request.shopName);
        return shop ? codeFor(shop, request) : null;
      });
    }
    return answerApi(route, match, req, query);
  }

  function touchReceipts(shop: ShopState): void {
    shop.version += 1;
  }

  return {
    apiKey,
    sharedSecret,
    async handle(req, res, path) {
      const route = ROUTES.find((candidate) => candidate.method === req.method && candidate.pattern.test(path));
      const match = route?.pattern.exec(path);
      if (!route || !match) return false;
      const context = { stats, latencyMs: options.latencyMs, nowMs, internalError: () => etsyError(500, 'Internal Server Error') };
      const key = route.auth === 'shop' ? pageKey(match, req.url) : undefined;
      await serveRequest(req, res, { endpoint: route.endpoint, key }, context, () => answer(route, match, req));
      return true;
    },
    issueCode(shopName, request) {
      const shop = byName.get(shopName);
      if (!shop) throw new Error(`etsy simulator: no shop named ${shopName}`);
      if (!isS256Challenge(request.codeChallenge)) throw new Error('etsy simulator: codeChallenge must be an S256 challenge (43 base64url characters)');
      return codeFor(shop, request);
    },
    shopIdFor(shopName) {
      const shop = byName.get(shopName);
      if (!shop) throw new Error(`etsy simulator: no shop named ${shopName}`);
      return shop.shopId;
    },
    truth: (shopId) => shopTruth(shopById(shopId)),
    updateReceipt(shopId, receiptId, changes) {
      const shop = shopById(shopId);
      const record = findReceipt(shop, receiptId);
      if (!record) throw new Error(`etsy simulator: no receipt ${receiptId} in shop ${shopId}`);
      const { status, updatedAt, ...amounts } = changes;
      for (const [name, value] of Object.entries(amounts)) {
        if (!Number.isSafeInteger(value)) throw new Error(`etsy simulator: ${name} must be an integer of minor units, got ${value}`);
      }
      if (status) record.status = status;
      if (Object.keys(amounts).length > 0) record.overrides = { ...record.overrides, ...amounts };
      record.updated = Math.floor((updatedAt?.getTime() ?? nowMs()) / 1000);
      touchReceipts(shop);
    },
    addReceipts(shopId, count) {
      const shop = shopById(shopId);
      const now = nowSeconds();
      const added: number[] = [];
      for (let k = 0; k < count; k++) {
        const record = receiptRecord({ created: now, updated: now, status: 'Paid', seed: seedOf(seed, shop.name, 'added', shop.receipts.length) }, ids);
        shop.receipts.push(record);
        added.push(record.receiptId);
      }
      touchReceipts(shop);
      return added;
    },
    addLedgerEntries(shopId, count) {
      const shop = shopById(shopId);
      const ledger = shopLedger(shop);
      return Array.from({ length: count }, () => {
        const random = mulberry32(seedOf(seed, shop.name, 'ledger-added', ledger.length));
        // Never before the last entry: the ledger stays in time order and its balance runs on.
        const created = Math.max(nowSeconds(), ledger.at(-1)?.created ?? 0);
        const kind = { ledgerType: 'MISC_CREDIT', referenceType: null, description: 'Miscellaneous credit' };
        const entry = appendLedgerEntry(shop, ledger, created, 100 + Math.floor(random() * 10_000), kind, null);
        const { entryId, amount, balance, ledgerType, referenceType, referenceId, description } = entry;
        return {
          platform_id: String(entryId),
          amount_minor: amount,
          currency: shop.currency,
          balance_minor: balance,
          ledger_type: ledgerType,
          reference_type: referenceType,
          reference_id: referenceId,
          description,
          entry_created_at: isoFromUnix(created),
        };
      });
    },
    updateListing(shopId, listingId, changes) {
      const listing = shopById(shopId).listings.find((candidate) => candidate.listingId === listingId);
      if (!listing) throw new Error(`etsy simulator: no listing ${listingId} in shop ${shopId}`);
      const { updatedAt, ...fields } = changes;
      if (fields.priceMinor !== undefined && !Number.isSafeInteger(fields.priceMinor)) throw new Error('etsy simulator: priceMinor must be an integer');
      const at = Math.floor((updatedAt?.getTime() ?? nowMs()) / 1000);
      if (fields.title !== undefined && fields.title !== listing.title) listing.formerTitles = [...(listing.formerTitles ?? []), { title: listing.title, until: at }];
      Object.assign(listing, fields);
      listing.updated = at;
    },
    corruptReceiptMoney(shopId, receiptId, field, raw) {
      const record = findReceipt(shopById(shopId), receiptId);
      if (!record) throw new Error(`etsy simulator: no receipt ${receiptId} in shop ${shopId}`);
      if (!Number.isSafeInteger(raw.amount) || !Number.isSafeInteger(raw.divisor) || raw.divisor < 1) throw new Error('etsy simulator: a Money object has an integer amount and a positive integer divisor');
      record.rawMoney = { ...record.rawMoney, [field]: { amount: raw.amount, divisor: raw.divisor } };
    },
    setGrantScopes(shopId, scopes) {
      shopById(shopId).grantScopes = scopes === null ? null : [...scopes];
    },
    revokeRefreshTokens: (shopId) => store.revokeRefreshTokens(shopById(shopId).userId),
    expireAccessTokens: (shopId) => store.expireAccessTokens(shopById(shopId).userId),
    injectFaults: (list) => faults.push(list),
    stats() {
      const endpoints = stats.snapshot();
      const apiArrivals = API_ENDPOINTS.flatMap((endpoint) => endpoints[endpoint].timestamps);
      const rateLimited = Object.values(endpoints).reduce((sum, endpoint) => sum + (endpoint.byStatus['429'] ?? 0), 0);
      return { endpoints, maxPerSecond: maxInSlidingWindow(apiArrivals), rateLimited };
    },
    resetStats: () => stats.reset(),
  };
}
