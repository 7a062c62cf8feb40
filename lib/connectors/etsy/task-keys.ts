import type { CommercePlatformPlan } from '../sync/commerce-plan.js';

export const ETSY_ORDERS_KIND = 'etsy.orders';
export const ETSY_LISTINGS_KIND = 'etsy.listings';
export const ETSY_PAYMENTS_KIND = 'etsy.payments';

/** The entities in the order a backfill runs them (seed 002): orders, then listings, then payments. */
export const ETSY_PLAN: CommercePlatformPlan = {
  platform: 'etsy',
  entities: [
    { entity: 'orders', kind: ETSY_ORDERS_KIND },
    { entity: 'listings', kind: ETSY_LISTINGS_KIND },
    { entity: 'payments', kind: ETSY_PAYMENTS_KIND },
  ],
};
