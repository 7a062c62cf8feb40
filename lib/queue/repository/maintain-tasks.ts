import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { retryStatement } from '../../../db/retry-deadlocks.js';
import { toDbTime } from '../../../db/values.js';
import { sourcesOf, type TaskStatus } from '../task-status.js';

/**
 * Tasks whose worker died: `running` with an expired lease. They are claimable again
 * (`queued`), unless the claim that expired was their last attempt — then `dead`, so a task
 * that kills its worker every time cannot loop forever.
 */
export async function reclaimExpiredLeases(db: Kysely<Database>, now: Date): Promise<{ requeued: number; dead: number; jobIds: number[] }> {
  // The jobs whose progress changes (running rows are few: the claim index's prefix).
  const affected = await db
    .selectFrom('job_tasks')
    .select('job_id')
    .distinct()
    .where('status', '=', 'running')
    .where('lease_expires_at', '<', toDbTime(now))
    .where('job_id', 'is not', null)
    .execute();
  const expired = (status: TaskStatus) =>
    db
      .updateTable('job_tasks')
      // last_error first: MySQL applies SET assignments left to right, so it must read
      // lease_expires_at before that is cleared.
      .set({
        last_error: sql<string>`concat('lease expired at ', lease_expires_at)`,
        status,
        lease_token: null,
        lease_expires_at: null,
        updated_at: toDbTime(now),
      })
      .where('status', '=', 'running')
      .where('lease_expires_at', '<', toDbTime(now));
  const dead = await retryStatement(db, () => expired('dead').where('attempts', '>=', sql<number>`max_attempts`).executeTakeFirst());
  const requeued = await retryStatement(db, () => expired('queued').executeTakeFirst());
  return { requeued: Number(requeued.numUpdatedRows), dead: Number(dead.numUpdatedRows), jobIds: affected.map((row) => Number(row.job_id)) };
}

/** Cancels every unfinished task of a job; a running one's late finish is then refused. */
export async function cancelJobTasks(db: Kysely<Database>, jobId: number, now: Date): Promise<number> {
  const result = await retryStatement(db, () =>
    db
      .updateTable('job_tasks')
      .set({ status: 'cancelled', lease_token: null, lease_expires_at: null, updated_at: toDbTime(now) })
      .where('job_id', '=', jobId)
      .where('status', 'in', sourcesOf('cancelled'))
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

export interface RequeueOptions {
  /** Which finished states to run again, e.g. ['succeeded'] for a forced re-fetch. */
  from: readonly Extract<TaskStatus, 'succeeded' | 'dead' | 'cancelled' | 'paused'>[];
  /** Reassign the tasks to this job (a forced backfill belongs to the job that forced it). */
  jobId?: number | null;
}

/**
 * Runs finished or parked tasks again, by dedupe key, with a fresh attempt budget. Tasks
 * that are queued or running are left alone: they will run anyway.
 */
export async function requeueTasks(db: Kysely<Database>, dedupeKeys: readonly string[], options: RequeueOptions, now: Date): Promise<number> {
  if (dedupeKeys.length === 0 || options.from.length === 0) return 0;
  const allowed = sourcesOf('queued');
  const from = options.from.filter((status) => allowed.includes(status));
  const result = await retryStatement(db, () =>
    db
      .updateTable('job_tasks')
      .set({
        status: 'queued',
        attempts: 0,
        run_after: toDbTime(now),
        last_error: null,
        ...(options.jobId === undefined ? {} : { job_id: options.jobId }),
        updated_at: toDbTime(now),
      })
      .where('dedupe_key', 'in', dedupeKeys)
      .where('status', 'in', from)
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/**
 * A connection's paused tasks go back to the queue, e.g. after the account was reconnected.
 * `status = 'paused'` is a prefix of the claim index and paused rows are few, so the lookup
 * needs no index of its own.
 */
export async function resumePausedTasks(db: Kysely<Database>, connectionId: number, now: Date): Promise<number> {
  const result = await retryStatement(db, () =>
    db
      .updateTable('job_tasks')
      .set({ status: 'queued', run_after: toDbTime(now), updated_at: toDbTime(now) })
      .where('status', '=', 'paused')
      .where('connection_id', '=', connectionId)
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/** Tasks still queued (ready now or later): a count over the claim index's `status` prefix. */
export async function countQueuedTasks(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('job_tasks').select((eb) => eb.fn.countAll<number>().as('count')).where('status', '=', 'queued').executeTakeFirstOrThrow();
  return Number(row.count);
}

export type StatusCounts = Record<TaskStatus, number>;

export async function countTasksByStatus(db: Kysely<Database>, filter: { jobId?: number } = {}): Promise<StatusCounts> {
  let query = db.selectFrom('job_tasks').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status');
  if (filter.jobId !== undefined) query = query.where('job_id', '=', filter.jobId);
  const rows = await query.execute();
  const counts: StatusCounts = { queued: 0, running: 0, paused: 0, succeeded: 0, dead: 0, cancelled: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
