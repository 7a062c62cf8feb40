import { rebuildFinancialDays, takeDirtyFinancialDays } from '../../commerce/daily-financials.repository.js';
import { DeadlineReachedError } from '../../errors.js';
import type { ConnectorTaskHandler, TaskDeps } from '../connector.js';

/*
 * Strategy: `daily_financials` is derived from stored orders, no API call. Every order upsert
 * marks the UTC days it touches (its `placed_at` day, and the days of sales orders whose COGS
 * changed) in `financial_days_dirty`, in the transaction that writes the rows; this task takes a
 * batch of the tenant's marked days and rebuilds them in one step, so a crash leaves them
 * marked and a re-run finds nothing left to do. Runs after every commerce backfill and sync.
 */

/** Days per step: a short transaction even for a tenant with years of history. */
export const FINANCIAL_DAYS_PER_STEP = 92;

export function createDailyFinancialsHandler(deps: TaskDeps<unknown, unknown>): ConnectorTaskHandler {
  return async (task, { deadline, commitStep }) => {
    for (let rebuilt = 0, more = true; more; ) {
      if (deps.clock.now() >= deadline) throw new DeadlineReachedError(`deadline reached after ${rebuilt} days of daily_financials; the rest stay marked`);
      await commitStep(async (trx) => {
        const days = await takeDirtyFinancialDays(trx, task.tenantId, FINANCIAL_DAYS_PER_STEP);
        more = days.length === FINANCIAL_DAYS_PER_STEP;
        if (days.length > 0) await rebuildFinancialDays(trx, task.tenantId, days, deps.clock.now());
        rebuilt += days.length;
      }, { v: 1, progress: { done: rebuilt, total: null } });
    }
  };
}
