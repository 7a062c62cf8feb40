import type { BudgetSpec } from '../connectors/connector.js';
import { budgetKeyOf, budgetLimitsOf } from './budget-gate.js';
import { MAX_WAIT_MS, budgetBlocks, IDLE_PACE, quotaUsed, quotaWindowStart, type QuotaWindow } from './budget-policy.js';
import { refId, type BudgetStates } from './budget-store.repository.js';
import type { RateLimits } from './rate-limit-config.js';

/**
 * What the admin API shows of a budget's counts (DESIGN.md "Budgets": `usage` is a list of
 * `{key, window, window_start, used, backfill_used}`), and why its calls wait, if they do.
 */
export interface BudgetUsage {
  key: string;
  /** `day` (the vendor's calendar day) or `24h` (a sliding 24 hours). */
  window: string;
  window_start: string;
  used: number;
  backfill_used: number;
  /** Why this key's calls wait now and until when (null: until a person raises a limit); null when they run. */
  blocked: BudgetWait | null;
}

export interface BudgetWait {
  /** Only backfills wait (their share is spent); other calls still run. */
  backfill_only: boolean;
  until: string | null;
  reason: string;
}


export function windowName(window: QuotaWindow): string {
  return window.kind === 'calendar-day' ? 'day' : `${window.lengthMs / 3_600_000}h`;
}

/** Pure: the usage of every key of the budget that has counts, at `now`. */
export function budgetUsage(spec: BudgetSpec, limits: RateLimits | undefined, states: BudgetStates, now: Date): BudgetUsage[] {
  const budgetLimits = budgetLimitsOf(spec, limits);
  return [...states.paces.values()]
    .filter((pace) => pace.ref.budget === spec.key)
    .sort((a, b) => (a.ref.key < b.ref.key ? -1 : 1))
    .map((pace) => {
      const buckets = states.buckets.get(refId(pace.ref)) ?? [];
      const used = quotaUsed(spec.quotaWindow, buckets, now);
      return {
        key: pace.ref.key,
        window: windowName(spec.quotaWindow),
        window_start: quotaWindowStart(spec.quotaWindow, now).toISOString(),
        used: used.used,
        backfill_used: used.backfillUsed,
        blocked: waitOf(budgetBlocks(budgetLimits, pace, buckets, now.getTime(), MAX_WAIT_MS), true),
      };
    });
}

/** Pure: units used in the window by one account's calls (or the app's), in all and by backfills: what a preview has left. */
export function usedNow(spec: BudgetSpec, states: BudgetStates, accountKey: string | null, now: Date): { used: number; backfillUsed: number } {
  return quotaUsed(spec.quotaWindow, states.buckets.get(refId({ budget: spec.key, key: budgetKeyOf(spec, accountKey) })) ?? [], now);
}

/** Pure: why a job's calls of this budget wait now (a backfill also waits for its share), or null. */
export function budgetWaitFor(spec: BudgetSpec, limits: RateLimits | undefined, states: BudgetStates, job: { accountKey: string | null; backfill: boolean }, now: Date): BudgetWait | null {
  const ref = { budget: spec.key, key: budgetKeyOf(spec, job.accountKey) };
  const pace = states.paces.get(refId(ref)) ?? IDLE_PACE;
  const blocks = budgetBlocks(budgetLimitsOf(spec, limits), pace, states.buckets.get(refId(ref)) ?? [], now.getTime(), MAX_WAIT_MS);
  return waitOf(blocks, job.backfill);
}

function waitOf(blocks: ReturnType<typeof budgetBlocks>, backfill: boolean): BudgetWait | null {
  const block = blocks.all ?? (backfill ? blocks.backfill : null);
  if (!block) return null;
  return { backfill_only: blocks.all === null, until: block.until?.toISOString() ?? null, reason: block.reason };
}
