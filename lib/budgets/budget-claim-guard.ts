import { BACKFILL_JOB_TYPES } from '../connectors/connector.js';
import { connectionIdsOfAccount } from '../connections/connections.repository.js';
import { deferBudgetTasks, pauseBudgetTasks, resumeBudgetTasks, undeferBudgetTasks, type BudgetTaskSelection } from '../queue/repository/index.js';
import type { Runtime } from '../runtime.js';
import { planBudgetHolds, type BudgetHold, type BudgetUndefer } from './budget-holds.js';
import { LONGEST_WINDOW_MS } from './budget-policy.js';
import { pruneBudgetUsage, readBudgetStates, recordDeferral } from './budget-store.repository.js';
import { declaredBudgets } from './rate-limit-config.service.js';

/**
 * Claims respect budgets (DESIGN.md "Queue semantics"): before a lane claims, the budgets are
 * checked — at most once a second per invocation, one check at a time — and the queued tasks of
 * an exhausted budget wait until it frees up (`run_after`), or are paused when only a person can
 * raise its limit, so an invocation does not claim work it cannot run. The claim query itself
 * is unchanged (its index and speed stay). A task claimed in the moment between a budget running
 * out and the next check is refused by the gate and rescheduled without spending an attempt,
 * and the check runs again at the next claim.
 */
export interface BudgetClaimGuard {
  /** Before a claim: checks the budgets when due. */
  beforeClaim(): Promise<void>;
  /** A task was refused by a budget: check again at the next claim, so its siblings wait too. */
  checkSoon(): void;
}

export interface ClaimGuardOptions {
  intervalMs: number;
  /** A hold already applied is applied again after this long, for tasks enqueued since. */
  reapplyMs: number;
  /** Jobs whose tasks a budget paused or resumed: their status is written from their tasks again. */
  onJobsChanged?: (jobIds: readonly number[]) => void;
}

const DEFAULTS: ClaimGuardOptions = { intervalMs: 1_000, reapplyMs: 30_000 };
/** Usage is kept a few days past the longest window, for anyone reading the table. */
const KEEP_USAGE_MS = 3 * 86_400_000;
const PRUNE_EVERY_MS = 10 * 60_000;

export function createBudgetClaimGuard(runtime: Runtime, overrides: Partial<ClaimGuardOptions> = {}): BudgetClaimGuard {
  const options = { ...DEFAULTS, ...overrides };
  const { db } = runtime.database;
  let checkedAt = -Infinity;
  let running: Promise<void> | undefined;
  let prunedAt = -Infinity;
  let released: { at: number; limits: string } | undefined;
  const applied = new Map<string, number>();

  const selectionOf = async (hold: Pick<BudgetHold, 'platform' | 'kinds' | 'scope' | 'key' | 'backfillOnly'>): Promise<BudgetTaskSelection> => ({
    platform: hold.platform,
    kinds: hold.kinds,
    ...(hold.scope === 'account' && hold.key !== null ? { connectionIds: await connectionIdsOfAccount(db, hold.platform, hold.key) } : {}),
    ...(hold.backfillOnly ? { jobTypes: BACKFILL_JOB_TYPES } : {}),
  });

  const apply = async (hold: BudgetHold, now: Date) => {
    const id = `${hold.budget}|${hold.key ?? '*'}|${hold.backfillOnly}|${hold.until?.getTime() ?? 'person'}`;
    if (now.getTime() - (applied.get(id) ?? -Infinity) < options.reapplyMs) return;
    const selection = await selectionOf(hold);
    let moved: number;
    if (hold.until === null) {
      const paused = await pauseBudgetTasks(db, selection, `${hold.budget}: ${hold.reason}`, now);
      moved = paused.tasks;
      if (paused.jobIds.length > 0) options.onJobsChanged?.(paused.jobIds);
    } else {
      moved = await deferBudgetTasks(db, selection, hold.until, now);
      if (hold.key !== null) await recordDeferral(db, { budget: hold.budget, key: hold.key }, hold.backfillOnly, hold.until, now);
    }
    applied.set(id, now.getTime());
    if (moved > 0) runtime.logger.info('budget.tasks_held', { budget: hold.budget, key: hold.key, backfill_only: hold.backfillOnly, until: hold.until?.toISOString() ?? null, reason: hold.reason, tasks: moved });
  };

  const undefer = async (undo: BudgetUndefer, now: Date) => {
    const moved = await undeferBudgetTasks(db, await selectionOf(undo), undo.from, now);
    await recordDeferral(db, { budget: undo.budget, key: undo.key }, undo.backfillOnly, null, now);
    if (moved > 0) runtime.logger.info('budget.tasks_released', { budget: undo.budget, key: undo.key, backfill_only: undo.backfillOnly, deferred_until: undo.from.toISOString(), tasks: moved });
  };

  const check = async () => {
    const now = runtime.clock.now();
    const [declared, limits, states] = await Promise.all([declaredBudgets(runtime), runtime.limits.current(), readBudgetStates(db, new Date(now.getTime() - LONGEST_WINDOW_MS))]);
    const { holds, releases, undefers } = planBudgetHolds(declared, limits, states, now.getTime());
    // First what a hold that ended early had deferred, then the holds in force (which may defer them again).
    for (const undo of undefers) await undefer(undo, now);
    // Tasks paused for a limit resume once it allows them: looked for when the limits change, and now and then.
    const limitsSeen = JSON.stringify(limits);
    if (!released || released.limits !== limitsSeen || now.getTime() - released.at >= options.reapplyMs) {
      released = { at: now.getTime(), limits: limitsSeen };
      for (const release of releases) {
        const resumed = await resumeBudgetTasks(db, release, now);
        if (resumed.tasks > 0) runtime.logger.info('budget.tasks_resumed', { platform: release.platform, kinds: release.kinds, tasks: resumed.tasks });
        if (resumed.jobIds.length > 0) options.onJobsChanged?.(resumed.jobIds);
      }
    }
    for (const hold of holds) await apply(hold, now);
    if (now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now.getTime();
      await pruneBudgetUsage(db, new Date(now.getTime() - KEEP_USAGE_MS));
    }
  };

  return {
    async beforeClaim() {
      if (running) return running;
      if (runtime.clock.now().getTime() - checkedAt < options.intervalMs) return;
      checkedAt = runtime.clock.now().getTime();
      running = check()
        .catch((error: unknown) => runtime.logger.error('budget.check_failed', { error }))
        .finally(() => {
          running = undefined;
        });
      return running;
    },
    checkSoon() {
      checkedAt = -Infinity;
    },
  };
}
