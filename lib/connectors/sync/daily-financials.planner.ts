import type { JobPlanner } from '../connector.js';
import { commerceTaskKey } from './commerce-task-keys.js';

/** The task kind a commerce connector registers for its `analytics-generation` jobs. */
export const dailyFinancialsKind = (platform: string) => `${platform}.daily_financials`;

/**
 * Pure: the `analytics-generation` job of a commerce connection — one task that rebuilds the
 * tenant's `daily_financials` days its orders marked. Keyed per connection; the follow-up that
 * starts it is forced, so a finished one runs again after each backfill or sync.
 */
export function planDailyFinancials(platform: string): JobPlanner<unknown> {
  return ({ connection, params }) => ({
    tasks: [{ kind: dailyFinancialsKind(platform), dedupeKey: commerceTaskKey(connection.tenantId, platform, 'daily_financials', connection.externalAccountId, 'rollup'), payload: {}, priority: 0 }],
    config: { force: params.force ?? false },
    estimate: { apiCalls: 0, quotaUnits: 0 },
  });
}
