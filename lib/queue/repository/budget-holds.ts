import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { retryStatement } from '../../../db/retry-deadlocks.js';
import { toDbTime } from '../../../db/values.js';

/**
 * The tasks that spend one budget: a platform's task kinds, for an account-scoped budget only
 * its connections, for a backfill limit only tasks of backfill jobs.
 */
export interface BudgetTaskSelection {
  platform: string;
  kinds: readonly string[];
  /** Unset: every connection (an app-wide budget). */
  connectionIds?: readonly number[];
  /** Unset: every job type. */
  jobTypes?: readonly string[];
}

/** The selection as one condition, usable by a select and an update alike. */
function selected(selection: BudgetTaskSelection) {
  return (eb: ExpressionBuilder<Database, 'job_tasks'>) => {
    const conditions = [eb('platform', '=', selection.platform), eb('kind', 'in', selection.kinds)];
    if (selection.connectionIds) conditions.push(eb('connection_id', 'in', selection.connectionIds.length > 0 ? selection.connectionIds : [-1]));
    if (selection.jobTypes) conditions.push(eb('job_id', 'in', eb.selectFrom('backfill_jobs').select('id').where('type', 'in', selection.jobTypes)));
    return eb.and(conditions);
  };
}

/**
 * Queued tasks of an exhausted budget wait until it frees up (`run_after` = `until`), so no
 * claim takes work it cannot run. Spends no attempt; a task already waiting longer keeps its time.
 */
export async function deferBudgetTasks(db: Kysely<Database>, selection: BudgetTaskSelection, until: Date, now: Date): Promise<number> {
  if (selection.kinds.length === 0) return 0;
  const result = await retryStatement(db, () =>
    db.updateTable('job_tasks').set({ run_after: toDbTime(until), updated_at: toDbTime(now) }).where(selected(selection))
      .where('status', '=', 'queued')
      .where('run_after', '<', toDbTime(until))
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/**
 * Tasks the claims deferred to `from` go back to the queue now: their hold ended early. Only
 * those at exactly `from` (what the deferral wrote, and the gate's own reschedule to the same
 * moment); a task waiting for another reason keeps its time.
 */
export async function undeferBudgetTasks(db: Kysely<Database>, selection: BudgetTaskSelection, from: Date, now: Date): Promise<number> {
  if (selection.kinds.length === 0) return 0;
  const result = await retryStatement(db, () =>
    db.updateTable('job_tasks').set({ run_after: toDbTime(now), updated_at: toDbTime(now) }).where(selected(selection))
      .where('status', '=', 'queued')
      .where('run_after', '=', toDbTime(from))
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/**
 * Queued tasks of a budget only a person can raise are paused (`pause_reason` `budget`) with the
 * reason; answers how many, and their jobs (whose status now reads `paused`).
 */
export async function pauseBudgetTasks(db: Kysely<Database>, selection: BudgetTaskSelection, reason: string, now: Date): Promise<{ tasks: number; jobIds: number[] }> {
  if (selection.kinds.length === 0) return { tasks: 0, jobIds: [] };
  const jobIds = await jobsOf(db, selection, 'queued');
  const result = await retryStatement(db, () =>
    db.updateTable('job_tasks').set({ status: 'paused', pause_reason: 'budget', last_error: reason, updated_at: toDbTime(now) }).where(selected(selection))
      .where('status', '=', 'queued')
      .executeTakeFirst(),
  );
  return { tasks: Number(result.numUpdatedRows), jobIds };
}

/** Tasks paused for a budget that allows their calls again go back to the queue, ready now; answers how many, and their jobs. */
export async function resumeBudgetTasks(db: Kysely<Database>, selection: BudgetTaskSelection, now: Date): Promise<{ tasks: number; jobIds: number[] }> {
  if (selection.kinds.length === 0) return { tasks: 0, jobIds: [] };
  const jobIds = await jobsOf(db, selection, 'paused');
  if (jobIds.length === 0) return { tasks: 0, jobIds };
  const result = await retryStatement(db, () =>
    db.updateTable('job_tasks').set({ status: 'queued', pause_reason: null, run_after: toDbTime(now), updated_at: toDbTime(now) }).where(selected(selection))
      .where('status', '=', 'paused')
      .where('pause_reason', '=', 'budget')
      .executeTakeFirst(),
  );
  return { tasks: Number(result.numUpdatedRows), jobIds };
}

/** The jobs of the selection's tasks in `status` (paused: for a budget), read through the claim index's status prefix. */
async function jobsOf(db: Kysely<Database>, selection: BudgetTaskSelection, status: 'queued' | 'paused'): Promise<number[]> {
  let query = db.selectFrom('job_tasks').select('job_id').distinct().where('status', '=', status).where(selected(selection));
  if (status === 'paused') query = query.where('pause_reason', '=', 'budget');
  return (await query.execute()).flatMap((row) => (row.job_id === null ? [] : [Number(row.job_id)]));
}
