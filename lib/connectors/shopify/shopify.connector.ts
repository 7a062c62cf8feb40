import { SLIDING_DAY } from '../../budgets/budget-policy.js';
import { ConfigError, ValidationError } from '../../errors.js';
import type { Connector } from '../connector.js';
import { planCommerceBackfill, planCommerceSync } from '../sync/commerce-plan.js';
import { commerceConnectorParts } from '../sync/commerce-connector-parts.js';
import { inEntityOrder } from '../sync/entity-order.js';
import { createEntityTask, RECENT_ORDERS_DAYS } from './entity.task.js';
import { parseShopDomain } from './shop-domain.js';
import { verifyShopifyRedirect } from './shopify-hmac.js';
import { exchangeShopifyCode, grantedScopes, hasAllOrdersScope, refreshShopifyToken, shopifyAuthorizeUrl } from './shopify-oauth.js';
import { createShopifyClient, type ShopifyClient } from './shopify.client.js';
import type { ShopifySettings } from './shopify.config.js';
import { SHOPIFY_BUDGET, SHOPIFY_CUSTOMERS_KIND, SHOPIFY_ORDERS_KIND, SHOPIFY_PLAN, SHOPIFY_PRODUCTS_KIND } from './task-kinds.js';

const commerce = commerceConnectorParts<ShopifySettings, ShopifyClient>(SHOPIFY_PLAN);

/** The exchange's input: the code of a redirect whose HMAC, state and shop were checked, and that shop. */
export interface ShopifyExchangeInput {
  code: string;
  shop: string;
}

/** The connection's limitation without `read_all_orders` (PLATFORMS.md): shown, not retried. */
export const RECENT_ORDERS_ONLY = `orders older than ${RECENT_ORDERS_DAYS} days are not readable: the app was not granted read_all_orders`;

/**
 * Shopify Admin GraphQL API (PLATFORMS.md "Shopify"): offline tokens from the authorization-code
 * grant with the redirect's HMAC verified, a connection per `*.myshopify.com` shop, and the
 * commerce entities in order — orders with line items, products with variants, customers —
 * backfilled with bulk operations, then kept fresh by cost-paced `updated_at` queries.
 */
export const shopifyConnector: Connector<ShopifySettings, ShopifyClient, ShopifyExchangeInput> = {
  platform: 'shopify',
  accountIdAlias: 'shop',
  async createClient({ settings, clock, budgets, logger }) {
    if (!settings.apiKey || !settings.apiSecret) throw new ConfigError('SHOPIFY_API_KEY and SHOPIFY_API_SECRET must be set');
    return createShopifyClient(settings, { budgets, clock, logger });
  },
  auth: {
    kind: 'shopify-offline',
    startParams: ['shop'],
    checkShop: parseShopDomain,
    authorizeUrl(client, request) {
      if (request.shop === undefined) throw new ValidationError('shop is required to connect a Shopify store', [{ path: 'shop', message: 'the *.myshopify.com domain of the store' }]);
      return shopifyAuthorizeUrl(client.settings, { state: request.state, shop: request.shop });
    },
    readRedirect(client, rawQuery) {
      if (!client.settings.apiSecret) throw new ConfigError('SHOPIFY_API_SECRET must be set');
      const redirect = verifyShopifyRedirect(rawQuery, client.settings.apiSecret, client.clock.now());
      return { state: redirect.state, code: redirect.code, account: redirect.shop };
    },
    exchange: (client, input) => exchangeShopifyCode(client.settings, input, { clock: client.clock }),
    refresh: (client, refreshToken, { accountId }) => refreshShopifyToken(client.settings, accountId, refreshToken, { clock: client.clock }),
  },
  // The account is the shop domain the consent was for (checked against the state), named by the shop's own name.
  async identify(client, tokens, input) {
    const info = await client.shopInfo(input.shop, tokens.accessToken);
    return { accountId: input.shop, displayName: info.name, limitations: hasAllOrdersScope(grantedScopes(tokens)) ? [] : [RECENT_ORDERS_ONLY] };
  },
  tasks: {
    [SHOPIFY_ORDERS_KIND]: inEntityOrder(createEntityTask('orders')),
    [SHOPIFY_PRODUCTS_KIND]: inEntityOrder(createEntityTask('products')),
    [SHOPIFY_CUSTOMERS_KIND]: inEntityOrder(createEntityTask('customers')),
    ...commerce.tasks,
  },
  taskLabels: commerce.taskLabels,
  planners: { 'data-collection': planCommerceBackfill(SHOPIFY_PLAN), sync: planCommerceSync(SHOPIFY_PLAN), 'analytics-generation': commerce.analyticsPlanner },
  followUps: commerce.followUps,
  schedules: [{ cron: 'sync', job: 'sync', params: {} }],
  budgets: () => [
    // Shopify limits GraphQL by a cost bucket per app and shop (PLATFORMS.md), read from every
    // response's throttleStatus; until one is seen, the older shops' 1,000 points at 50/s is assumed.
    // The request rate only guards against a runaway loop; no daily quota.
    {
      key: SHOPIFY_BUDGET,
      scope: 'account',
      requestsPerSecond: 20,
      dailyQuota: null,
      quotaWindow: SLIDING_DAY,
      unit: 'points',
      backfillShare: 0.5,
      spentBy: [SHOPIFY_ORDERS_KIND, SHOPIFY_PRODUCTS_KIND, SHOPIFY_CUSTOMERS_KIND],
      costBucket: { capacity: 1_000, restorePerSecond: 50 },
    },
  ],
};
