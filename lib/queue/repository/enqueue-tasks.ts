import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { sqlFlavorOf, type SqlFlavor } from '../../../db/sql-flavor.js';
import { retryOnDeadlock } from '../../../db/retry-deadlocks.js';
import { toDbJson, toDbTime } from '../../../db/values.js';

export interface NewTask {
  tenantId: string;
  /** The connector that runs it. */
  platform: string;
  /** The account it works for, if any; tasks paused for re-authorization resume by it. */
  connectionId?: number | null;
  kind: string;
  dedupeKey: string;
  payload: unknown;
  /**
   * Lower runs first; stored as given. A planner gives its class (YouTube: 0 sync, 10 history);
   * the jobs layer stores it with the task's fair level (lib/jobs/fair-queue.ts).
   */
  priority?: number;
  runAfter?: Date;
  maxAttempts?: number;
  jobId?: number | null;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** Rows per INSERT: 14 parameters a row stays far below MySQL's 65,535 and SQLite's 32,766. */
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
  const rows = [...tasks].sort((a, b) => (a.dedupeKey < b.dedupeKey ? -1 : a.dedupeKey > b.dedupeKey ? 1 : 0)).map((task) => toRowValues(task, now));
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

const COLUMNS = ['tenant_id', 'platform', 'connection_id', 'kind', 'dedupe_key', 'payload', 'status', 'priority', 'run_after', 'attempts', 'max_attempts', 'job_id', 'created_at', 'updated_at'] as const;
type RowValues = unknown[];

function toRowValues(task: NewTask, now: Date): RowValues {
  const timestamp = toDbTime(now);
  return [
    task.tenantId,
    task.platform,
    task.connectionId ?? null,
    task.kind,
    task.dedupeKey,
    toDbJson(task.payload),
    'queued',
    task.priority ?? 0,
    toDbTime(task.runAfter ?? now),
    0,
    task.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    task.jobId ?? null,
    timestamp,
    timestamp,
  ];
}

async function insertIgnoringDuplicates(db: Kysely<Database>, rows: RowValues[]): Promise<number> {
  const result = await db.executeQuery(CompiledQuery.raw(insertStatement(sqlFlavorOf(db), rows.length), rows.flat()));
  return Number(result.numAffectedRows ?? 0);
}

/**
 * The bulk INSERT, written out as text rather than built by Kysely's
 * query builder: for 1,000 rows × 14 values the builder's AST and compile cost more than
 * MariaDB's own work (measured: median 51k rows/s through the builder, 80k raw).
 * MySQL: a no-op assignment on conflict changes nothing, so with FOUND_ROWS off
 * (db/create-database.ts) affectedRows counts only new rows. INSERT IGNORE would also
 * swallow data errors, which must fail loudly.
 */
function insertStatement(flavor: SqlFlavor, rowCount: number): string {
  const quote = (name: string) => (flavor === 'mysql' ? `\`${name}\`` : `"${name}"`);
  const tuple = `(${COLUMNS.map(() => '?').join(', ')})`;
  const onConflict = flavor === 'mysql' ? `on duplicate key update ${quote('id')} = ${quote('id')}` : `on conflict (${quote('dedupe_key')}) do nothing`;
  return `insert into ${quote('job_tasks')} (${COLUMNS.map(quote).join(', ')}) values ${Array(rowCount).fill(tuple).join(', ')} ${onConflict}`;
}
