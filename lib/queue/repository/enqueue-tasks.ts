import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import type { JobTasksTable } from '../../../db/tables/job-tasks.table.js';
import { sqlFlavorOf } from '../../../db/sql-flavor.js';
import { retryOnDeadlock } from '../../../db/retry-deadlocks.js';
import { toDbJson, toDbTime } from '../../../db/values.js';

export interface NewTask {
  tenantId: string;
  kind: string;
  dedupeKey: string;
  payload: unknown;
  priority?: number;
  runAfter?: Date;
  maxAttempts?: number;
  jobId?: number | null;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** Rows per INSERT: 11 parameters a row stays far below MySQL's 65,535 and SQLite's 32,766. */
const ROWS_PER_STATEMENT = 1_000;

/**
 * Bulk, idempotent enqueue. A `dedupe_key` that already exists is left exactly as it is
 * (whatever its status), so repeating an enqueue — a cron delivered twice, a user
 * reconnecting — never makes a second row and never disturbs a running task. Returns how
 * many rows were new. Several statements run in one transaction: all or nothing.
 *
 * Rows go in dedupe-key order so concurrent enqueues of overlapping keys take their unique-
 * index locks in the same order; a deadlock that still happens is retried whole.
 */
export async function enqueueTasks(db: Kysely<Database>, tasks: readonly NewTask[], now: Date): Promise<{ inserted: number }> {
  if (tasks.length === 0) return { inserted: 0 };
  const rows = tasks.map((task) => toInsertRow(task, now)).sort((a, b) => (a.dedupe_key < b.dedupe_key ? -1 : a.dedupe_key > b.dedupe_key ? 1 : 0));
  if (rows.length <= ROWS_PER_STATEMENT && !db.isTransaction) return { inserted: await retryOnDeadlock(() => insertIgnoringDuplicates(db, rows)) };
  const insertAll = async (trx: Kysely<Database>) => {
    let inserted = 0;
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      inserted += await insertIgnoringDuplicates(trx, rows.slice(start, start + ROWS_PER_STATEMENT));
    }
    return { inserted };
  };
  // Inside a caller's transaction, that transaction provides the atomicity (and its retry).
  if (db.isTransaction) return insertAll(db);
  return retryOnDeadlock(() => db.transaction().execute(insertAll));
}

async function insertIgnoringDuplicates(db: Kysely<Database>, rows: Insertable<JobTasksTable>[]): Promise<number> {
  const insert = db.insertInto('job_tasks').values(rows);
  // MySQL: a no-op assignment on conflict changes nothing, so with FOUND_ROWS off
  // (db/create-database.ts) affectedRows counts only new rows. INSERT IGNORE would also
  // swallow data errors, which must fail loudly.
  const result =
    sqlFlavorOf(db) === 'mysql'
      ? await insert.onDuplicateKeyUpdate((eb) => ({ id: eb.ref('id') })).executeTakeFirst()
      : await insert.onConflict((oc) => oc.column('dedupe_key').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

function toInsertRow(task: NewTask, now: Date): Insertable<JobTasksTable> {
  const timestamp = toDbTime(now);
  return {
    tenant_id: task.tenantId,
    kind: task.kind,
    dedupe_key: task.dedupeKey,
    payload: toDbJson(task.payload),
    status: 'queued',
    priority: task.priority ?? 0,
    run_after: toDbTime(task.runAfter ?? now),
    attempts: 0,
    max_attempts: task.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    job_id: task.jobId ?? null,
    created_at: timestamp,
    updated_at: timestamp,
  };
}
