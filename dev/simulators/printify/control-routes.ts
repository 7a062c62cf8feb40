/**
 * The Printify simulator's control endpoints when it runs as its own process (main.ts), for a
 * harness in another process — the in-process methods over HTTP:
 *   GET  /__control/stats                      POST /__control/reset-stats
 *   GET  /__control/account-token?name=        GET  /__control/shop-ids?name=
 *   GET  /__control/truth?shop_id=             POST /__control/issue-code?name=
 *   POST /__control/revoke-token?name=
 *   POST /__control/add-orders?shop_id=&count=[&sales_order_ids=1,2,…]
 *   POST /__control/update-order?shop_id=&order_id=[&status=][&delivered=1][&shop_order_id=…|null]
 */
import { requiredParam, type ControlRoute } from '../_shared/control-routes.js';
import type { PrintifySimulator } from './simulator.js';
import type { PrintifyOrderChanges, PrintifyOrderStatus } from './types.js';

const STATUSES: readonly PrintifyOrderStatus[] = ['pending', 'on-hold', 'payment-not-received', 'sending-to-production', 'in-production', 'has-issues', 'partially-fulfilled', 'fulfilled', 'canceled'];

/** The changes an update-order query asks for; throws naming a bad value. */
export function orderChangesFrom(query: URLSearchParams): PrintifyOrderChanges {
  const changes: PrintifyOrderChanges = {};
  const status = query.get('status');
  if (status !== null) {
    if (!(STATUSES as readonly string[]).includes(status)) throw new Error(`status must be one of ${STATUSES.join(', ')}`);
    changes.status = status as PrintifyOrderStatus;
  }
  if (query.get('delivered') === '1') changes.delivered = true;
  const ref = query.get('shop_order_id');
  if (ref !== null) changes.shop_order_id = ref === 'null' ? null : ref;
  return changes;
}

export function printifyControlRoutes(simulator: PrintifySimulator): Record<string, ControlRoute> {
  const name = (query: URLSearchParams) => requiredParam(query, 'name');
  const shopId = (query: URLSearchParams) => requiredParam(query, 'shop_id');
  return {
    stats: { method: 'GET', run: () => simulator.stats() },
    'reset-stats': { method: 'POST', run: () => simulator.resetStats() },
    'account-token': { method: 'GET', run: (query) => ({ token: simulator.accountToken(name(query)) }) },
    'shop-ids': { method: 'GET', run: (query) => ({ shop_ids: simulator.shopIdsOf(name(query)) }) },
    truth: { method: 'GET', run: (query) => simulator.truth(shopId(query)) },
    'issue-code': { method: 'POST', run: (query) => ({ code: simulator.issueCode(name(query)) }) },
    'revoke-token': { method: 'POST', run: (query) => simulator.revokeToken(name(query)) },
    'add-orders': {
      method: 'POST',
      run(query) {
        const count = requiredParam(query, 'count');
        if (!/^\d+$/.test(count)) throw new Error('count must be a whole number');
        const salesOrderIds = query.get('sales_order_ids')?.split(',').filter(Boolean);
        return { orders: simulator.addOrders(shopId(query), Number(count), salesOrderIds ? { salesOrderIds } : {}) };
      },
    },
    'update-order': {
      method: 'POST',
      run: (query) => ({ order: simulator.updateOrder(shopId(query), requiredParam(query, 'order_id'), orderChangesFrom(query)) }),
    },
  };
}
