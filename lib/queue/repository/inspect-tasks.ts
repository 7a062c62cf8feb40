import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
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
