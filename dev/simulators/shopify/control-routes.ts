/**
 * The Shopify simulator's control endpoints when it runs as its own process (main.ts) — the
 * in-process methods over HTTP, for a harness or benchmark in another process:
 *   GET  /__control/stats                 POST /__control/reset-stats
 *   GET  /__control/shops                 GET  /__control/truth?shop=[&all_orders=0]
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
import { BULK_ERROR_CODES, FINANCIAL_STATUSES, PRODUCT_STATUSES, type BulkErrorCode, type FaultSpec, type FinancialStatus, type ProductStatus } from './types.js';

function oneOf<T extends string>(value: string | null, allowed: readonly T[], name: string): T | undefined {
  if (value === null) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name} must be one of ${allowed.join(', ')}`);
  return value as T;
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
