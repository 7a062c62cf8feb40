import { SLIDING_DAY } from '../../budgets/budget-policy.js';
import { ConfigError, ValidationError } from '../../errors.js';
import type { Connector } from '../connector.js';
import { planCommerceBackfill, planCommerceSync } from '../sync/commerce-plan.js';
import { commerceConnectorParts } from '../sync/commerce-connector-parts.js';
import { inEntityOrder } from '../sync/entity-order.js';
import { ETSY_BUDGET } from './etsy-budget.js';
import { createEtsyClient, type EtsyClient, type EtsyCodeExchange } from './etsy.client.js';
import type { EtsySettings } from './etsy.config.js';
import { createListingsHandler } from './listings.task.js';
import { createOrdersHandler } from './orders.task.js';
import { createPaymentsHandler } from './payments.task.js';
import { ETSY_LISTINGS_KIND, ETSY_ORDERS_KIND, ETSY_PAYMENTS_KIND, ETSY_PLAN } from './task-keys.js';

export { ETSY_BUDGET } from './etsy-budget.js';

const commerce = commerceConnectorParts<EtsySettings, EtsyClient>(ETSY_PLAN);
export type { EtsyCodeExchange } from './etsy.client.js';

/**
 * Etsy Open API v3 (PLATFORMS.md "Etsy"): OAuth 2.0 with PKCE, the shop from `users/me`, and the
 * commerce entities in order — receipts with their transactions (orders, line_items), active
 * listings, payment-account ledger entries (payments) — backfilled once, then kept fresh by the
 * sync cron from each entity's cursor. Every call spends the app key's one budget.
 */
export const etsyConnector: Connector<EtsySettings, EtsyClient, EtsyCodeExchange> = {
  platform: 'etsy',
  async createClient({ settings, clock, budgets }) {
    if (!settings.apiKey || !settings.sharedSecret) throw new ConfigError('ETSY_API_KEY and ETSY_SHARED_SECRET must be set');
    return createEtsyClient({ ...settings, apiKey: settings.apiKey, sharedSecret: settings.sharedSecret }, budgets, clock);
  },
  auth: {
    kind: 'oauth2-pkce',
    pkce: true,
    authorizeUrl: (client, request) => client.authorizeUrl(request),
    exchange: (client, input) => client.exchangeCode(input),
    refresh: (client, refreshToken) => client.refreshAccessToken(refreshToken),
    missingRefreshToken: 'Etsy returned no refresh token: connect the shop again',
  },
  // The account is the shop (its id the connection's external_account_id), named by its shop_name.
  async identify(client, tokens) {
    const me = await client.getMe(tokens.accessToken);
    if (me.shop_id === null) throw new ValidationError('this Etsy account has no shop');
    const shop = await client.getShop(tokens.accessToken, String(me.shop_id));
    return { accountId: String(me.shop_id), displayName: shop.shopName };
  },
  tasks: {
    [ETSY_ORDERS_KIND]: inEntityOrder(createOrdersHandler),
    [ETSY_LISTINGS_KIND]: inEntityOrder(createListingsHandler),
    [ETSY_PAYMENTS_KIND]: inEntityOrder(createPaymentsHandler),
    ...commerce.tasks,
  },
  taskLabels: commerce.taskLabels,
  planners: { 'data-collection': planCommerceBackfill(ETSY_PLAN), sync: planCommerceSync(ETSY_PLAN), 'analytics-generation': commerce.analyticsPlanner },
  followUps: commerce.followUps,
  schedules: [{ cron: 'sync', job: 'sync', params: {} }],
  // One budget per app key (PLATFORMS.md: whether Etsy counts per key or per token is documented
  // both ways; per key is the safe reading): requests per second and a sliding 24-hour quota.
  budgets: (settings) => [
    {
      key: ETSY_BUDGET,
      scope: 'app',
      requestsPerSecond: settings.requestsPerSecond,
      dailyQuota: settings.dailyQuota,
      quotaWindow: SLIDING_DAY,
      unit: 'requests',
      backfillShare: 0.5,
      spentBy: [ETSY_ORDERS_KIND, ETSY_LISTINGS_KIND, ETSY_PAYMENTS_KIND],
    },
  ],
};
