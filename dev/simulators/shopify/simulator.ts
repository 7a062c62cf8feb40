/**
 * The Shopify simulator: routes requests (paths relative to wherever it is mounted; a shop's
 * origin is `{mount}/shops/{name}.myshopify.com`) to the OAuth consent and token endpoints, the
 * Admin GraphQL API and the bulk result files, with latency, injected and random faults, token
 * checks and the per-shop cost buckets around them.
 */
import type { IncomingMessage } from 'node:http';
import { FaultQueue } from '../_shared/fault-queue.js';
import { bodyParams, readBody, writeResponse, type SimResponse } from '../_shared/http-io.js';
import { randomFaultsFrom } from '../_shared/random-faults.js';
import { DESTROY_SOCKET, faultAnswer, serveRequest, type Answer } from '../_shared/serve-request.js';
import type { MountableSimulator } from '../_shared/simulator-server.js';
import { StatsRecorder } from '../_shared/simulator-stats.js';
import { planDownload, streamDownload } from './bulk-download.js';
import { BulkOperations } from './bulk-operations.js';
import { faultResponse } from './fault-responses.js';
import { answerGraphql } from './graphql-endpoint.js';
import { consentPage, consentRedirect, scopeSet, ShopifyTokens, type AppCredentials } from './oauth-endpoints.js';
import type { ResolverContext } from './resolvers.js';
import { shopifySchema } from './schema.js';
import { createShops, DEFAULT_SHOPS, domainOf, emptyCounters, type ShopRuntime } from './shops.js';
import { invalidToken, notFound, serverError } from './shopify-errors.js';
import { addOrders, updateOrderStatus } from './synthetic-shop.js';
import { shopTruth, type TruthOptions } from './truth.js';
import type {
  BucketSpec,
  BulkErrorCode,
  CustomerChanges,
  FaultSpec,
  OrderChanges,
  ProductChanges,
  ShopCounters,
  ShopifyEndpoint,
  ShopifySimulatorOptions,
  ShopifySimulatorStats,
  ShopifyTruth,
  SimulatedApi,
} from './types.js';

/** Admin API versions served (Shopify keeps each for a year). */
export const SUPPORTED_API_VERSIONS = ['2025-10', '2026-01', '2026-04', '2026-07', '2026-10', 'unstable'] as const;

/** The scopes Sluice asks for; issueCode and issueAccessToken grant them unless told otherwise. */
export const DEFAULT_SCOPES = ['read_orders', 'read_all_orders', 'read_products', 'read_customers'] as const;

export interface ShopSummary {
  name: string;
  domain: string;
  title: string;
  currency: string;
  timezone: string;
  orders: number;
  products: number;
  customers: number;
}

export interface ShopifySimulator extends MountableSimulator {
  apiKey: string;
  apiSecret: string;
  shops(): ShopSummary[];
  /** A fresh single-use code, and the redirect consent would send (with hmac), for `redirectUri`. */
  issueCode(shop: string, options: { scopes?: readonly string[]; redirectUri: string; state?: string }): { code: string; redirectUrl: string };
  /** A live offline access token for the shop, as if a code had been exchanged. */
  issueAccessToken(shop: string, scopes?: readonly string[]): string;
  /** The rows Sluice must store (types.ts ShopifyTruth); `allOrders: false` drops orders older than 60 days. */
  truth(shop: string, options?: TruthOptions): ShopifyTruth;
  /** `id`: a GID or its number. Moves updatedAt to now. */
  updateOrder(shop: string, id: string | number, changes: OrderChanges): void;
  /** New orders created now; their numeric ids. */
  addOrders(shop: string, count: number): string[];
  updateProduct(shop: string, id: string | number, changes: ProductChanges): void;
  updateCustomer(shop: string, id: string | number, changes: CustomerChanges): void;
  /** Deletes a product (and its variants) or a customer: gone from the API and the truth; no record says when. */
  deleteProduct(shop: string, id: string | number): void;
  deleteCustomer(shop: string, id: string | number): void;
  /** A new bucket size for the shop, full. */
  setBucket(shop: string, bucket: BucketSpec): void;
  failNextBulkOperation(shop: string, errorCode: BulkErrorCode): void;
  /** Completed bulk operations of the shop become EXPIRED; their files answer 403. */
  expireBulkResults(shop: string): void;
  /** Ends the shop's access and refresh tokens: later calls 401, refreshes 400. */
  revokeTokens(shop: string): void;
  /** Queued, consumed in order by the next requests to the matching API. */
  injectFaults(faults: FaultSpec[]): void;
  /** The next `count` bulkOperationRunQuery requests are carried out (the operation starts), then their connection is dropped before the answer. */
  loseNextBulkStarts(count: number): void;
  stats(): ShopifySimulatorStats;
  resetStats(): void;
  /** Stops bulk runs and deletes their files. */
  close(): Promise<void>;
}

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  endpoint: ShopifyEndpoint;
  api: SimulatedApi | null;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/shops\/([^/]+)\/admin\/oauth\/authorize$/, endpoint: 'oauth.authorize', api: null },
  { method: 'POST', pattern: /^\/shops\/([^/]+)\/admin\/oauth\/access_token$/, endpoint: 'oauth.access_token', api: 'oauth' },
  { method: 'POST', pattern: /^\/shops\/([^/]+)\/admin\/api\/([^/]+)\/graphql\.json$/, endpoint: 'graphql', api: 'graphql' },
  { method: 'GET', pattern: /^\/bulk\/([0-9a-f]+)\.jsonl$/, endpoint: 'bulk.download', api: 'bulk' },
];

export function createShopifySimulator(options: ShopifySimulatorOptions = {}): ShopifySimulator {
  const now = options.now ?? Date.now;
  const app: AppCredentials = { apiKey: options.apiKey ?? 'sim-shopify-api-key', apiSecret: options.apiSecret ?? 'sim-shopify-api-secret' };
  const shops = createShops(options.shops ?? DEFAULT_SHOPS, options.seed ?? 1, now());
  const versions: readonly string[] = options.apiVersions ?? SUPPORTED_API_VERSIONS;
  const schema = shopifySchema();
  const tokens = new ShopifyTokens({
    now,
    expiringTokens: options.expiringTokens ?? false,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 7_776_000,
  });
  const bulk = new BulkOperations({ schema, now, pollsToComplete: options.bulkPollsToComplete ?? 2, msToComplete: options.bulkMsToComplete, maxRunning: options.bulkMaxRunning ?? 5 });
  /** Bulk query starts still to be carried out and then have their answer lost (loseNextBulkStarts). */
  let bulkStartsToLose = 0;
  const faults = new FaultQueue<SimulatedApi>();
  const randomFaults = randomFaultsFrom<SimulatedApi>(options, ['graphql']);
  const stats = new StatsRecorder<ShopifyEndpoint>(ROUTES.map((route) => route.endpoint));
  let totals = emptyCounters();

  function shopNamed(shop: string): ShopRuntime {
    const found = shops.get(domainOf(shop));
    if (!found) throw new Error(`no shop ${shop}`);
    return found;
  }

  function count(runtime: ShopRuntime | null, counter: keyof ShopCounters, by = 1): void {
    totals[counter] += by;
    if (runtime) runtime.counters[counter] += by;
  }

  /** An index of `kind` by GID or number, or an error naming it. */
  function indexOf(runtime: ShopRuntime, kind: 'Order' | 'Product' | 'Customer', id: string | number): number {
    const number = Number(String(id).replace(/^gid:\/\/shopify\/\w+\//, ''));
    const index = runtime.data.indexOf(kind, number);
    if (index < 0) throw new Error(`no ${kind} ${id} in ${runtime.data.identity.domain}`);
    return index;
  }

  /** Where this request reached the simulator, so that result URLs work through any mount. */
  function baseUrlOf(req: IncomingMessage, path: string): string {
    const pathname = new URL(req.url ?? '/', 'http://simulator').pathname;
    return `http://${req.headers.host ?? '127.0.0.1'}${pathname.slice(0, pathname.length - path.length)}`;
  }

  async function answerGraphqlRoute(req: IncomingMessage, runtime: ShopRuntime, version: string, body: string, baseUrl: string): Promise<SimResponse> {
    if (!versions.includes(version)) return notFound();
    const header = req.headers['x-shopify-access-token'];
    const grant = typeof header === 'string' ? tokens.grantFor(header) : null;
    if (!grant || grant.account !== runtime.data.identity.domain) return invalidToken();
    count(runtime, 'graphqlQueries');
    const context: ResolverContext = { shop: runtime.data, scopes: scopeSet(grant.scope), nowMs: now(), bulk: null, bulkOperations: bulk.forShop(runtime.data, baseUrl) };
    const before = bulk.count(runtime.data.identity.domain);
    const { response, outcome } = await answerGraphql({ schema, body, context, bucket: runtime.bucket, maxCost: options.maxQueryCost ?? 1000 });
    if (outcome.kind === 'throttled') count(runtime, 'throttled');
    if (outcome.kind === 'maxCostExceeded') count(runtime, 'maxCostExceeded');
    if (outcome.kind === 'answered') count(runtime, 'costSpent', outcome.actualCost);
    count(runtime, 'bulkOperations', bulk.count(runtime.data.identity.domain) - before);
    return response;
  }

  async function answer(route: Route, params: readonly string[], req: IncomingMessage, path: string): Promise<Answer> {
    const body = route.method === 'POST' ? await readBody(req) : '';
    const fault = route.api ? (faults.take(route.api) ?? randomFaults?.draw(route.api) ?? null) : null;
    const faulted = await faultAnswer(fault, faultResponse);
    if (faulted) return faulted;
    const runtime = shops.get(params[0] ?? '');
    if (!runtime) return notFound();
    const domain = runtime.data.identity.domain;
    if (route.endpoint === 'oauth.authorize') {
      const query = new URL(req.url ?? '/', 'http://simulator').searchParams;
      return consentPage({ domain, query, app, nowMs: now(), issueCode: (scope) => tokens.issueCode(domain, scope) });
    }
    if (route.endpoint === 'oauth.access_token') return tokens.tokenEndpoint(domain, bodyParams(body, req.headers['content-type']), app);
    const answered = await answerGraphqlRoute(req, runtime, params[1] ?? '', body, baseUrlOf(req, path));
    if (bulkStartsToLose > 0 && body.includes('bulkOperationRunQuery')) {
      bulkStartsToLose -= 1;
      return DESTROY_SOCKET; // done at the shop, the answer lost on the way: the client cannot know
    }
    return answered;
  }

  /** Result files stream from disk, so they bypass serveRequest's whole-body answers (same stats). */
  async function download(req: IncomingMessage, res: Parameters<MountableSimulator['handle']>[1], token: string): Promise<void> {
    const file = bulk.resultFile(token);
    const key = file?.state === 'ready' ? file.shop : undefined;
    stats.arrived('bulk.download', now(), key);
    const fault = faults.take('bulk');
    const faulted = await faultAnswer(fault, faultResponse);
    if (faulted) {
      stats.answered('bulk.download', faulted === DESTROY_SOCKET ? 'destroyed' : (faulted as SimResponse).status, key);
      if (faulted === DESTROY_SOCKET) req.socket.destroy();
      else writeResponse(res, faulted as SimResponse);
      return;
    }
    const range = req.headers.range;
    const plan = planDownload(file, typeof range === 'string' ? range : undefined);
    if (plan.kind === 'response') {
      stats.answered('bulk.download', plan.response.status, key);
      writeResponse(res, plan.response);
      return;
    }
    const runtime = file?.state === 'ready' ? (shops.get(file.shop) ?? null) : null;
    count(runtime, 'bulkDownloads');
    try {
      count(runtime, 'bytesServed', await streamDownload(res, plan));
      stats.answered('bulk.download', plan.status, key);
    } catch {
      stats.answered('bulk.download', 'abandoned', key);
    }
  }

  return {
    apiKey: app.apiKey,
    apiSecret: app.apiSecret,
    async handle(req, res, path) {
      const pathname = path.split('?')[0] ?? path;
      const route = ROUTES.find((candidate) => candidate.method === req.method && candidate.pattern.test(pathname));
      if (!route) return false;
      const params = (route.pattern.exec(pathname) ?? []).slice(1);
      if (route.endpoint === 'bulk.download') {
        await download(req, res, params[0] ?? '');
        return true;
      }
      const context = { stats, latencyMs: options.latencyMs, nowMs: now, internalError: () => serverError(500) };
      await serveRequest(req, res, { endpoint: route.endpoint, key: params[0] }, context, () => answer(route, params, req, pathname));
      return true;
    },
    shops: () =>
      [...shops.values()].map(({ data }) => ({
        name: data.identity.name,
        domain: data.identity.domain,
        title: data.identity.title,
        currency: data.identity.currency,
        timezone: data.identity.timezone,
        orders: data.countOf('Order'),
        products: data.countOf('Product'),
        customers: data.countOf('Customer'),
      })),
    issueCode(shop, { scopes = DEFAULT_SCOPES, redirectUri, state = 'sim-state' }) {
      const domain = shopNamed(shop).data.identity.domain;
      const code = tokens.issueCode(domain, scopes.join(','));
      return { code, redirectUrl: consentRedirect(domain, redirectUri, state, code, app, now()) };
    },
    issueAccessToken(shop, scopes = DEFAULT_SCOPES) {
      const domain = shopNamed(shop).data.identity.domain;
      const code = tokens.issueCode(domain, scopes.join(','));
      const response = tokens.tokenEndpoint(domain, new URLSearchParams({ client_id: app.apiKey, client_secret: app.apiSecret, code }), app);
      return (response.body as { access_token: string }).access_token;
    },
    truth: (shop, truthOptions) => shopTruth(shopNamed(shop).data, now(), truthOptions),
    updateOrder(shop, id, changes) {
      const runtime = shopNamed(shop);
      const index = indexOf(runtime, 'Order', id);
      updateOrderStatus(runtime.data, index, changes.status ?? runtime.data.orderStatus(index), now());
    },
    addOrders(shop, n) {
      const { data } = shopNamed(shop);
      return addOrders(data, n, now()).map((index) => String(data.idOf('Order', index)));
    },
    updateProduct(shop, id, changes) {
      const runtime = shopNamed(shop);
      runtime.data.updateProduct(indexOf(runtime, 'Product', id), changes, now());
    },
    updateCustomer(shop, id, changes) {
      const runtime = shopNamed(shop);
      runtime.data.updateCustomer(indexOf(runtime, 'Customer', id), changes, now());
    },
    deleteProduct(shop, id) {
      const runtime = shopNamed(shop);
      runtime.data.remove('Product', indexOf(runtime, 'Product', id));
    },
    deleteCustomer(shop, id) {
      const runtime = shopNamed(shop);
      runtime.data.remove('Customer', indexOf(runtime, 'Customer', id));
    },
    loseNextBulkStarts(count) {
      bulkStartsToLose += count;
    },
    setBucket: (shop, spec) => shopNamed(shop).bucket.reset(spec, now()),
    failNextBulkOperation: (shop, code) => bulk.failNextOperation(shopNamed(shop).data.identity.domain, code),
    expireBulkResults: (shop) => bulk.expireResults(shopNamed(shop).data.identity.domain),
    revokeTokens: (shop) => tokens.revoke(shopNamed(shop).data.identity.domain),
    injectFaults: (list) => faults.push(list),
    stats: () => ({
      ...totals,
      endpoints: stats.snapshot(),
      perShop: Object.fromEntries([...shops].map(([domain, runtime]) => [domain, { ...runtime.counters }])),
    }),
    resetStats() {
      stats.reset();
      totals = emptyCounters();
      for (const runtime of shops.values()) runtime.counters = emptyCounters();
    },
    close: () => bulk.close(),
  };
}
