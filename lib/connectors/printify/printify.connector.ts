import { SLIDING_DAY } from '../../budgets/budget-policy.js';
import type { Connector } from '../connector.js';
import { commerceConnectorParts } from '../sync/commerce-connector-parts.js';
import { inEntityOrder } from '../sync/entity-order.js';
import { commerceStore } from './commerce-store.js';
import { createOrdersTask } from './orders.task.js';
import { identifyShop, printifyAuth, type PrintifyExchangeInput } from './printify.auth.js';
import { createPrintifyClient, PRINTIFY_BUDGET, type PrintifyClient } from './printify.client.js';
import type { PrintifySettings } from './printify.config.js';
import { printifyPlanners } from './printify.planners.js';
import { createProductsTask } from './products.task.js';
import { PRINTIFY_ORDERS_KIND, PRINTIFY_PLAN, PRINTIFY_PRODUCTS_KIND } from './task-kinds.js';

const commerce = commerceConnectorParts<PrintifySettings, PrintifyClient>(PRINTIFY_PLAN);

export type { PrintifyExchangeInput } from './printify.auth.js';

/**
 * Printify: fulfilment orders (what the merchant pays Printify, linked to the sales orders they
 * fulfil for COGS) and products with their variants' base costs, per shop. A connection is one
 * shop; a grant (personal token or OAuth app) covers every shop of the merchant's account.
 */
export const printifyConnector: Connector<PrintifySettings, PrintifyClient, PrintifyExchangeInput> = {
  platform: 'printify',
  accountIdAlias: 'shop_id',
  // 600 requests a minute per merchant account across its shops: the shops one token reaches share the budget.
  budgetsPerGrant: true,
  async createClient({ settings, clock, budgets }) {
    return createPrintifyClient(settings, { budgets, clock });
  },
  auth: printifyAuth,
  identify: identifyShop,
  tasks: {
    [PRINTIFY_ORDERS_KIND]: inEntityOrder(createOrdersTask(commerceStore)),
    [PRINTIFY_PRODUCTS_KIND]: inEntityOrder(createProductsTask(commerceStore)),
    ...commerce.tasks,
  },
  taskLabels: commerce.taskLabels,
  planners: { ...printifyPlanners, 'analytics-generation': commerce.analyticsPlanner },
  followUps: commerce.followUps,
  schedules: [{ cron: 'sync', job: 'sync', params: {} }],
  budgets: (settings) => [
    // 600 requests a minute per merchant account, across its shops; no daily quota
    // (https://developers.printify.com/#overview: limits are "identified per account and not per
    // access token"). Counted per grant (budgetsPerGrant): the shops one token reaches share it.
    {
      key: PRINTIFY_BUDGET,
      scope: 'account',
      requestsPerSecond: settings.requestsPerSecond,
      dailyQuota: null,
      quotaWindow: SLIDING_DAY,
      unit: 'requests',
      backfillShare: 0.5,
      spentBy: [PRINTIFY_ORDERS_KIND, PRINTIFY_PRODUCTS_KIND],
    },
  ],
};
