import type { Connector } from '../connector.js';
import { planCommerceBackfill, planCommerceSync } from '../sync/commerce-plan.js';
import type { PrintifySettings } from './printify.config.js';
import { PRINTIFY_PLAN } from './task-kinds.js';

/**
 * The shared commerce planners over Printify's entities. The periodic full re-read of orders is
 * the orders task's own decision (sync_cursors.full_read_at), not the planner's.
 */
export const printifyPlanners: Connector<PrintifySettings>['planners'] = {
  'data-collection': planCommerceBackfill(PRINTIFY_PLAN),
  sync: planCommerceSync(PRINTIFY_PLAN),
};
