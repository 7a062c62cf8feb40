import type { CommercePlatformPlan } from '../sync/commerce-plan.js';

export const SHOPIFY_ORDERS_KIND = 'shopify.orders';
export const SHOPIFY_PRODUCTS_KIND = 'shopify.products';
export const SHOPIFY_CUSTOMERS_KIND = 'shopify.customers';

/** The entities in the order a backfill runs them (issue 12): orders with line items, then products with variants, then customers. */
export const SHOPIFY_PLAN: CommercePlatformPlan = {
  platform: 'shopify',
  entities: [
    { entity: 'orders', kind: SHOPIFY_ORDERS_KIND },
    { entity: 'products', kind: SHOPIFY_PRODUCTS_KIND },
    { entity: 'customers', kind: SHOPIFY_CUSTOMERS_KIND },
  ],
};

/** The budget every call of a shop spends: Shopify's cost bucket is per shop (app + store). */
export const SHOPIFY_BUDGET = 'shopify';
