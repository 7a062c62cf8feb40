/**
 * The Shopify simulator's control endpoints when it runs as its own process (main.ts) — the
 * in-process methods over HTTP, for a harness or benchmark in another process:
 *   GET  /__control/stats                 POST /__control/reset-stats
 *   GET  /__control/shops                 GET  /__control/truth?shop=[&all_orders=0]
 *   GET  /__control/truth-sample?shop=&every=N
 *   POST /__control/touch-orders?shop=&count=
 *   POST /__control/issue-code?shop=&redirect_uri=[&scopes=a,b][&state=]
 *   POST /__control/access-token?shop=[&scopes=a,b]
 *   POST /__control/add-orders?shop=&count=
 *   POST /__control/update-order?shop=&id=[&status=]
 *   POST /__control/update-product?shop=&id=[&title=][&status=][&vendor=]
 *   POST /__control/update-customer?shop=&id=[&first_name=][&last_name=][&email=]
 *   POST /__control/set-bucket?shop=&capacity=&restore_per_second=
 *   POST /__control/fail-next-bulk-operation?shop=&error_code=
 *   POST /__control/expire-bulk-results?shop=     POST /__control/revoke-tokens?shop=
 *   POST /__control/inject-faults?faults=<JSON array of FaultSpec>
 */
import { requiredParam, type ControlRoute } from '../_shared/control-routes.js';
import type { ShopifySimulator } from './simulator.js';
import { BULK_ERROR_CODES, FINANCIAL_STATUSES, PRODUCT_STATUSES, type BulkErrorCode, type FaultSpec, type FinancialStatus, type ProductStatus, type ShopifyTruth } from './types.js';

function oneOf<T extends string>(value: string | null, allowed: readonly T[], name: string): T | undefined {
  if (value === null) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function wholeNumber(query: URLSearchParams, name: string): number {
  const value = requiredParam(query, name);
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number`);
  return Number(value);
}

/**
 * A large shop's truth is hundreds of MB of JSON: the row counts of every table, every `every`-th
 * order (from the first) with its lines, and the small tables whole — what a benchmark compares.
 */
export function truthSample(truth: ShopifyTruth, every: number) {
  const orders = truth.orders.filter((_, i) => i % every === 0);
  const ids = new Set(orders.map((order) => order.platform_id));
  const counts = Object.fromEntries(Object.entries(truth).map(([table, rows]) => [table, (rows as unknown[]).length])) as Record<keyof ShopifyTruth, number>;
  return { counts, ...truth, orders, line_items: truth.line_items.filter((line) => ids.has(line.order_platform_id)) };
}

function positive(query: URLSearchParams, name: string): number {
  const value = Number(requiredParam(query, name));
  if (!(value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
}

const scopesOf = (query: URLSearchParams): string[] | undefined => query.get('scopes')?.split(',').filter(Boolean);

export function shopifyControlRoutes(simulator: ShopifySimulator): Record<string, ControlRoute> {
  const shop = (query: URLSearchParams) => requiredParam(query, 'shop');
  const id = (query: URLSearchParams) => requiredParam(query, 'id');
  const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
  return {
    stats: { method: 'GET', run: () => simulator.stats() },
    'reset-stats': { method: 'POST', run: () => simulator.resetStats() },
    shops: { method: 'GET', run: () => ({ shops: simulator.shops() }) },
    truth: { method: 'GET', run: (query) => simulator.truth(shop(query), { allOrders: query.get('all_orders') !== '0' }) },
    'issue-code': {
      method: 'POST',
      run: (query) => {
        const scopes = scopesOf(query);
        return simulator.issueCode(shop(query), { redirectUri: requiredParam(query, 'redirect_uri'), ...(scopes && { scopes }), ...(query.get('state') !== null && { state: query.get('state')! }) });
      },
    },
    'access-token': { method: 'POST', run: (query) => ({ access_token: simulator.issueAccessToken(shop(query), scopesOf(query)) }) },
    'add-orders': {
      method: 'POST',
      run(query) {
        const count = requiredParam(query, 'count');
        if (!/^\d+$/.test(count)) throw new Error('count must be a whole number');
        return { ids: simulator.addOrders(shop(query), Number(count)) };
      },
    },
    'truth-sample': {
      method: 'GET',
      run(query) {
        const every = wholeNumber(query, 'every');
        if (every < 1) throw new Error('every must be at least 1');
        return truthSample(simulator.truth(shop(query)), every);
      },
    },
    // `count` orders spread evenly from the first (every ⌊orders ÷ count⌋-th: truth-sample with that
    // `every` reads exactly them), each moved to the next financial status and updated now.
    'touch-orders': {
      method: 'POST',
      run(query) {
        const count = wholeNumber(query, 'count');
        const orders = simulator.truth(shop(query)).orders;
        if (count < 1 || count > orders.length) throw new Error(`count must be between 1 and the shop's ${orders.length} orders`);
        const every = Math.floor(orders.length / count);
        const ids: string[] = [];
        for (let i = 0; i < count; i++) {
          const order = orders[i * every]!;
          simulator.updateOrder(shop(query), order.platform_id, { status: FINANCIAL_STATUSES[(FINANCIAL_STATUSES.indexOf(order.status) + 1) % FINANCIAL_STATUSES.length]! });
          ids.push(order.platform_id);
        }
        return { ids, every };
      },
    },
    'update-order': {
      method: 'POST',
      run: (query) => simulator.updateOrder(shop(query), id(query), defined({ status: oneOf<FinancialStatus>(query.get('status'), FINANCIAL_STATUSES, 'status') })),
    },
    'update-product': {
      method: 'POST',
      run: (query) =>
        simulator.updateProduct(shop(query), id(query), defined({ title: query.get('title') ?? undefined, vendor: query.get('vendor') ?? undefined, status: oneOf<ProductStatus>(query.get('status'), PRODUCT_STATUSES, 'status') })),
    },
    'update-customer': {
      method: 'POST',
      run: (query) => simulator.updateCustomer(shop(query), id(query), defined({ firstName: query.get('first_name') ?? undefined, lastName: query.get('last_name') ?? undefined, email: query.get('email') ?? undefined })),
    },
    'delete-product': { method: 'POST', run: (query) => simulator.deleteProduct(shop(query), id(query)) },
    'delete-customer': { method: 'POST', run: (query) => simulator.deleteCustomer(shop(query), id(query)) },
    'set-bucket': { method: 'POST', run: (query) => simulator.setBucket(shop(query), { capacity: positive(query, 'capacity'), restorePerSecond: positive(query, 'restore_per_second') }) },
    'fail-next-bulk-operation': {
      method: 'POST',
      run: (query) => simulator.failNextBulkOperation(shop(query), oneOf<BulkErrorCode>(requiredParam(query, 'error_code'), BULK_ERROR_CODES, 'error_code')!),
    },
    'expire-bulk-results': { method: 'POST', run: (query) => simulator.expireBulkResults(shop(query)) },
    'revoke-tokens': { method: 'POST', run: (query) => simulator.revokeTokens(shop(query)) },
    'inject-faults': { method: 'POST', run: (query) => simulator.injectFaults(JSON.parse(requiredParam(query, 'faults')) as FaultSpec[]) },
  };
}
