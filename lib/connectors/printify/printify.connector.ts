import { SLIDING_DAY } from '../../budgets/budget-policy.js';
import type { Connector } from '../connector.js';
import { planCommerceBackfill, planCommerceSync } from '../sync/commerce-plan.js';
import { inEntityOrder } from '../sync/entity-order.js';
import { commerceStore } from './commerce-store.js';
import { createOrdersTask } from './orders.task.js';
import { createPrintifyClient, PRINTIFY_BUDGET, type PrintifyClient } from './printify.client.js';
import type { PrintifySettings } from './printify.config.js';
import { createProductsTask } from './products.task.js';
import { chooseShop } from './shop-choice.js';
import { PRINTIFY_ORDERS_KIND, PRINTIFY_PLAN, PRINTIFY_PRODUCTS_KIND } from './task-kinds.js';

/**
 * What connecting a Printify account takes (POST /api/oauth/printify/exchange): an OAuth app's
 * grant `code`, or a merchant's personal `accessToken`; `shopId` names the shop when the
 * account has several.
 */
export type PrintifyExchangeInput = ({ code: string; accessToken?: never } | { accessToken: string; code?: never }) & { shopId?: string | undefined };

/**
 * Printify: fulfilment orders (what the merchant pays Printify, linked to the sales orders they
 * fulfil for COGS) and products with their variants' base costs, per shop. Connected with a
 * personal access token (a year, no refresh: when it is revoked or expires the connection
 * needs re-authorization) or through an OAuth app (6-hour tokens, refreshed).
 */
export const printifyConnector: Connector<PrintifySettings, PrintifyClient, PrintifyExchangeInput> = {
  platform: 'printify',
  accountIdAlias: 'shop_id',
  async createClient({ settings, clock, budgets }) {
    return createPrintifyClient(settings, { budgets, clock });
  },
  auth: {
    kind: 'personal-token',
    async exchange(client, input) {
      if (input.code !== undefined) return client.exchangeCode(input.code);
      // A personal token is checked by using it; it has no refresh token, and its expiry (a year
      // after the merchant made it) is not known here: none is stored, and the 401 that ends it
      // finds no refresh token, so the connection is marked needs_reauth (TokenSession).
      await client.checkPersonalToken(input.accessToken);
      return { accessToken: input.accessToken, refreshToken: undefined, expiresAt: null, scopes: '' };
    },
    refresh: (client, refreshToken) => client.refreshAccessToken(refreshToken),
    // missingRefreshToken stays unset: a personal token never has one, and that is no error.
    authorizeUrl: (client, { state }) => client.authorizeUrl(state),
    pkce: false,
  },
  async identify(client, tokens, input) {
    return chooseShop(await client.listShops(tokens.accessToken), input.shopId);
  },
  tasks: {
    [PRINTIFY_ORDERS_KIND]: inEntityOrder(createOrdersTask(commerceStore)),
    [PRINTIFY_PRODUCTS_KIND]: inEntityOrder(createProductsTask(commerceStore)),
  },
  taskLabels: {
    [PRINTIFY_ORDERS_KIND]: { verb: 'Syncing orders', unit: 'orders' },
    [PRINTIFY_PRODUCTS_KIND]: { verb: 'Syncing products', unit: 'products' },
  },
  planners: {
    'data-collection': planCommerceBackfill(PRINTIFY_PLAN),
    sync: (input, now) => planCommerceSync({ ...PRINTIFY_PLAN, fullResyncEveryDays: input.settings.fullResyncDays })(input, now),
  },
  schedules: [{ cron: 'sync', job: 'sync', params: {} }],
  // 600 requests a minute per merchant account, across its shops (https://developers.printify.com/#overview:
  // "identified per account and not per access token"); no daily quota. An account-scoped budget
  // is keyed by the connection's external_account_id, which is the shop.
  budgets: (settings) => [
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
