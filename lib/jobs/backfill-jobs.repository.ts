import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { JobStatus } from '../../db/tables/backfill-jobs.table.js';
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
  return db.transaction().execute(async (trx) => {
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
  });
}

/** Recomputes a job's progress from its tasks: progress is a count, never a guess. */
export async function refreshJobProgress(db: Kysely<Database>, jobId: number, now: Date): Promise<JobProgress> {
  const counts = await countTasksByStatus(db, { jobId });
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const done = counts.succeeded + counts.dead + counts.cancelled;
  const status: JobStatus =
    total > 0 && done === total ? (counts.dead > 0 ? 'failed' : counts.cancelled === total ? 'cancelled' : 'succeeded') : counts.running + done > 0 ? 'running' : 'pending';
  const finished = status === 'succeeded' || status === 'failed' || status === 'cancelled';
  await db
    .updateTable('backfill_jobs')
    .set({
      status,
      progress: toDbJson({ total, done, ...counts }),
      updated_at: toDbTime(now),
      finished_at: finished ? toDbTime(now) : null,
    })
    .where('id', '=', jobId)
    .execute();
  await db.updateTable('backfill_jobs').set({ started_at: toDbTime(now) }).where('id', '=', jobId).where('started_at', 'is', null).where('status', '!=', 'pending').execute();
  return { total, done, counts };
}
