import { sql, type Kysely, type UpdateObject } from 'kysely';
import type { Database } from '../../../db/database.js';
import { retryStatement } from '../../../db/retry-deadlocks.js';
import { toDbTime } from '../../../db/values.js';
import type { RetryDecision } from '../retry-decision.js';
import { canTransition, type TaskStatus } from '../task-status.js';

export interface LeasedTask {
  id: number;
  leaseToken: string;
}

/**
 * Marks claimed tasks `succeeded` in one statement. Only rows still `running` under
 * `leaseToken` change: a worker whose lease expired (and whose task was claimed again)
 * cannot overwrite the newer attempt. Returns how many rows took the change.
 */
export async function completeTasks(db: Kysely<Database>, leaseToken: string, ids: readonly number[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  return applyToLeased(db, leaseToken, ids, 'succeeded', { last_error: null }, now);
}

const DECISION_STATUS: Record<RetryDecision['action'], TaskStatus> = {
  retry: 'queued',
  reschedule: 'queued',
  park: 'paused',
  dead: 'dead',
};

/**
 * Applies a retry decision to one leased task. `retry` keeps the attempt the claim spent;
 * `reschedule` and `park` give it back (rate limits, quotas and lost authorization are not
 * the task's fault) — unless a committed step already did (`progressed`). Returns false when
 * the lease was no longer current.
 */
export async function failTask(db: Kysely<Database>, task: LeasedTask, decision: RetryDecision, now: Date, run: { progressed: boolean } = { progressed: false }): Promise<boolean> {
  // The worker survived this run: leases lost without progress are counted in a row.
  const changes: UpdateObject<Database, 'job_tasks'> = { last_error: decision.reason, lost_leases: 0 };
  if (decision.action === 'retry' || decision.action === 'reschedule') changes.run_after = toDbTime(decision.runAfter);
  if ((decision.action === 'reschedule' || decision.action === 'park') && !run.progressed) changes.attempts = sql<number>`attempts - 1`;
  // A parked task waits for the event its pause reason names (a reconnect, a raised budget limit).
  if (decision.action === 'park') changes.pause_reason = decision.pauseReason;
  return (await applyToLeased(db, task.leaseToken, [task.id], DECISION_STATUS[decision.action], changes, now)) === 1;
}

/** Gives unstarted claimed tasks back to the queue, returning the attempt their claim spent. */
export async function releaseTasks(db: Kysely<Database>, leaseToken: string, ids: readonly number[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  return applyToLeased(db, leaseToken, ids, 'queued', { attempts: sql<number>`attempts - 1` }, now);
}

/** Of `ids`, those still `running` under `leaseToken` (the others were reclaimed or cancelled). */
export async function stillLeased(db: Kysely<Database>, leaseToken: string, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('job_tasks').select('id').where('id', 'in', ids).where('lease_token', '=', leaseToken).where('status', '=', 'running').execute();
  return rows.map((row) => Number(row.id));
}

/** Heartbeat: pushes the lease expiry of still-held tasks to `until`. */
export async function extendLease(db: Kysely<Database>, leaseToken: string, ids: readonly number[], until: Date, now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await retryStatement(db, () =>
    db
      .updateTable('job_tasks')
      .set({ lease_expires_at: toDbTime(until), updated_at: toDbTime(now) })
      .where('id', 'in', ids)
      .where('lease_token', '=', leaseToken)
      .where('status', '=', 'running')
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

async function applyToLeased(
  db: Kysely<Database>,
  leaseToken: string,
  ids: readonly number[],
  to: TaskStatus,
  changes: UpdateObject<Database, 'job_tasks'>,
  now: Date,
): Promise<number> {
  if (!canTransition('running', to)) throw new Error(`a leased task cannot move from running to ${to}`);
  // Guarded by the lease token, so running it again after a deadlock cannot double-apply.
  const result = await retryStatement(db, () =>
    db
      .updateTable('job_tasks')
      .set({ ...changes, status: to, lease_token: null, lease_expires_at: null, updated_at: toDbTime(now) })
      .where('id', 'in', ids)
      .where('lease_token', '=', leaseToken)
      .where('status', '=', 'running')
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}
