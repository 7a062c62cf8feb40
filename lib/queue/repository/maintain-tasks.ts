import { sql, type Kysely, type RawBuilder, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import type { Database } from '../../../db/database.js';
import { retryStatement } from '../../../db/retry-deadlocks.js';
import type { Trx } from '../../../db/transaction.js';
import { fromDbTime, toDbJson, toDbTime } from '../../../db/values.js';
import { decideReclaim } from '../reclaim-decision.js';
import { sourcesOf, type TaskStatus } from '../task-status.js';

/** The priority a task goes back to the queue with, chosen by the caller (lib/jobs: a fresh fair level). */
export type RequeuedPriority = (task: { tenantId: string; platform: string; dedupeKey: string; priority: number }) => Promise<number>;

/**
 * Tasks whose worker died: `running` with an expired lease, each decided by the attempt
 * policy for lost leases (reclaim-decision.ts): back to the queue after a short jittered
 * delay, with the priority `requeuedPriority` gives it, or `dead` as poison. Each update is
 * guarded by the expired lease's token, so two dispatchers reclaiming at once apply each
 * decision once. Expired leases are few (running rows are the work in flight, read through
 * the claim index's `status` prefix).
 */
export async function reclaimExpiredLeases(
  db: Kysely<Database>,
  now: Date,
  random: () => number = Math.random,
  requeuedPriority: RequeuedPriority = async (task) => task.priority,
): Promise<{ requeued: number; dead: number; jobIds: number[] }> {
  const expired = await db
    .selectFrom('job_tasks')
    .select(['id', 'tenant_id', 'platform', 'dedupe_key', 'priority', 'lease_token', 'lease_expires_at', 'attempts', 'max_attempts', 'run_steps', 'lost_leases', 'job_id'])
    .where('status', '=', 'running')
    .where('lease_expires_at', '<', toDbTime(now))
    .execute();
  const counts = { requeued: 0, dead: 0 };
  const jobIds = new Set<number>();
  for (const row of expired) {
    const decision = decideReclaim(
      { attempts: Number(row.attempts), maxAttempts: Number(row.max_attempts), runSteps: Number(row.run_steps), lostLeases: Number(row.lost_leases), leaseExpiresAt: fromDbTime(row.lease_expires_at!) },
      now,
      random(),
    );
    const requeued =
      decision.status === 'queued'
        ? { run_after: toDbTime(decision.runAfter), priority: await requeuedPriority({ tenantId: row.tenant_id, platform: row.platform, dedupeKey: row.dedupe_key, priority: Number(row.priority) }) }
        : {};
    const result = await retryStatement(db, () =>
      db
        .updateTable('job_tasks')
        .set({
          status: decision.status,
          lost_leases: decision.lostLeases,
          last_error: decision.reason,
          lease_token: null,
          lease_expires_at: null,
          ...requeued,
          updated_at: toDbTime(now),
        })
        .where('id', '=', row.id)
        .where('lease_token', '=', row.lease_token)
        .where('status', '=', 'running')
        // The decision holds only for the row it was made from: a heartbeat that extended the
        // lease, or a step committed since the read, leaves the task to its live worker.
        .where('lease_expires_at', '<', toDbTime(now))
        .where('run_steps', '=', Number(row.run_steps))
        .executeTakeFirst(),
    );
    if (Number(result.numUpdatedRows) !== 1) continue;
    counts[decision.status === 'dead' ? 'dead' : 'requeued']++;
    if (row.job_id !== null) jobIds.add(Number(row.job_id));
  }
  return { ...counts, jobIds: [...jobIds] };
}

/**
 * Cancels every unfinished task of a job. A running one loses its lease: its next heartbeat
 * aborts its run, its next step is refused (rolled back), so it stops at that boundary.
 */
export async function cancelJobTasks(db: Kysely<Database>, jobId: number, now: Date): Promise<number> {
  const result = await retryStatement(db, () =>
    db
      .updateTable('job_tasks')
      .set({ status: 'cancelled', pause_reason: null, lease_token: null, lease_expires_at: null, updated_at: toDbTime(now) })
      .where('job_id', '=', jobId)
      .where('status', 'in', sourcesOf('cancelled'))
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/**
 * Pauses a job's queued and running tasks (`pause_reason` `job`): nothing of it is claimed
 * until it is resumed. A running task loses its lease and stops at its next step, keeping the
 * steps it committed; the attempt its claim spent is given back when it committed none (a
 * person's pause is no failure of the task's) and its lease's expiry is kept for the resume. Tasks a budget paused wait for the person's
 * resume too (a raised limit must not resume them behind the person's back); after it, the
 * budget pauses them again if it still must.
 */
export async function pauseJobTasks(db: Kysely<Database>, jobId: number, now: Date): Promise<number> {
  const result = await retryStatement(db, () =>
    db
      .updateTable('job_tasks')
      // `attempts` first: MySQL assigns left to right, so after `status` it would read 'paused'.
      .set({
        attempts: sql<number>`case when status = 'running' and run_steps = 0 then attempts - 1 else attempts end`,
        // A running task keeps its lease's expiry (its token goes: the worker can commit nothing
        // more): a write it sent may still be in flight, and resumeJobTasks waits that long.
        lease_expires_at: sql<string | null>`case when status = 'running' then lease_expires_at else null end`,
        status: 'paused',
        pause_reason: 'job',
        lease_token: null,
        updated_at: toDbTime(now),
      })
      .where('job_id', '=', jobId)
      .where((eb) => eb.or([eb('status', 'in', ['queued', 'running']), eb.and([eb('status', '=', 'paused'), eb('pause_reason', '=', 'budget')])]))
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/**
 * Puts a paused job's tasks back in the queue, ready now — or, for a task a pause took from a
 * running worker, once that worker's lease would have expired: no other worker takes it while a
 * request the first one sent (a write whose outcome it had not learnt) may still be in flight.
 * Tasks paused for re-authorization stay paused.
 */
export async function resumeJobTasks(db: Kysely<Database>, jobId: number, now: Date): Promise<number> {
  const at = toDbTime(now);
  const result = await retryStatement(db, () =>
    db
      .updateTable('job_tasks')
      // `run_after` first: MySQL assigns left to right, and it reads the kept lease expiry.
      .set({
        run_after: sql<string>`case when lease_expires_at is not null and lease_expires_at > ${at} then lease_expires_at else ${at} end`,
        lease_expires_at: null,
        status: 'queued',
        pause_reason: null,
        updated_at: at,
      })
      .where('job_id', '=', jobId)
      .where('status', '=', 'paused')
      .where('pause_reason', '=', 'job')
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/**
 * A stale job's unfinished tasks move to the job that took it over, keeping their checkpoints
 * (nothing done is redone); those its pause held go back to the queue. Running ones keep their
 * lease: a live worker finishes them, an expired lease is reclaimed under the new job.
 */
export async function moveUnfinishedTasks(db: Trx, fromJobId: number, toJobId: number, now: Date): Promise<number> {
  const moved = await db
    .updateTable('job_tasks')
    .set({ job_id: toJobId, updated_at: toDbTime(now) })
    .where('job_id', '=', fromJobId)
    .where('status', 'in', ['queued', 'running', 'paused'])
    .executeTakeFirst();
  await db
    .updateTable('job_tasks')
    .set({ status: 'queued', pause_reason: null, run_after: toDbTime(now) })
    .where('job_id', '=', toJobId)
    .where('status', '=', 'paused')
    .where('pause_reason', '=', 'job')
    .execute();
  return Number(moved.numUpdatedRows);
}

export interface RequeueOptions {
  /** Which finished states to run again, e.g. ['succeeded'] for a forced re-fetch. */
  from: readonly Extract<TaskStatus, 'succeeded' | 'dead' | 'cancelled' | 'paused'>[];
  /** Reassign the tasks to this job (a forced backfill belongs to the job that forced it). */
  jobId?: number | null;
  /** A new priority per dedupe key (fresh fair levels, lib/jobs/fair-queue.ts); a key not listed keeps its own. */
  priorities?: ReadonlyMap<string, number>;
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
        pause_reason: null,
        attempts: 0,
        run_after: toDbTime(now),
        last_error: null,
        // A re-run starts from the first step.
        checkpoint: null,
        steps_done: 0,
        run_steps: 0,
        lost_leases: 0,
        ...(options.jobId === undefined ? {} : { job_id: options.jobId }),
        ...priorityByKey(options.priorities),
        updated_at: toDbTime(now),
      })
      .where('dedupe_key', 'in', dedupeKeys)
      .where('status', 'in', from)
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/** The `priority` column set per dedupe key, each row not listed keeping its own. */
function priorityByKey(priorities: ReadonlyMap<string, number> | undefined): { priority?: RawBuilder<number> } {
  if (priorities === undefined || priorities.size === 0) return {};
  const cases = [...priorities].map(([key, priority]) => sql`when ${key} then ${priority}`);
  return { priority: sql<number>`case ${sql.ref('dedupe_key')} ${sql.join(cases, sql` `)} else ${sql.ref('priority')} end` };
}

/**
 * Tasks a person cancelled go back to the queue under `jobId`, keeping their checkpoints: they
 * never finished, and the steps they committed stay done. A fresh attempt budget; `priorities`
 * as requeueTasks takes them.
 */
export async function requeueCancelledTasks(db: Kysely<Database>, dedupeKeys: readonly string[], jobId: number, now: Date, priorities?: ReadonlyMap<string, number>): Promise<number> {
  if (dedupeKeys.length === 0) return 0;
  const result = await retryStatement(db, () =>
    db
      .updateTable('job_tasks')
      .set({ status: 'queued', job_id: jobId, attempts: 0, run_steps: 0, lost_leases: 0, last_error: null, run_after: toDbTime(now), ...priorityByKey(priorities), updated_at: toDbTime(now) })
      .where('dedupe_key', 'in', dedupeKeys)
      .where('status', '=', 'cancelled')
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/**
 * A forced re-run of tasks still waiting in the queue (rescheduled part-way, say): they start
 * again from their first step, under the job that forced them. Running ones are left to
 * finish; their next run, if any, resumes.
 */
export async function restartQueuedTasks(db: Kysely<Database>, dedupeKeys: readonly string[], jobId: number, now: Date): Promise<number> {
  if (dedupeKeys.length === 0) return 0;
  const result = await retryStatement(db, () =>
    db
      .updateTable('job_tasks')
      .set({ checkpoint: null, steps_done: 0, job_id: jobId, updated_at: toDbTime(now) })
      .where('dedupe_key', 'in', dedupeKeys)
      .where('status', '=', 'queued')
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/**
 * A connection's tasks paused for re-authorization go back to the queue, e.g. after the account
 * was reconnected; tasks of a paused job stay paused. A task its grant paused whose job a person
 * has paused since (the job holds tasks paused `job`) now waits for that job's resume instead:
 * the grant is back, the person's pause still holds. `status = 'paused'` is a prefix of the
 * claim index and paused rows are few, so the lookups need no index of their own.
 */
export async function resumePausedTasks(db: Kysely<Database>, connectionId: number, now: Date): Promise<number> {
  const pausedForGrant = (query: UpdateQueryBuilder<Database, 'job_tasks', 'job_tasks', UpdateResult>) =>
    query
      .where('status', '=', 'paused')
      .where('connection_id', '=', connectionId)
      .where((eb) => eb.or([eb('pause_reason', '=', 'reauth'), eb('pause_reason', 'is', null)]));
  const heldJobs = await db
    .selectFrom('job_tasks')
    .select('job_id')
    .distinct()
    .where('status', '=', 'paused')
    .where('connection_id', '=', connectionId)
    .where('pause_reason', '=', 'job')
    .execute();
  const held = heldJobs.flatMap((row) => (row.job_id === null ? [] : [Number(row.job_id)]));
  if (held.length > 0) {
    await retryStatement(db, () => pausedForGrant(db.updateTable('job_tasks').set({ pause_reason: 'job', updated_at: toDbTime(now) })).where('job_id', 'in', held).execute());
  }
  const result = await retryStatement(db, () =>
    pausedForGrant(db.updateTable('job_tasks').set({ status: 'queued', pause_reason: null, run_after: toDbTime(now), updated_at: toDbTime(now) })).executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/** Tasks still queued (ready now or later): a count over the claim index's `status` prefix. */
export async function countQueuedTasks(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('job_tasks').select((eb) => eb.fn.countAll<number>().as('count')).where('status', '=', 'queued').executeTakeFirstOrThrow();
  return Number(row.count);
}

export type StatusCounts = Record<TaskStatus, number>;

/** Steps committed by a job's tasks: job progress follows them between task completions. */
export async function countJobSteps(db: Kysely<Database>, jobId: number): Promise<number> {
  const row = await db.selectFrom('job_tasks').select((eb) => eb.fn.sum<number>('steps_done').as('steps')).where('job_id', '=', jobId).executeTakeFirst();
  return Number(row?.steps ?? 0);
}

export async function countTasksByStatus(db: Kysely<Database>, filter: { jobId?: number } = {}): Promise<StatusCounts> {
  let query = db.selectFrom('job_tasks').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status');
  if (filter.jobId !== undefined) query = query.where('job_id', '=', filter.jobId);
  const rows = await query.execute();
  const counts: StatusCounts = { queued: 0, running: 0, paused: 0, succeeded: 0, dead: 0, cancelled: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/**
 * Makes a task that waits for another (it looks again later: lib/connectors/sync/entity-order.ts)
 * ready now, because the one it waited for has ended. Only a queued task waiting in the future.
 */
export async function releaseWaitingTask(db: Kysely<Database>, dedupeKey: string, now: Date): Promise<number> {
  const result = await retryStatement(db, () =>
    db
      .updateTable('job_tasks')
      .set({ run_after: toDbTime(now), updated_at: toDbTime(now) })
      .where('dedupe_key', '=', dedupeKey)
      .where('status', '=', 'queued')
      .where('run_after', '>', toDbTime(now))
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/**
 * Gives queued tasks the payload their latest plan wrote (a forced re-run of some commerce
 * entities: their order and window are this plan's, not the first one's), by dedupe key, in
 * slices; tasks running or finished keep theirs.
 */
export async function replaceQueuedPayloads(db: Kysely<Database>, payloads: ReadonlyMap<string, unknown>, now: Date): Promise<void> {
  const entries = [...payloads];
  for (let start = 0; start < entries.length; start += 200) {
    const slice = entries.slice(start, start + 200);
    const cases = slice.map(([key, payload]) => sql`when ${key} then ${toDbJson(payload)}`);
    await retryStatement(db, () =>
      db
        .updateTable('job_tasks')
        .set({ payload: sql<string>`case ${sql.ref('dedupe_key')} ${sql.join(cases, sql` `)} else ${sql.ref('payload')} end`, updated_at: toDbTime(now) })
        .where('dedupe_key', 'in', slice.map(([key]) => key))
        .where('status', '=', 'queued')
        .execute(),
    );
  }
}

/**
 * A task that must wait for a person's approval (a guarded data backfill's next phase): paused
 * with `pause_reason` `approval`, which no resume, reconnect or budget releases — only
 * releaseApprovedTask.
 */
export async function holdTaskForApproval(db: Kysely<Database>, dedupeKey: string, now: Date): Promise<void> {
  await db.updateTable('job_tasks').set({ status: 'paused', pause_reason: 'approval', updated_at: toDbTime(now) }).where('dedupe_key', '=', dedupeKey).where('status', '=', 'queued').execute();
}

/** The approved phase's task, back in the queue and ready now; answers whether one was waiting. */
export async function releaseApprovedTask(db: Kysely<Database>, dedupeKey: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('job_tasks')
    .set({ status: 'queued', pause_reason: null, run_after: toDbTime(now), updated_at: toDbTime(now) })
    .where('dedupe_key', '=', dedupeKey)
    .where('status', '=', 'paused')
    .where('pause_reason', '=', 'approval')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Replaces a task's payload (what a person's approval adds to it, e.g. a sealed database URL). */
export async function setTaskPayload(db: Kysely<Database>, dedupeKey: string, payload: unknown): Promise<void> {
  await db.updateTable('job_tasks').set({ payload: toDbJson(payload) }).where('dedupe_key', '=', dedupeKey).execute();
}
