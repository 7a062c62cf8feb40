import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { JobStatus } from '../../db/tables/backfill-jobs.table.js';
import { retryOnDeadlock } from '../../db/retry-deadlocks.js';
import { sqlFlavorOf } from '../../db/sql-flavor.js';
import { toDbJson, toDbTime } from '../../db/values.js';
import { countTasksByStatus, enqueueTasks, requeueTasks, type NewTask, type StatusCounts } from '../queue/repository/index.js';

export interface JobSpec {
  type: string;
  tenantId: string;
  platform: string;
  scope: string;
  config: unknown;
}

export interface JobProgress {
  total: number;
  done: number;
  counts: StatusCounts;
}

/**
 * Creates a job and enqueues its tasks pointing at it, in one transaction. Tasks whose
 * dedupe key already exists keep their row; with `rerun` those that finished are queued
 * again under this job. When nothing at all is new or re-run (a duplicate cron delivery, a
 * reconnect), no job row is kept.
 */
export async function createJobWithTasks(
  db: Kysely<Database>,
  spec: JobSpec,
  tasks: readonly Omit<NewTask, 'jobId'>[],
  options: { rerun: boolean },
  now: Date,
): Promise<{ jobId: number | null; enqueued: number }> {
  const run = async (trx: Kysely<Database>) => {
    const inserted = await trx
      .insertInto('backfill_jobs')
      .values({
        type: spec.type,
        tenant_id: spec.tenantId,
        platform: spec.platform,
        scope: spec.scope,
        status: 'pending',
        config: toDbJson(spec.config),
        progress: toDbJson({ total: tasks.length, done: 0 }),
        created_at: toDbTime(now),
        updated_at: toDbTime(now),
      })
      .executeTakeFirstOrThrow();
    const jobId = Number(inserted.insertId);
    const { inserted: fresh } = await enqueueTasks(trx, tasks.map((task) => ({ ...task, jobId })), now);
    const rerun = options.rerun
      ? await requeueTasks(trx, tasks.map((task) => task.dedupeKey), { from: ['succeeded', 'dead', 'cancelled'], jobId }, now)
      : 0;
    const enqueued = fresh + rerun;
    if (enqueued === 0) {
      await trx.deleteFrom('backfill_jobs').where('id', '=', jobId).execute();
      return { jobId: null, enqueued };
    }
    await trx.updateTable('backfill_jobs').set({ progress: toDbJson({ total: enqueued, done: 0 }) }).where('id', '=', jobId).execute();
    return { jobId, enqueued };
  };
  // Inside a caller's transaction (the OAuth exchange), that transaction is the unit.
  return db.isTransaction ? run(db) : retryOnDeadlock(() => db.transaction().execute(run));
}

/** Whether a job of this type exists for the scope (any status but cancelled). */
export async function hasJob(db: Kysely<Database>, job: { tenantId: string; platform: string; scope: string; type: string }): Promise<boolean> {
  const row = await db
    .selectFrom('backfill_jobs')
    .select('id')
    .where('tenant_id', '=', job.tenantId)
    .where('platform', '=', job.platform)
    .where('scope', '=', job.scope)
    .where('type', '=', job.type)
    .where('status', '!=', 'cancelled')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Recomputes a job's progress from its tasks: progress is a count, never a guess. Runs in a
 * transaction holding the job row (MySQL: FOR UPDATE; SQLite: BEGIN IMMEDIATE), so two lanes
 * finishing the last chunks together cannot store their counts in the wrong order.
 */
export async function refreshJobProgress(db: Kysely<Database>, jobId: number, now: Date): Promise<JobProgress> {
  return retryOnDeadlock(() =>
    db.transaction().execute(async (trx) => {
      const lock = trx.selectFrom('backfill_jobs').select(['id', 'started_at']).where('id', '=', jobId);
      const job = await (sqlFlavorOf(trx) === 'mysql' ? lock.forUpdate() : lock).executeTakeFirst();
      const counts = await countTasksByStatus(trx, { jobId });
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      const done = counts.succeeded + counts.dead + counts.cancelled;
      if (!job) return { total, done, counts };
      const status = jobStatusOf(counts, total, done);
      const finished = status === 'succeeded' || status === 'failed' || status === 'cancelled';
      await trx
        .updateTable('backfill_jobs')
        .set({
          status,
          progress: toDbJson({ total, done, ...counts }),
          updated_at: toDbTime(now),
          finished_at: finished ? toDbTime(now) : null,
          ...(job.started_at === null && status !== 'pending' ? { started_at: toDbTime(now) } : {}),
        })
        .where('id', '=', jobId)
        .execute();
      return { total, done, counts };
    }),
  );
}

/** Pure: a job's status from its tasks' counts. */
export function jobStatusOf(counts: StatusCounts, total: number, done: number): JobStatus {
  if (total > 0 && done === total) {
    if (counts.dead > 0) return 'failed';
    return counts.cancelled === total ? 'cancelled' : 'succeeded';
  }
  return counts.running + done > 0 ? 'running' : 'pending';
}
