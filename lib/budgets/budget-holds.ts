import { BACKFILL_JOB_TYPES, JOB_TYPES } from '../connectors/connector.js';
import { budgetLimitsOf } from './budget-gate.js';
import { IDLE_PACE, MAX_WAIT_MS, budgetBlocks } from './budget-policy.js';
import type { BudgetStates } from './budget-store.repository.js';
import type { RateLimitConfig } from './rate-limit-config.js';
import type { DeclaredBudget } from './rate-limit-config.service.js';

/** Tasks of a budget that must not be claimed now, and until when (null: until a person raises a limit). */
export interface BudgetHold {
  platform: string;
  budget: string;
  kinds: readonly string[];
  scope: 'app' | 'account';
  /** The budget key held; null: every key (a limit, not a count, holds it). */
  key: string | null;
  /** Only backfill jobs' tasks (the backfill share is spent); else every task of the kinds. */
  backfillOnly: boolean;
  until: Date | null;
  reason: string;
}

/**
 * A key's tasks the claims deferred to `from` whose hold has ended early (a limit raised, a
 * hold shortened): they go back to the queue now (a hold still in force defers them again).
 */
export interface BudgetUndefer {
  platform: string;
  budget: string;
  kinds: readonly string[];
  scope: 'app' | 'account';
  key: string;
  backfillOnly: boolean;
  from: Date;
}

/** Tasks paused for a budget that may run again: the budget's kinds, of these job types (undefined: all). */
export interface BudgetRelease {
  platform: string;
  kinds: readonly string[];
  jobTypes?: readonly string[];
}

const NOT_BACKFILL_JOB_TYPES = JOB_TYPES.filter((type) => !BACKFILL_JOB_TYPES.includes(type));

/**
 * Pure: what the claims must leave alone at `now`, from every budget's limits and stored state.
 * A limit that no wait satisfies (a quota or share of 0) holds every key until a person raises
 * it; a key whose quota or share is spent, or that the vendor asked to wait, is held until it
 * frees up. Waits shorter than the gate's longest (a rate slot, a one-second hold) hold nothing:
 * callers sit those out. `releases` names the tasks paused for a budget that its limits allow again.
 */
export function planBudgetHolds(
  declared: readonly DeclaredBudget[],
  limits: RateLimitConfig,
  states: BudgetStates,
  nowMs: number,
): { holds: BudgetHold[]; releases: BudgetRelease[]; undefers: BudgetUndefer[] } {
  const holds: BudgetHold[] = [];
  const releases: BudgetRelease[] = [];
  const undefers: BudgetUndefer[] = [];
  for (const spec of declared) {
    if (spec.spentBy.length === 0) continue;
    const budgetLimits = budgetLimitsOf(spec, limits[spec.key]);
    const base = { platform: spec.platform, budget: spec.key, kinds: spec.spentBy, scope: spec.scope };
    const byLimit = budgetBlocks(budgetLimits, IDLE_PACE, [], nowMs, MAX_WAIT_MS);
    if (byLimit.all) holds.push({ ...base, key: null, backfillOnly: false, until: null, reason: byLimit.all.reason });
    else if (byLimit.backfill) holds.push({ ...base, key: null, backfillOnly: true, until: null, reason: byLimit.backfill.reason });
    if (!byLimit.all) releases.push({ platform: spec.platform, kinds: spec.spentBy, ...(byLimit.backfill ? { jobTypes: NOT_BACKFILL_JOB_TYPES } : {}) });
    for (const [id, pace] of states.paces) {
      if (pace.ref.budget !== spec.key) continue;
      const blocks = byLimit.all ? { all: null, backfill: null } : budgetBlocks(budgetLimits, pace, states.buckets.get(id) ?? [], nowMs, MAX_WAIT_MS);
      const block = blocks.all ?? (byLimit.backfill ? null : blocks.backfill);
      if (block && !byLimit.all) holds.push({ ...base, key: pace.ref.key, backfillOnly: blocks.all === null, until: block.until, reason: block.reason });
      // Deferred further than the hold now in force (none, or a shorter one): back to the queue.
      const allUntil = blocks.all?.until?.getTime() ?? (byLimit.all ? Infinity : 0);
      const backfillUntil = Math.max(allUntil, blocks.backfill?.until?.getTime() ?? (byLimit.backfill ? Infinity : 0));
      for (const [backfillOnly, deferred, heldUntil] of [[false, pace.deferredUntilMs, allUntil], [true, pace.backfillDeferredUntilMs, backfillUntil]] as const) {
        if (deferred !== null && deferred > nowMs && heldUntil < deferred) undefers.push({ ...base, key: pace.ref.key, backfillOnly, from: new Date(deferred) });
      }
    }
  }
  return { holds, releases, undefers };
}
