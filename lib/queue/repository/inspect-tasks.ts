import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { fromDbTime, fromDbJson, toDbTime } from '../../../db/values.js';
import type { TaskStatus } from '../task-status.js';

export interface KindCounts {
  kind: string;
  status: TaskStatus;
  count: number;
  steps: number;
}

/** A job's tasks counted per kind and status, with their committed steps: a job's per-scope detail. */
export async function countJobTasksByKind(db: Kysely<Database>, jobId: number): Promise<KindCounts[]> {
  const rows = await db
    .selectFrom('job_tasks')
    .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.sum<number>('steps_done').as('steps')])
    .where('job_id', '=', jobId)
    .groupBy(['kind', 'status'])
    .execute();
  return rows.map((row) => ({ kind: row.kind, status: row.status, count: Number(row.count), steps: Number(row.steps ?? 0) }));
}

export interface ExistingTask {
  dedupeKey: string;
  status: TaskStatus;
  jobId: number | null;
}

/** The tasks that already exist for these dedupe keys (a preview's "already done"), read in slices. */
export async function findTasksByDedupeKeys(db: Kysely<Database>, keys: readonly string[]): Promise<ExistingTask[]> {
  const found: ExistingTask[] = [];
  for (let start = 0; start < keys.length; start += 500) {
    const rows = await db
      .selectFrom('job_tasks')
      .select(['dedupe_key', 'status', 'job_id'])
      .where('dedupe_key', 'in', keys.slice(start, start + 500))
      .execute();
    found.push(...rows.map((row) => ({ dedupeKey: row.dedupe_key, status: row.status, jobId: row.job_id === null ? null : Number(row.job_id) })));
  }
  return found;
}

/** Whether a person paused the job: some of its tasks wait with `pause_reason` `job`. */
export async function hasTasksPausedByJob(db: Kysely<Database>, jobId: number): Promise<boolean> {
  const row = await db.selectFrom('job_tasks').select('id').where('job_id', '=', jobId).where('status', '=', 'paused').where('pause_reason', '=', 'job').executeTakeFirst();
  return row !== undefined;
}

/** A range of stored priorities: `from` ≤ priority < `to` (one class of lib/jobs/fair-queue.ts). */
export interface PriorityBand {
  from: number;
  to: number;
}

/**
 * The front of one band of the queue: the priority the next claim there takes — the first
 * ready queued task in the claim's order; when every queued one waits for a later `run_after`
 * (a backoff, a quota reset), the first of those; when none is queued, the last one claimed
 * (the highest running). Undefined when the band has nothing queued or running. Each read is a
 * range of the claim index (status, priority, run_after): the first costs what a claim's does.
 */
export async function queueFront(db: Kysely<Database>, platform: string, band: PriorityBand, now: Date): Promise<number | undefined> {
  const inBand = (status: 'queued' | 'running') =>
    db.selectFrom('job_tasks').where('status', '=', status).where('priority', '>=', band.from).where('priority', '<', band.to).where('platform', '=', platform);
  const ready = await inBand('queued').select('priority').where('run_after', '<=', toDbTime(now)).orderBy('priority').orderBy('run_after').limit(1).executeTakeFirst();
  if (ready) return Number(ready.priority);
  const waiting = await inBand('queued').select((eb) => eb.fn.min('priority').as('priority')).executeTakeFirst();
  if (waiting?.priority != null) return Number(waiting.priority);
  const running = await inBand('running').select((eb) => eb.fn.max('priority').as('priority')).executeTakeFirst();
  return running?.priority == null ? undefined : Number(running.priority);
}

/**
 * The highest priority in the band among these jobs' queued and running tasks, read through
 * the job index (in slices); undefined when they have none there.
 */
export async function highestUnfinishedPriority(db: Kysely<Database>, jobIds: readonly number[], band: PriorityBand): Promise<number | undefined> {
  let highest: number | undefined;
  for (let start = 0; start < jobIds.length; start += 500) {
    const row = await db
      .selectFrom('job_tasks')
      .select((eb) => eb.fn.max('priority').as('priority'))
      .where('job_id', 'in', jobIds.slice(start, start + 500))
      .where('status', 'in', ['queued', 'running'])
      .where('priority', '>=', band.from)
      .where('priority', '<', band.to)
      .executeTakeFirst();
    if (row?.priority != null) highest = Math.max(highest ?? -Infinity, Number(row.priority));
  }
  return highest;
}

/** A job's tasks of these kinds with their checkpoints (a commerce job's few entity tasks), by id (a bulk enqueue inserts them by dedupe key, not as planned). */
export async function listJobTaskStates(db: Kysely<Database>, jobId: number, kinds: readonly string[]): Promise<{ kind: string; status: TaskStatus; checkpoint: unknown; lastError: string | null }[]> {
  if (kinds.length === 0) return [];
  const rows = await db
    .selectFrom('job_tasks')
    .select(['kind', 'status', 'checkpoint', 'last_error'])
    .where('job_id', '=', jobId)
    .where('kind', 'in', [...kinds])
    .orderBy('id')
    .limit(100)
    .execute();
  return rows.map((row) => ({ kind: row.kind, status: row.status, checkpoint: fromDbJson(row.checkpoint), lastError: row.last_error }));
}

/** A job's tasks as they stand in the queue (at most 100, oldest first), for a job type's own status fields. */
export async function listJobTaskFacts(
  db: Kysely<Database>,
  jobId: number,
): Promise<{ kind: string; status: TaskStatus; checkpoint: unknown; lastError: string | null; pauseReason: string | null; runAfter: Date }[]> {
  const rows = await db.selectFrom('job_tasks').select(['kind', 'status', 'checkpoint', 'last_error', 'pause_reason', 'run_after']).where('job_id', '=', jobId).orderBy('id').limit(100).execute();
  return rows.map((row) => ({ kind: row.kind, status: row.status, checkpoint: fromDbJson(row.checkpoint), lastError: row.last_error, pauseReason: row.pause_reason, runAfter: fromDbTime(row.run_after) }));
}

/** Every task of `kind` of a job, oldest first, however many (a long backfill's chunks): what a job type's status reads of each. */
export async function listJobTasksOfKind(db: Kysely<Database>, jobId: number, kind: string): Promise<{ status: TaskStatus; payload: unknown; checkpoint: unknown }[]> {
  const rows = await db.selectFrom('job_tasks').select(['status', 'payload', 'checkpoint']).where('job_id', '=', jobId).where('kind', '=', kind).orderBy('id').execute();
  return rows.map((row) => ({ status: row.status, payload: fromDbJson(row.payload), checkpoint: fromDbJson(row.checkpoint) }));
}

/** The dedupe key of the job's task of `kind` waiting for a person's approval, if one waits; and how many of that kind the job has. */
export async function approvalTaskOf(db: Kysely<Database>, jobId: number, kind: string): Promise<{ waiting: string | undefined; count: number }> {
  const rows = await db.selectFrom('job_tasks').select(['dedupe_key', 'status', 'pause_reason']).where('job_id', '=', jobId).where('kind', '=', kind).execute();
  return { waiting: rows.find((row) => row.status === 'paused' && row.pause_reason === 'approval')?.dedupe_key, count: rows.length };
}

/** A task that is not done yet: waiting to be claimed, claimed, or waiting for a person or an event. */
const UNFINISHED: readonly TaskStatus[] = ['queued', 'running', 'paused'];

/**
 * The kinds among `kinds` (sorted) that have an unfinished task of this connection whose dedupe
 * key contains `keyPart` (e.g. `:sync:`, a scheduled sync's window): work of that kind still to
 * come, which a new run of the same kind would only queue beside. `keyPart` is matched
 * literally, so it may hold no LIKE wildcard.
 */
export async function kindsWithUnfinishedTasks(db: Kysely<Database>, connectionId: number, kinds: readonly string[], keyPart: string): Promise<string[]> {
  if (/[%_\\]/.test(keyPart)) throw new Error(`kindsWithUnfinishedTasks: "${keyPart}" holds a LIKE wildcard`);
  if (kinds.length === 0) return [];
  const rows = await db
    .selectFrom('job_tasks')
    .select('kind')
    .distinct()
    .where('connection_id', '=', connectionId)
    .where('kind', 'in', [...kinds])
    .where('status', 'in', [...UNFINISHED])
    .where('dedupe_key', 'like', `%${keyPart}%`)
    .orderBy('kind')
    .execute();
  return rows.map((row) => row.kind);
}
