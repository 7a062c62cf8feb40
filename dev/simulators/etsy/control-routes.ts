/**
 * The Etsy simulator's control endpoints when it runs as its own process (main.ts), for a harness
 * in another process; each is the control method of the same name, with query parameters:
 *   GET  /__control/stats, POST /__control/reset-stats
 *   GET  /__control/shop-id?name=            GET /__control/truth?shop_id=
 *   POST /__control/issue-code?shop=&code_challenge=&redirect_uri=[&scopes=a,b]
 *   POST /__control/update-receipt?shop_id=&receipt_id=[&status=&shipping_minor=&tax_minor=&vat_minor=&discount_minor=&updated_at=ISO]
 *   POST /__control/add-receipts?shop_id=&count=        POST /__control/add-ledger-entries?shop_id=&count=
 *   POST /__control/update-listing?shop_id=&listing_id=[&title=&state=&price_minor=&quantity=&updated_at=ISO]
 *   POST /__control/corrupt-receipt-money?shop_id=&receipt_id=&field=&amount=&divisor=
 *   POST /__control/set-grant-scopes?shop_id=[&scopes=a,b]   (no scopes: every scope asked)
 *   POST /__control/revoke-refresh-tokens?shop_id=      POST /__control/expire-access-tokens?shop_id=
 *   POST /__control/inject-faults?faults=<JSON array of FaultSpec>
 */
import { requiredParam, type ControlRoute } from '../_shared/control-routes.js';
import type { EtsySimulator } from './simulator.js';
import { RECEIPT_MONEY_FIELDS, RECEIPT_STATUSES, type FaultSpec, type ListingChanges, type ReceiptChanges, type ReceiptMoneyField, type ReceiptStatus } from './types.js';

function integer(query: URLSearchParams, name: string, required: true): number;
function integer(query: URLSearchParams, name: string, required: false): number | undefined;
function integer(query: URLSearchParams, name: string, required: boolean): number | undefined {
  const text = required ? requiredParam(query, name) : query.get(name);
  if (text === null || text === '') return undefined;
  if (!/^-?\d+$/.test(text)) throw new Error(`${name} must be an integer`);
  return Number(text);
}

function date(query: URLSearchParams, name: string): Date | undefined {
  const text = query.get(name);
  if (!text) return undefined;
  if (Number.isNaN(Date.parse(text))) throw new Error(`${name} must be an ISO 8601 time`);
  return new Date(text);
}

function defined<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as T;
}

export function etsyControlRoutes(simulator: EtsySimulator): Record<string, ControlRoute> {
  const shopId = (query: URLSearchParams) => integer(query, 'shop_id', true);
  return {
    stats: { method: 'GET', run: () => simulator.stats() },
    'reset-stats': { method: 'POST', run: () => simulator.resetStats() },
    'shop-id': { method: 'GET', run: (query) => ({ shop_id: simulator.shopIdFor(requiredParam(query, 'name')) }) },
    truth: { method: 'GET', run: (query) => simulator.truth(shopId(query)) },
    'issue-code': {
      method: 'POST',
      run: (query) => {
        const scopes = query.get('scopes')?.split(',').filter(Boolean);
        const request = { codeChallenge: requiredParam(query, 'code_challenge'), redirectUri: requiredParam(query, 'redirect_uri'), ...(scopes && { scopes }) };
        return { code: simulator.issueCode(requiredParam(query, 'shop'), request) };
      },
    },
    'update-receipt': {
      method: 'POST',
      run: (query) => {
        const status = query.get('status') ?? undefined;
        if (status !== undefined && !(RECEIPT_STATUSES as readonly string[]).includes(status)) throw new Error(`status must be one of ${RECEIPT_STATUSES.join(', ')}`);
        const changes: ReceiptChanges = defined({
          status: status as ReceiptStatus | undefined,
          shippingMinor: integer(query, 'shipping_minor', false),
          taxMinor: integer(query, 'tax_minor', false),
          vatMinor: integer(query, 'vat_minor', false),
          discountMinor: integer(query, 'discount_minor', false),
          updatedAt: date(query, 'updated_at'),
        });
        simulator.updateReceipt(shopId(query), integer(query, 'receipt_id', true), changes);
      },
    },
    'add-receipts': { method: 'POST', run: (query) => ({ receipt_ids: simulator.addReceipts(shopId(query), integer(query, 'count', true)) }) },
    'add-ledger-entries': { method: 'POST', run: (query) => ({ payments: simulator.addLedgerEntries(shopId(query), integer(query, 'count', true)) }) },
    'update-listing': {
      method: 'POST',
      run: (query) => {
        const changes: ListingChanges = defined({
          title: query.get('title') ?? undefined,
          state: (query.get('state') ?? undefined) as ListingChanges['state'],
          priceMinor: integer(query, 'price_minor', false),
          quantity: integer(query, 'quantity', false),
          updatedAt: date(query, 'updated_at'),
        });
        simulator.updateListing(shopId(query), integer(query, 'listing_id', true), changes);
      },
    },
    'corrupt-receipt-money': {
      method: 'POST',
      run: (query) => {
        const field = requiredParam(query, 'field');
        if (!(RECEIPT_MONEY_FIELDS as readonly string[]).includes(field)) throw new Error(`field must be one of ${RECEIPT_MONEY_FIELDS.join(', ')}`);
        const money = { amount: integer(query, 'amount', true), divisor: integer(query, 'divisor', true) };
        simulator.corruptReceiptMoney(shopId(query), integer(query, 'receipt_id', true), field as ReceiptMoneyField, money);
      },
    },
    'set-grant-scopes': {
      method: 'POST',
      run: (query) => simulator.setGrantScopes(shopId(query), query.get('scopes')?.split(',').filter(Boolean) ?? null),
    },
    'revoke-refresh-tokens': { method: 'POST', run: (query) => simulator.revokeRefreshTokens(shopId(query)) },
    'expire-access-tokens': { method: 'POST', run: (query) => simulator.expireAccessTokens(shopId(query)) },
    'inject-faults': { method: 'POST', run: (query) => simulator.injectFaults(JSON.parse(requiredParam(query, 'faults')) as FaultSpec[]) },
  };
}
