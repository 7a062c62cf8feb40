import type { Connector, JobType, TaskHandlerFactory } from '../connector.js';
import type { CommercePlatformPlan } from './commerce-plan.js';
import { dailyFinancialsKind, planDailyFinancials } from './daily-financials.planner.js';
import { createDailyFinancialsHandler } from './daily-financials.task.js';

/**
 * What every commerce connector declares the same way, written once: its entities' labels (so
 * jobs show `entities` with records: `Syncing orders… 450/1,200`), and the `daily_financials`
 * rollup — a task kind, its `analytics-generation` planner, and the follow-ups that run it after
 * each backfill and sync (DESIGN.md "daily_financials").
 */
export function commerceConnectorParts<Settings, Client>(plan: CommercePlatformPlan) {
  const rollupKind = dailyFinancialsKind(plan.platform);
  const tasks: Record<string, TaskHandlerFactory<Settings, Client>> = { [rollupKind]: createDailyFinancialsHandler };
  const taskLabels: NonNullable<Connector['taskLabels']> = {
    ...Object.fromEntries(plan.entities.map((e) => [e.kind, { verb: `Syncing ${e.entity}`, unit: e.entity, entity: e.entity }])),
    [rollupKind]: { verb: 'Rebuilding daily_financials', unit: 'days' },
  };
  const followUps: Partial<Record<JobType, JobType>> = { 'data-collection': 'analytics-generation', sync: 'analytics-generation' };
  return { tasks, taskLabels, analyticsPlanner: planDailyFinancials(plan.platform), followUps };
}
