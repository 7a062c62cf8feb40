/**
 * The Printify simulator: routes requests (paths relative to wherever it is mounted) to the fake
 * Printify API (https://api.printify.com/v1/…) and app authorization page
 * (https://printify.com/app/authorize), applying latency, injected faults, Bearer auth, the
 * per-account rate limit and the User-Agent rule around them.
 */
import type { IncomingMessage } from 'node:http';
import { FaultQueue } from '../_shared/fault-queue.js';
import { bearerToken, bodyParams, readBody, type SimResponse } from '../_shared/http-io.js';
import { randomFaultsFrom } from '../_shared/random-faults.js';
import { SlidingWindowLimiter } from '../_shared/rate-limiter.js';
import { faultAnswer, serveRequest, type Answer } from '../_shared/serve-request.js';
import type { MountableSimulator } from '../_shared/simulator-server.js';
import { maxInSlidingWindow, StatsRecorder } from '../_shared/simulator-stats.js';
import { DEFAULT_ACCOUNTS, registerShops } from './accounts.js';
import { consentPage } from './consent-page.js';
import { faultResponse } from './fault-responses.js';
import { exchangeCode, refreshTokens } from './oauth-token-endpoints.js';
import { forbidden, notFound, serverError, tooManyRequests, unauthenticated, userAgentRequired } from './printify-errors.js';
import { secondsOf } from './printify-time.js';
import { ShopData } from './shop-data.js';
import { orderGet, ordersList, productGet, productsList, shopsList } from './shop-endpoints.js';
import { PrintifyTokens } from './token-store.js';
import type {
  FaultSpec,
  PrintifyEndpoint,
  PrintifyOrder,
  PrintifyOrderChanges,
  PrintifySimulatorOptions,
  PrintifySimulatorStats,
  PrintifyTruth,
  SimulatedApi,
} from './types.js';

export interface PrintifySimulator extends MountableSimulator {
  /** The account's live personal access token (a new one after `revokeToken`). */
  accountToken(accountName: string): string;
  /** The account's shop ids, in the order its options list the shops. */
  shopIdsOf(accountName: string): number[];
  /** A fresh single-use OAuth grant code for the account, as the consent page would give. */
  issueCode(accountName: string): string;
  /** The rows Sluice must store for everything the shop serves now (types.ts: PrintifyTruth). */
  truth(shopId: number | string): PrintifyTruth;
  /** New pending orders created at `now()`; with `salesOrderIds`, order k fulfils salesOrderIds[k]. */
  addOrders(shopId: number | string, count: number, options?: { salesOrderIds?: readonly string[] }): PrintifyOrder[];
  /** Moves an order on (see PrintifyOrderChanges); the order as the API now serves it. */
  updateOrder(shopId: number | string, orderId: string, changes: PrintifyOrderChanges): PrintifyOrder;
  /** Ends the account's personal token, OAuth access and refresh tokens: later calls 401, refreshes 400 invalid_grant. */
  revokeToken(accountName: string): void;
  /** The shop now sells on another channel (`GET /v1/shops.json` says so from now on). */
  setSalesChannel(shopId: number | string, salesChannel: string): void;
  /** Queued, consumed in order by the next requests to the matching API. */
  injectFaults(faults: FaultSpec[]): void;
  stats(): PrintifySimulatorStats;
  resetStats(): void;
}

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  endpoint: PrintifyEndpoint;
  /** Which faults apply; null for the consent page, which is a web page, not an API. */
  api: SimulatedApi | null;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/v1\/shops\.json$/, endpoint: 'shops.list', api: 'api' },
  { method: 'GET', pattern: /^\/v1\/shops\/([^/]+)\/orders\.json$/, endpoint: 'orders.list', api: 'api' },
  { method: 'GET', pattern: /^\/v1\/shops\/([^/]+)\/orders\/([^/]+)\.json$/, endpoint: 'orders.get', api: 'api' },
  { method: 'GET', pattern: /^\/v1\/shops\/([^/]+)\/products\.json$/, endpoint: 'products.list', api: 'api' },
  { method: 'GET', pattern: /^\/v1\/shops\/([^/]+)\/products\/([^/]+)\.json$/, endpoint: 'products.get', api: 'api' },
  { method: 'POST', pattern: /^\/v1\/app\/oauth\/tokens$/, endpoint: 'oauth.tokens', api: 'oauth' },
  { method: 'POST', pattern: /^\/v1\/app\/oauth\/tokens\/refresh$/, endpoint: 'oauth.refresh', api: 'oauth' },
  { method: 'GET', pattern: /^\/app\/authorize$/, endpoint: 'oauth.authorize', api: null },
];

const MINUTE_MS = 60_000;

export function createPrintifySimulator(options: PrintifySimulatorOptions = {}): PrintifySimulator {
  const seed = options.seed ?? 1;
  const nowMs = (): number => (options.now ?? (() => new Date()))().getTime();
  // Order histories are anchored on "now" at creation, so the data stays put while the clock moves.
  const anchorMs = secondsOf(nowMs());
  const appId = options.appId ?? 'sim-printify-app';
  const accounts = options.accounts ?? DEFAULT_ACCOUNTS;
  const shops = registerShops(accounts, seed);
  // Generated up front (a 20,000-order shop takes about a second), so no request pays for it.
  const shopsById = new Map(shops.map((shop) => [shop.id, { shop, data: new ShopData(shop, seed, anchorMs) }]));
  const tokens = new PrintifyTokens({ accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 21_600, now: nowMs });
  for (const account of accounts) tokens.personalToken(account.name, account.personalToken);
  const ratePerMinute = options.ratePerMinute ?? 600;
  const limiters = new Map<string, SlidingWindowLimiter>();
  const faults = new FaultQueue<SimulatedApi>();
  const randomFaults = randomFaultsFrom<SimulatedApi>(options, ['api']);
  const stats = new StatsRecorder(ROUTES.map((route) => route.endpoint));
  let arrivals: { ms: number; account: string | null }[] = [];

  function accountNamed(name: string): string {
    if (!accounts.some((account) => account.name === name)) throw new Error(`no account named "${name}"`);
    return name;
  }

  function dataOf(shopId: number | string): ShopData {
    const found = shopsById.get(Number(shopId));
    if (!found) throw new Error(`no shop ${shopId}`);
    return found.data;
  }

  const accountOf = (req: IncomingMessage): string | null => {
    const token = bearerToken(req.headers.authorization);
    return token ? tokens.accountFor(token) : null;
  };

  /**
   * Bearer auth, then the account's limit (Printify counts requests per account, not per token),
   * then the User-Agent every request must carry, then the shop: one of another account's is refused.
   */
  function answerApi(route: Route, params: readonly string[], req: IncomingMessage, query: URLSearchParams): SimResponse {
    const account = accountOf(req);
    if (!account) return unauthenticated();
    let limiter = limiters.get(account);
    if (!limiter) limiters.set(account, (limiter = new SlidingWindowLimiter(ratePerMinute, MINUTE_MS)));
    const now = Date.now();
    if (!limiter.tryAcquire(now)) return tooManyRequests(options.retryAfterOn429 === false ? null : limiter.retryAfterSeconds(now));
    if (!req.headers['user-agent']?.trim()) return userAgentRequired();
    if (route.endpoint === 'shops.list') return shopsList(shops.filter((shop) => shop.account === account));
    const found = /^\d+$/.test(params[0] ?? '') ? shopsById.get(Number(params[0])) : undefined;
    if (!found) return notFound();
    if (found.shop.account !== account) return options.foreignShopStatus === 404 ? notFound() : forbidden();
    const { data } = found;
    const id = params[1] ?? '';
    if (route.endpoint === 'orders.list') return ordersList(data, query);
    if (route.endpoint === 'orders.get') return orderGet(data, id);
    if (route.endpoint === 'products.list') return productsList(data, query);
    return productGet(data, id);
  }

  async function answer(route: Route, params: readonly string[], req: IncomingMessage): Promise<Answer> {
    const body = route.method === 'POST' ? await readBody(req) : '';
    const fault = route.api ? (faults.take(route.api) ?? randomFaults?.draw(route.api) ?? null) : null;
    const faulted = await faultAnswer(fault, faultResponse);
    if (faulted) return faulted;
    const query = new URL(req.url ?? '/', 'http://simulator').searchParams;
    const form = (): URLSearchParams => bodyParams(body, req.headers['content-type']);
    if (route.endpoint === 'oauth.authorize') {
      return consentPage(query, { appId, accountNames: accounts.map((account) => account.name), issueCode: (name) => tokens.issueCode(name) });
    }
    if (route.endpoint === 'oauth.tokens') return exchangeCode(form(), tokens, appId);
    if (route.endpoint === 'oauth.refresh') return refreshTokens(form(), tokens, appId);
    return answerApi(route, params, req, query);
  }

  return {
    async handle(req, res, path) {
      const pathname = path.split('?')[0] ?? path;
      const route = ROUTES.find((candidate) => candidate.method === req.method && candidate.pattern.test(pathname));
      if (!route) return false;
      const params = (route.pattern.exec(pathname) ?? []).slice(1);
      const account = route.api === 'api' ? accountOf(req) : null;
      if (route.api === 'api') arrivals.push({ ms: Date.now(), account });
      const context = { stats, latencyMs: options.latencyMs, internalError: () => serverError(500) };
      await serveRequest(req, res, { endpoint: route.endpoint, key: account ?? undefined }, context, () => answer(route, params, req));
      return true;
    },
    accountToken: (name) => tokens.personalToken(accountNamed(name)),
    shopIdsOf: (name) => shops.filter((shop) => shop.account === accountNamed(name)).map((shop) => shop.id),
    issueCode: (name) => tokens.issueCode(accountNamed(name)),
    truth: (shopId) => dataOf(shopId).truth(),
    addOrders: (shopId, count, addOptions) => dataOf(shopId).addOrders(count, nowMs(), addOptions?.salesOrderIds),
    updateOrder: (shopId, orderId, changes) => dataOf(shopId).updateOrder(orderId, changes, nowMs()),
    revokeToken: (name) => tokens.revoke(accountNamed(name)),
    setSalesChannel: (shopId, salesChannel) => {
      const entry = shopsById.get(Number(shopId));
      if (!entry) throw new Error(`no shop ${shopId}`);
      entry.shop.spec = { ...entry.shop.spec, sales_channel: salesChannel };
    },
    injectFaults: (list) => faults.push(list),
    stats() {
      const endpoints = stats.snapshot();
      const byAccount = new Map<string, number[]>();
      for (const { ms, account } of arrivals) {
        if (account === null) continue;
        const times = byAccount.get(account);
        if (times) times.push(ms);
        else byAccount.set(account, [ms]);
      }
      return {
        endpoints,
        maxPerMinute: maxInSlidingWindow(arrivals.map((arrival) => arrival.ms), MINUTE_MS),
        maxPerMinuteByAccount: Object.fromEntries([...byAccount].map(([account, times]) => [account, maxInSlidingWindow(times, MINUTE_MS)])),
        rateLimited: Object.values(endpoints).reduce((sum, endpoint) => sum + (endpoint.byStatus['429'] ?? 0), 0),
      };
    },
    resetStats() {
      stats.reset();
      arrivals = [];
    },
  };
}
