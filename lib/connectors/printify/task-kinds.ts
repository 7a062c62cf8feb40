import type { CommercePlatformPlan } from '../sync/commerce-plan.js';

export const PRINTIFY_ORDERS_KIND = 'printify.orders';
export const PRINTIFY_PRODUCTS_KIND = 'printify.products';

/**
 * Printify's commerce entities in backfill order: orders first (COGS needs them), then the
 * products they refer to.
 */
export const PRINTIFY_PLAN: CommercePlatformPlan = {
  platform: 'printify',
  entities: [
    { entity: 'orders', kind: PRINTIFY_ORDERS_KIND },
    { entity: 'products', kind: PRINTIFY_PRODUCTS_KIND },
  ],
};
