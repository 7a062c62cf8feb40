import type { DbTime } from '../values.js';

/**
 * `rate_limits`: the admin's overrides of a budget's limits (DESIGN.md "Budgets"), one row per
 * budget key (`youtube`, `youtube-data`, `etsy`, …). A NULL field keeps the environment's default.
 */
export interface RateLimitsTable {
  budget: string;
  requests_per_second: number | null;
  daily_quota: number | null;
  /** The fraction (0–1) of the daily quota backfills may use. */
  backfill_share: number | null;
  /** Tasks of the budget's platform one dispatcher invocation runs at once. */
  concurrency: number | null;
  updated_at: DbTime;
}
