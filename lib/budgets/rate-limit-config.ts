import type { BudgetSpec } from '../connectors/connector.js';
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
 * them: 1 when what backfills may still use today holds them, else the days until the rest fits
 * at `backfill_share` of each new day's quota.
 */
export function estimateUnderLimits(
  limits: RateLimits,
  work: { apiCalls: number; quotaUnits: number; usedToday: number; backfill: boolean },
): { estimatedSeconds: number; estimatedDays: number | null } {
  const estimatedSeconds = Math.ceil(work.apiCalls / limits.requests_per_second);
  if (work.quotaUnits === 0) return { estimatedSeconds, estimatedDays: 0 };
  if (limits.daily_quota === null) return { estimatedSeconds, estimatedDays: 1 };
  const perDay = limits.daily_quota * (work.backfill ? limits.backfill_share : 1);
  // No share of the quota for this work: it never runs until the config changes.
  if (perDay <= 0) return { estimatedSeconds, estimatedDays: null };
  const leftToday = Math.max(0, perDay - work.usedToday);
  if (work.quotaUnits <= leftToday) return { estimatedSeconds, estimatedDays: 1 };
  return { estimatedSeconds, estimatedDays: 1 + Math.ceil((work.quotaUnits - leftToday) / perDay) };
}
