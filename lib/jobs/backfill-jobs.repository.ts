import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { JobStatus } from '../../db/tables/backfill-jobs.table.js';
import { inTransaction, type Trx } from '../../db/transaction.js';
import { sqlFlavorOf } from '../../db/sql-flavor.js';
import { isUniqueViolation } from '../../db/sql-errors.js';
import { retryStatement } from '../../db/retry-deadlocks.js';
import { fromDbJson, fromDbTime, toDbJson, toDbTime } from '../../db/values.js';
import { JobActiveError } from '../errors.js';
import {
  countJobSteps,
  countTasksByStatus,
  enqueueTasks,
  findTasksByDedupeKeys,
  hasTasksPausedByJob,
  moveUnfinishedTasks,
  pauseJobTasks,
  requeueCancelledTasks,
  requeueTasks,
  replaceQueuedPayloads,
  restartQueuedTasks,
  type NewTask,
  type StatusCounts,
} from '../queue/repository/index.js';
import type { TaskStatus } from '../queue/task-status.js';
import { fairPrioritiesFor } from './fair-enqueue.js';
import { classOf } from './fair-queue.js';
import { widenDateRange } from './job-config.js';
import { laterCheckpoint, type JobCheckpoint } from './job-checkpoint.js';
import { isActiveJob, isStale, jobStatusOf, nextJobStatus } from './job-lifecycle.js';
import { toJobRecord, type JobRecord } from './job-record.js';
import { tenantScopeRange } from './job-scope.js';

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

export type { JobCheckpoint };

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
 * `reject` throws JobActiveError naming it. A stale job is taken over (its unfinished tasks
 * move to the new job) unless `keepStale`: a job whose tasks keep their work by their job's id
 * (a playlist sync's operations and backup) is never taken over; a person cancels it instead.
 */
export async function createJobWithTasks(
  trx: Trx,
  spec: JobSpec,
  tasks: readonly Omit<NewTask, 'jobId'>[],
  options: EnqueueOptions & { whenActive: WhenActive; keepStale?: boolean },
  now: Date,
): Promise<CreatedJob> {
  let superseded: number | undefined;
  const active = await lockLiveJob(trx, spec.scope, now);
  if (active !== undefined) {
    if (options.keepStale || !(await isStaleJob(trx, active, now))) return joinOrReject(trx, active.id, spec, tasks, options, now);
    superseded = await supersede(trx, active.id, now);
  }
  let jobId: number;
  try {
    jobId = await insertJob(trx, spec, tasks.length, now);
  } catch (error) {
    // A concurrent create took the scope first; it has committed by now (the insert waited on
    // it), and a locking read sees it whatever the isolation level.
    const winner = isUniqueViolation(error) ? await lockLiveJob(trx, spec.scope, now) : undefined;
    if (winner === undefined) throw error;
    return joinOrReject(trx, winner.id, spec, tasks, options, now);
  }
  const moved = superseded === undefined ? 0 : await moveUnfinishedTasks(trx, superseded, jobId, now);
  if (superseded !== undefined) await widenConfig(trx, jobId, (await trx.selectFrom('backfill_jobs').select('config').where('id', '=', superseded).executeTakeFirstOrThrow()).config);
  const enqueued = moved + (await enqueueUnderJob(trx, { id: jobId, tenantId: spec.tenantId, platform: spec.platform }, tasks, options, now));
  if (enqueued === 0) {
    await trx.deleteFrom('backfill_jobs').where('id', '=', jobId).execute();
    return { jobId: null, enqueued };
  }
  await storeProgress(trx, jobId, now, {});
  return { jobId, enqueued, ...(superseded === undefined ? {} : { superseded }) };
}

export interface CreatedJob {
  /** Null when nothing was new (every task already exists and none is re-run). */
  jobId: number | null;
  /** Tasks the job holds that are to run: new, re-run, or taken over. */
  enqueued: number;
  /** The stale job this one took over. */
  superseded?: number;
}

/**
 * Ends a stale job `failed` with reason `superseded`: its scope is free for the job taking it
 * over, which moves its unfinished tasks over with their checkpoints.
 */
async function supersede(trx: Trx, jobId: number, now: Date): Promise<number> {
  const row = await trx.selectFrom('backfill_jobs').select('errors').where('id', '=', jobId).executeTakeFirstOrThrow();
  const errors = [...(fromDbJson<JobError[]>(row.errors) ?? []), { at: now.toISOString(), message: 'superseded: no progress for 10 minutes; a new job took over its unfinished tasks' }];
  await trx
    .updateTable('backfill_jobs')
    .set({ status: 'failed', reason: 'superseded', errors: toDbJson(errors.slice(-MAX_JOB_ERRORS)), finished_at: toDbTime(now), updated_at: toDbTime(now) })
    .where('id', '=', jobId)
    .execute();
  return jobId;
}

async function joinOrReject(
  trx: Trx,
  activeJobId: number,
  spec: JobSpec,
  tasks: readonly Omit<NewTask, 'jobId'>[],
  options: EnqueueOptions & { whenActive: WhenActive },
  now: Date,
): Promise<CreatedJob> {
  if (options.whenActive === 'reject') throw new JobActiveError(`job ${activeJobId} is already active for ${spec.scope}`, activeJobId);
  const enqueued = await enqueueUnderJob(trx, { id: activeJobId, tenantId: spec.tenantId, platform: spec.platform }, tasks, options, now);
  if (enqueued === 0) return { jobId: null, enqueued };
  // A job a person paused stays paused: what joins it waits for the resume too.
  if (await hasTasksPausedByJob(trx, activeJobId)) await pauseJobTasks(trx, activeJobId, now);
  await widenConfig(trx, activeJobId, spec.config);
  await storeProgress(trx, activeJobId, now, {});
  return { jobId: activeJobId, enqueued };
}

/** The job's config range grows to cover what joined it, so its follow-up covers all its work. */
async function widenConfig(trx: Trx, jobId: number, joined: unknown): Promise<void> {
  const row = await trx.selectFrom('backfill_jobs').select('config').where('id', '=', jobId).executeTakeFirstOrThrow();
  const widened = widenDateRange(fromDbJson<Record<string, unknown>>(row.config) ?? {}, joined);
  if (widened) await trx.updateTable('backfill_jobs').set({ config: toDbJson(widened) }).where('id', '=', jobId).execute();
}

/**
 * The scope's active job, locked, if its tasks still leave it active; a job whose tasks are
 * all done is given its final status here, which frees the scope. Locked by primary key, as
 * every other path locks a job (commands, progress, recovery), so lock orders cannot cross:
 * found through `active_scope` first, then locked and read again (it may have ended meanwhile).
 */
async function lockLiveJob(trx: Trx, scope: string, now: Date): Promise<{ id: number; status: JobStatus; updatedAt: Date } | undefined> {
  const found = await trx.selectFrom('backfill_jobs').select('id').where('active_scope', '=', scope).executeTakeFirst();
  if (found === undefined) return undefined;
  const id = Number(found.id);
  await lockJob(trx, id);
  const row = await trx.selectFrom('backfill_jobs').select(['updated_at', 'active_scope']).where('id', '=', id).executeTakeFirst();
  if (row?.active_scope !== scope) return undefined;
  // Recomputing must not count as a sign of life: staleness reads the row's own updated_at.
  const { status } = await storeProgress(trx, id, now, {}, { touch: false });
  return isActiveJob(status) ? { id, status, updatedAt: fromDbTime(row.updated_at) } : undefined;
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

/**
 * Enqueues the planned tasks under the tenant's job: new keys are inserted; with `rerun` those
 * that finished are queued again from their first step; with `reviveCancelled` (a person's
 * explicit create) those a person cancelled are queued again from their checkpoints. New and
 * re-queued tasks get fair priorities (fair-queue.ts): the new ones in planned order, then the
 * re-queued ones, after the tenant's unfinished tasks; tasks already queued keep theirs.
 */
async function enqueueUnderJob(trx: Trx, job: { id: number; tenantId: string; platform: string }, tasks: readonly Omit<NewTask, 'jobId'>[], options: EnqueueOptions, now: Date): Promise<number> {
  const keys = tasks.map((task) => task.dedupeKey);
  const existing = new Map((await findTasksByDedupeKeys(trx, keys)).map((task) => [task.dedupeKey, task.status]));
  const fresh = tasks.filter((task) => !existing.has(task.dedupeKey));
  const requeueFrom: readonly TaskStatus[] = options.rerun ? RERUN_FROM : options.reviveCancelled ? ['cancelled'] : [];
  const requeued = tasks.filter((task) => requeueFrom.some((status) => existing.get(task.dedupeKey) === status));
  const priorities = await fairPrioritiesFor(trx, job.platform, await activeJobIdsOf(trx, job.tenantId), [...fresh, ...requeued], now);
  const { inserted } = await enqueueTasks(trx, fresh.map((task) => ({ ...task, jobId: job.id, priority: priorities.get(task.dedupeKey)! })), now);
  const requeuedPriorities = new Map(requeued.map((task) => [task.dedupeKey, priorities.get(task.dedupeKey)!]));
  if (!options.rerun) return inserted + (options.reviveCancelled ? await requeueCancelledTasks(trx, keys, job.id, now, requeuedPriorities) : 0);
  // Queued ones first (they now belong to this job, which counts them): the requeue below
  // makes finished ones queued too, and those start from scratch anyway. Only those queued
  // before this create: the ones it just inserted are counted already (SQLite would count
  // them again, MySQL not, as an update that changes nothing is no affected row there).
  const queuedBefore = keys.filter((key) => existing.get(key) === 'queued');
  const restarted = await restartQueuedTasks(trx, queuedBefore, job.id, now);
  const requeuedCount = await requeueTasks(trx, keys, { from: RERUN_FROM, jobId: job.id, priorities: requeuedPriorities }, now);
  // They run this plan: its payloads (a commerce re-run of some entities chains them anew, over this run's window).
  const reused = new Set([...queuedBefore, ...requeued.map((task) => task.dedupeKey)]);
  await replaceQueuedPayloads(trx, new Map(tasks.filter((task) => reused.has(task.dedupeKey)).map((task) => [task.dedupeKey, task.payload])), now);
  return inserted + restarted + requeuedCount;
}

/**
 * A fresh fair priority for a task whose worker was lost, going back to the queue
 * (reclaimExpiredLeases): it is re-queued as new work is, behind its tenant's unfinished tasks.
 * Kept at its level, it would be claimed again at once and be in flight when the next worker
 * dies too — and a task that loses three workers in a row is dead as poison.
 */
export async function requeuedFairPriority(db: Kysely<Database>, task: { tenantId: string; platform: string; dedupeKey: string; priority: number }, now: Date): Promise<number> {
  const priorities = await fairPrioritiesFor(db, task.platform, await activeJobIdsOf(db, task.tenantId), [{ dedupeKey: task.dedupeKey, priority: classOf(task.priority) }], now);
  return priorities.get(task.dedupeKey)!;
}

/** What a forced re-run queues again from its first step. */
const RERUN_FROM = ['succeeded', 'dead', 'cancelled'] as const;

/**
 * The tenant's active jobs (pending, running or paused), through the unique `active_scope`
 * index, which holds only those: every scope of the tenant sorts in tenantScopeRange.
 */
async function activeJobIdsOf(db: Kysely<Database>, tenantId: string): Promise<number[]> {
  const { from, to } = tenantScopeRange(tenantId);
  const rows = await db.selectFrom('backfill_jobs').select('id').where('active_scope', '>=', from).where('active_scope', '<', to).where('tenant_id', '=', tenantId).execute();
  return rows.map((row) => Number(row.id));
}

export interface EnqueueOptions {
  /** Run finished tasks again from their first step (`force`). */
  rerun: boolean;
  /** Run cancelled tasks again from their checkpoints: only a person's explicit create does (not a join, a reconnect or a cron). */
  reviveCancelled?: boolean;
}

/** Whether the scope has ever had a job that was not cancelled. */
export async function hasJob(db: Kysely<Database>, scope: string): Promise<boolean> {
  const row = await db.selectFrom('backfill_jobs').select('id').where('scope', '=', scope).where('status', '!=', 'cancelled').executeTakeFirst();
  return row !== undefined;
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
export async function refreshJobProgress(db: Kysely<Database>, jobId: number, now: Date, event: JobEvent = {}): Promise<StoredProgress> {
  return inTransaction(db, (trx) => storeProgress(trx, jobId, now, event));
}

async function storeProgress(trx: Trx, jobId: number, now: Date, event: JobEvent, options: { touch: boolean } = { touch: true }): Promise<StoredProgress> {
  const lock = trx.selectFrom('backfill_jobs').select(['id', 'status', 'started_at', 'updated_at', 'errors', 'checkpoint']).where('id', '=', jobId);
  const job = await (sqlFlavorOf(trx) === 'mysql' ? lock.forUpdate() : lock).executeTakeFirst();
  const counts = await countTasksByStatus(trx, { jobId });
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const done = counts.succeeded + counts.dead + counts.cancelled;
  // A job that has started is running until it ends, even while all its tasks wait in the
  // queue (a backoff, a resume): `pending` means nothing of it has run yet.
  const counted = jobStatusOf(counts, total, done);
  const fromTasks = counted === 'pending' && job?.started_at != null ? 'running' : counted;
  if (!job) return { total, done, counts, status: fromTasks, previous: fromTasks };
  // A job that ended stays ended (a late report of a cancelled job's task changes nothing).
  const status = nextJobStatus(job.status, fromTasks);
  const errors = event.error ? [...(fromDbJson<JobError[]>(job.errors) ?? []), event.error].slice(-MAX_JOB_ERRORS) : undefined;
  const checkpoint = event.checkpoint && laterCheckpoint(fromDbJson<JobCheckpoint>(job.checkpoint), event.checkpoint);
  const stepsDone = await countJobSteps(trx, jobId);
  // Started: some of its work ran (a pause or a cancel before that is no start).
  const begun = counts.running + counts.succeeded + counts.dead > 0 || stepsDone > 0;
  await trx
    .updateTable('backfill_jobs')
    .set({
      status,
      progress: toDbJson({ total, done, steps_done: stepsDone, ...counts }),
      updated_at: options.touch ? toDbTime(now) : job.updated_at,
      ...(status === job.status ? {} : { finished_at: isActiveJob(status) ? null : toDbTime(now) }),
      ...(job.started_at === null && begun ? { started_at: toDbTime(now) } : {}),
      ...(checkpoint ? { checkpoint: toDbJson(checkpoint) } : {}),
      ...(errors ? { errors: toDbJson(errors) } : {}),
    })
    .where('id', '=', jobId)
    .execute();
  return { total, done, counts, status, previous: job.status };
}

export interface StoredProgress extends JobProgress {
  status: JobStatus;
  /** The status before this write: a change to `succeeded` starts the connector's follow-up. */
  previous: JobStatus;
}

/**
 * A heartbeat's sign of life for the jobs of tasks still running: a job is stale only when
 * neither progress nor a heartbeat moved its `updated_at` for 10 minutes (DESIGN.md "Jobs").
 */
export async function touchJobs(db: Kysely<Database>, jobIds: readonly number[], now: Date): Promise<void> {
  if (jobIds.length === 0) return;
  await retryStatement(db, () =>
    db.updateTable('backfill_jobs').set({ updated_at: toDbTime(now) }).where('id', 'in', [...new Set(jobIds)]).where('status', 'in', ['pending', 'running', 'paused']).execute(),
  );
}

/** One job, or undefined. */
export async function getJob(db: Kysely<Database>, jobId: number): Promise<JobRecord | undefined> {
  const row = await db.selectFrom('backfill_jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
  return row && toJobRecord(row);
}

export interface JobFilter {
  statuses?: readonly JobStatus[];
  type?: string;
  platform?: string;
  tenantId?: string;
  /** Only jobs older than this id (the list's cursor). */
  beforeId?: number;
}

/** Jobs newest first (ids grow with creation), `limit` of them after the cursor. */
export async function listJobs(db: Kysely<Database>, filter: JobFilter, limit: number): Promise<JobRecord[]> {
  let query = db.selectFrom('backfill_jobs').selectAll();
  if (filter.statuses && filter.statuses.length > 0) query = query.where('status', 'in', filter.statuses);
  if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.platform !== undefined) query = query.where('platform', '=', filter.platform);
  if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toJobRecord);
}

/**
 * A job with no sign of life for 10 minutes (isStale) that is not merely waiting: a job whose
 * queued tasks wait for their time (a budget's reset, a backoff) has a plan and is not taken over.
 */
export async function isStaleJob(db: Kysely<Database>, job: { id: number; status: JobStatus; updatedAt: Date }, now: Date): Promise<boolean> {
  if (!isStale(job, now)) return false;
  const waiting = await db.selectFrom('job_tasks').select('id').where('job_id', '=', job.id).where('status', '=', 'queued').where('run_after', '>', toDbTime(now)).limit(1).executeTakeFirst();
  return waiting === undefined;
}

/** The job's type; undefined when it no longer exists. */
export async function jobTypeOf(db: Kysely<Database>, jobId: number): Promise<string | undefined> {
  return (await db.selectFrom('backfill_jobs').select('type').where('id', '=', jobId).executeTakeFirst())?.type;
}

/** Locks the job's row for the caller's transaction (MySQL: FOR UPDATE; SQLite holds the database) and answers its status. */
export async function lockJob(trx: Trx, jobId: number): Promise<JobStatus | undefined> {
  const lock = trx.selectFrom('backfill_jobs').select('status').where('id', '=', jobId);
  return (await (sqlFlavorOf(trx) === 'mysql' ? lock.forUpdate() : lock).executeTakeFirst())?.status;
}

/**
 * Ends or pauses a job by a person's command, under the job row's lock; `from` lists the
 * statuses the command is accepted from. Returns the status the job had, so the caller can
 * tell a refused command from a done one.
 */
export async function commandJob(trx: Trx, jobId: number, change: { to: JobStatus; reason?: string; from: readonly JobStatus[]; resumed?: boolean }, now: Date): Promise<JobStatus | undefined> {
  const status = await lockJob(trx, jobId);
  if (status === undefined || !change.from.includes(status)) return status;
  await trx
    .updateTable('backfill_jobs')
    .set({
      status: change.to,
      ...(change.reason === undefined ? {} : { reason: change.reason }),
      ...(isActiveJob(change.to) ? {} : { finished_at: toDbTime(now) }),
      ...(change.resumed ? { last_resumed_at: toDbTime(now) } : {}),
      updated_at: toDbTime(now),
    })
    .where('id', '=', jobId)
    .execute();
  return status;
}

/** Records that the job's work resumed by itself (a quota's reset), as a person's resume does. */
export async function markJobResumed(trx: Trx, jobId: number, now: Date): Promise<void> {
  await trx.updateTable('backfill_jobs').set({ last_resumed_at: toDbTime(now), updated_at: toDbTime(now) }).where('id', '=', jobId).execute();
}

/**
 * Active jobs not updated since `before` that have no unfinished task: a crash lost the write
 * that would have ended them (their tasks are all done), or their tasks are gone. A job whose
 * tasks merely wait (for a backoff, a quota reset, a re-authorization) is not one of them.
 * Active jobs are few: read through the unique `active_scope` index, which holds only them.
 */
export async function findJobsToRecover(db: Kysely<Database>, before: Date, limit: number): Promise<JobRecord[]> {
  const rows = await db
    .selectFrom('backfill_jobs')
    .selectAll()
    .where('active_scope', 'is not', null)
    .where('updated_at', '<', toDbTime(before))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('job_tasks').select('job_tasks.id').whereRef('job_tasks.job_id', '=', 'backfill_jobs.id').where('job_tasks.status', 'in', ['queued', 'running', 'paused']))),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toJobRecord);
}

/** The scope's active job (pending, running or paused), if any: read through the unique `active_scope`. */
export async function activeJobOf(db: Kysely<Database>, scope: string): Promise<number | undefined> {
  const row = await db.selectFrom('backfill_jobs').select('id').where('active_scope', '=', scope).executeTakeFirst();
  return row === undefined ? undefined : Number(row.id);
}

/**
 * The jobs whose end starts their follow-up: succeeded, or failed on some of their tasks (the
 * rows the others stored still change what is derived from them: a commerce job fails when one
 * entity does). Not a job superseded by a newer one (that one's end starts it) or one with no tasks.
 */
const ENDED_WITH_WORK = (eb: ExpressionBuilder<Database, 'backfill_jobs'>) =>
  eb.or([eb('status', '=', 'succeeded'), eb.and([eb('status', '=', 'failed'), eb.or([eb('reason', 'is', null), eb('reason', 'not in', ['superseded', 'no_tasks'])])])]);

/** Pure: whether a job that ended so starts its follow-up (ENDED_WITH_WORK, in JavaScript). */
export function endStartsFollowUp(job: { status: string; reason: string | null }): boolean {
  return job.status === 'succeeded' || (job.status === 'failed' && job.reason !== 'superseded' && job.reason !== 'no_tasks');
}

/**
 * Takes the right to start an ended job's follow-up, once: true for the one caller that
 * found it not yet taken (the dispatch that ended the job, or a later recovery pass).
 */
export async function claimFollowUp(trx: Trx, jobId: number): Promise<boolean> {
  const result = await trx.updateTable('backfill_jobs').set({ follow_up_job_id: 0 }).where('id', '=', jobId).where(ENDED_WITH_WORK).where('follow_up_job_id', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records the follow-up a job started (after claimFollowUp, in the same transaction). */
export async function recordFollowUp(trx: Trx, jobId: number, followUpJobId: number): Promise<void> {
  await trx.updateTable('backfill_jobs').set({ follow_up_job_id: followUpJobId }).where('id', '=', jobId).execute();
}

/**
 * Ended jobs (ENDED_WITH_WORK) of these (enabled) platforms, ended before `before`, whose
 * follow-up was never taken care of (a crash, or an end written by another path).
 */
export async function findJobsMissingFollowUp(db: Kysely<Database>, before: Date, platforms: readonly string[], limit: number): Promise<number[]> {
  if (platforms.length === 0) return [];
  const rows = await db
    .selectFrom('backfill_jobs')
    .select('id')
    .where('follow_up_job_id', 'is', null)
    .where(ENDED_WITH_WORK)
    .where('platform', 'in', platforms)
    .where('finished_at', '<', toDbTime(before))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => Number(row.id));
}
