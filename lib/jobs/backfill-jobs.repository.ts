import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { ACTIVE_JOB_STATUSES, type JobStatus } from '../../db/tables/backfill-jobs.table.js';
import { inTransaction, type Trx } from '../../db/transaction.js';
import { sqlFlavorOf } from '../../db/sql-flavor.js';
import { isUniqueViolation } from '../../db/sql-errors.js';
import { fromDbJson, toDbJson, toDbTime } from '../../db/values.js';
import { JobActiveError } from '../errors.js';
import { countJobSteps, countTasksByStatus, enqueueTasks, requeueTasks, restartQueuedTasks, type NewTask, type StatusCounts } from '../queue/repository/index.js';

export interface JobSpec {
  type: string;
  tenantId: string;
  platform: string;
  connectionId: number | null;
  /** `{tenant_id}:{platform}:{account_id}:{type}` (job-scope.ts). */
  scope: string;
  config: unknown;
}

export interface JobProgress {
  total: number;
  done: number;
  counts: StatusCounts;
}

export interface JobError {
  at: string;
  message: string;
}

/** What to do when the scope already has an active job. */
export type WhenActive = 'join' | 'reject';

/**
 * Creates a job and enqueues its tasks pointing at it, in the caller's transaction. Tasks
 * whose dedupe key already exists keep their row; with `rerun` those that finished are queued
 * again under this job. When nothing at all is new or re-run (a duplicate cron delivery, a
 * reconnect), no job row is kept.
 *
 * One active job per scope is the database's rule (unique `active_scope`). The active job is
 * read under a row lock and its status recomputed from its tasks first, so a job whose last
 * progress write was lost (a killed invocation) ends now instead of holding its scope forever,
 * and a job cannot finish while tasks are being added to it. When the scope has a live job,
 * `join` adds the tasks to it (the daily sync of a channel whose last sync still runs) and
 * `reject` throws JobActiveError naming it.
 */
export async function createJobWithTasks(
  trx: Trx,
  spec: JobSpec,
  tasks: readonly Omit<NewTask, 'jobId'>[],
  options: { rerun: boolean; whenActive: WhenActive },
  now: Date,
): Promise<{ jobId: number | null; enqueued: number }> {
  const active = await lockLiveJob(trx, spec.scope, now);
  if (active !== undefined) return joinOrReject(trx, active, spec, tasks, options, now);
  let jobId: number;
  try {
    jobId = await insertJob(trx, spec, tasks.length, now);
  } catch (error) {
    // A concurrent create took the scope first; it has committed by now (the insert waited on
    // it), and a locking read sees it whatever the isolation level.
    const winner = isUniqueViolation(error) ? await lockLiveJob(trx, spec.scope, now) : undefined;
    if (winner === undefined) throw error;
    return joinOrReject(trx, winner, spec, tasks, options, now);
  }
  const enqueued = await enqueueUnderJob(trx, jobId, tasks, options.rerun, now);
  if (enqueued === 0) {
    await trx.deleteFrom('backfill_jobs').where('id', '=', jobId).execute();
    return { jobId: null, enqueued };
  }
  await trx.updateTable('backfill_jobs').set({ progress: toDbJson({ total: enqueued, done: 0 }) }).where('id', '=', jobId).execute();
  return { jobId, enqueued };
}

async function joinOrReject(
  trx: Trx,
  activeJobId: number,
  spec: JobSpec,
  tasks: readonly Omit<NewTask, 'jobId'>[],
  options: { rerun: boolean; whenActive: WhenActive },
  now: Date,
): Promise<{ jobId: number | null; enqueued: number }> {
  if (options.whenActive === 'reject') throw new JobActiveError(`job ${activeJobId} is already active for ${spec.scope}`, activeJobId);
  const enqueued = await enqueueUnderJob(trx, activeJobId, tasks, options.rerun, now);
  if (enqueued === 0) return { jobId: null, enqueued };
  await storeProgress(trx, activeJobId, now, {});
  return { jobId: activeJobId, enqueued };
}

/**
 * The scope's active job, locked, if its tasks still leave it active; a job whose tasks are
 * all done is given its final status here, which frees the scope.
 */
async function lockLiveJob(trx: Trx, scope: string, now: Date): Promise<number | undefined> {
  const lock = trx.selectFrom('backfill_jobs').select('id').where('active_scope', '=', scope);
  const row = await (sqlFlavorOf(trx) === 'mysql' ? lock.forUpdate() : lock).executeTakeFirst();
  if (row === undefined) return undefined;
  const { status } = await storeProgress(trx, Number(row.id), now, {});
  return isActive(status) ? Number(row.id) : undefined;
}

function isActive(status: JobStatus): boolean {
  return (ACTIVE_JOB_STATUSES as readonly string[]).includes(status);
}

async function insertJob(trx: Trx, spec: JobSpec, taskCount: number, now: Date): Promise<number> {
  const inserted = await trx
    .insertInto('backfill_jobs')
    .values({
      type: spec.type,
      tenant_id: spec.tenantId,
      platform: spec.platform,
      connection_id: spec.connectionId,
      scope: spec.scope,
      status: 'pending',
      config: toDbJson(spec.config),
      progress: toDbJson({ total: taskCount, done: 0 }),
      errors: toDbJson([]),
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    })
    .executeTakeFirstOrThrow();
  return Number(inserted.insertId);
}

async function enqueueUnderJob(trx: Trx, jobId: number, tasks: readonly Omit<NewTask, 'jobId'>[], rerun: boolean, now: Date): Promise<number> {
  const { inserted } = await enqueueTasks(trx, tasks.map((task) => ({ ...task, jobId })), now);
  if (!rerun) return inserted;
  const keys = tasks.map((task) => task.dedupeKey);
  // Queued ones first (they now belong to this job, which counts them): the requeue below
  // makes finished ones queued too, and those start from scratch anyway.
  const restarted = await restartQueuedTasks(trx, keys, jobId, now);
  return inserted + restarted + (await requeueTasks(trx, keys, { from: ['succeeded', 'dead', 'cancelled'], jobId }, now));
}

/** Whether the scope has ever had a job that was not cancelled. */
export async function hasJob(db: Kysely<Database>, scope: string): Promise<boolean> {
  const row = await db.selectFrom('backfill_jobs').select('id').where('scope', '=', scope).where('status', '!=', 'cancelled').executeTakeFirst();
  return row !== undefined;
}

/** The furthest unit of work a job has finished: its task's dedupe key, and when. */
export interface JobCheckpoint {
  task: string;
  finished_at: string;
}

/** What just happened to one of the job's tasks, recorded with its progress. */
export interface JobEvent {
  checkpoint?: JobCheckpoint;
  error?: JobError;
}

/** Errors kept on a job: the newest, so a long job's row stays small. */
export const MAX_JOB_ERRORS = 20;

/**
 * Recomputes a job's progress from its tasks (a count, never a guess) and records `event`:
 * the checkpoint moves forward (laterCheckpoint), an error joins the newest MAX_JOB_ERRORS.
 * Runs in a transaction holding the job row (MySQL: FOR UPDATE; SQLite: BEGIN IMMEDIATE), so
 * two lanes finishing the last chunks together cannot store their counts in the wrong order.
 */
export async function refreshJobProgress(db: Kysely<Database>, jobId: number, now: Date, event: JobEvent = {}): Promise<JobProgress> {
  return inTransaction(db, (trx) => storeProgress(trx, jobId, now, event));
}

async function storeProgress(trx: Trx, jobId: number, now: Date, event: JobEvent): Promise<JobProgress & { status: JobStatus }> {
  const lock = trx.selectFrom('backfill_jobs').select(['id', 'started_at', 'errors', 'checkpoint']).where('id', '=', jobId);
  const job = await (sqlFlavorOf(trx) === 'mysql' ? lock.forUpdate() : lock).executeTakeFirst();
  const counts = await countTasksByStatus(trx, { jobId });
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const done = counts.succeeded + counts.dead + counts.cancelled;
  const status = jobStatusOf(counts, total, done);
  if (!job) return { total, done, counts, status };
  const errors = event.error ? [...(fromDbJson<JobError[]>(job.errors) ?? []), event.error].slice(-MAX_JOB_ERRORS) : undefined;
  const checkpoint = event.checkpoint && laterCheckpoint(fromDbJson<JobCheckpoint>(job.checkpoint), event.checkpoint);
  await trx
    .updateTable('backfill_jobs')
    .set({
      status,
      progress: toDbJson({ total, done, steps_done: await countJobSteps(trx, jobId), ...counts }),
      updated_at: toDbTime(now),
      finished_at: isActive(status) ? null : toDbTime(now),
      ...(job.started_at === null && status !== 'pending' ? { started_at: toDbTime(now) } : {}),
      ...(checkpoint ? { checkpoint: toDbJson(checkpoint) } : {}),
      ...(errors ? { errors: toDbJson(errors) } : {}),
    })
    .where('id', '=', jobId)
    .execute();
  return { total, done, counts, status };
}

/**
 * Pure: the job's checkpoint only moves forward, to the greatest task key finished so far.
 * Planners name a job's units so that their keys sort in unit order (YouTube's end with the
 * chunk's date), so with tasks finishing out of order in parallel lanes the checkpoint still
 * names the furthest unit reached.
 */
export function laterCheckpoint(current: JobCheckpoint | null, next: JobCheckpoint): JobCheckpoint | undefined {
  return current === null || next.task > current.task ? next : undefined;
}

/** Pure: a job's status from its tasks' counts. */
export function jobStatusOf(counts: StatusCounts, total: number, done: number): JobStatus {
  if (total > 0 && done === total) {
    if (counts.dead > 0) return 'failed';
    return counts.cancelled === total ? 'cancelled' : 'succeeded';
  }
  if (counts.paused > 0 && counts.running === 0 && counts.queued === 0) return 'paused';
  return counts.running + done > 0 ? 'running' : 'pending';
}

