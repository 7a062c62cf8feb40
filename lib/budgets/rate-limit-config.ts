import type { BudgetSpec } from '../connectors/connector.js';
import { backfillAllowance } from './budget-policy.js';
import type { RateLimitOverride } from './rate-limits.repository.js';

/** One budget's effective limits: the environment's defaults with the admin's overrides applied. */
export interface RateLimits {
  requests_per_second: number;
  daily_quota: number | null;
  backfill_share: number;
  /** Tasks of the platform one dispatcher invocation runs at once (the budget named after the platform). */
  concurrency: number;
}

/** The rate-limit config as the admin API shows it (DESIGN.md "Jobs"); `usage` is added by the service. */
export type RateLimitConfig = Record<string, RateLimits>;

/**
 * Pure: every declared budget's limits, overrides applied. A stored override of a budget no
 * connector declares any more is ignored. `concurrency` defaults to the dispatcher's lanes and
 * never exceeds them: DISPATCH_CONCURRENCY may have been lowered since the override was stored.
 */
export function effectiveRateLimits(declared: readonly BudgetSpec[], overrides: readonly RateLimitOverride[], lanes: number): RateLimitConfig {
  const byBudget = new Map(overrides.map((row) => [row.budget, row]));
  return Object.fromEntries(
    declared.map((spec) => {
      const override = byBudget.get(spec.key);
      const limits: RateLimits = {
        requests_per_second: override?.requestsPerSecond ?? spec.requestsPerSecond,
        daily_quota: override?.dailyQuota ?? spec.dailyQuota,
        backfill_share: override?.backfillShare ?? spec.backfillShare,
        concurrency: Math.min(override?.concurrency ?? lanes, lanes),
      };
      return [spec.key, limits];
    }),
  );
}

/**
 * Pure: how long `apiCalls` take at the budget's rate, and over how many days its quota spreads
 * them: 1 when what is left of today's window holds them (for a backfill, of its share and of
 * the whole quota), else the days until the rest fits at what each new day allows it.
 */
export function estimateUnderLimits(
  limits: RateLimits,
  work: { apiCalls: number; quotaUnits: number; used: { used: number; backfillUsed: number }; backfill: boolean },
): { estimatedSeconds: number; estimatedDays: number | null } {
  const estimatedSeconds = Math.ceil(work.apiCalls / limits.requests_per_second);
  if (work.quotaUnits === 0) return { estimatedSeconds, estimatedDays: 0 };
  if (limits.daily_quota === null) return { estimatedSeconds, estimatedDays: 1 };
  const perDay = work.backfill ? (backfillAllowance({ dailyQuota: limits.daily_quota, backfillShare: limits.backfill_share }) ?? 0) : limits.daily_quota;
  // No share of the quota for this work: it never runs until the config changes.
  if (perDay <= 0) return { estimatedSeconds, estimatedDays: null };
  const leftOfQuota = limits.daily_quota - work.used.used;
  const leftToday = Math.max(0, Math.min(leftOfQuota, work.backfill ? perDay - work.used.backfillUsed : leftOfQuota));
  if (work.quotaUnits <= leftToday) return { estimatedSeconds, estimatedDays: 1 };
  return { estimatedSeconds, estimatedDays: 1 + Math.ceil((work.quotaUnits - leftToday) / perDay) };
}
