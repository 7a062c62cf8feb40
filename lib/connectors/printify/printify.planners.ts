import type { Connector } from '../connector.js';
import { planCommerceBackfill, planCommerceSync } from '../sync/commerce-plan.js';
import type { PrintifySettings } from './printify.config.js';
import { PRINTIFY_PLAN } from './task-kinds.js';

/** The shared commerce planners over Printify's entities; the full re-read period is the settings'. */
export const printifyPlanners: Connector<PrintifySettings>['planners'] = {
  'data-collection': planCommerceBackfill(PRINTIFY_PLAN),
  sync: (input, now) => planCommerceSync({ ...PRINTIFY_PLAN, fullResyncEveryDays: input.settings.fullResyncDays })(input, now),
};
