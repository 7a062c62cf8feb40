import { sql, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';

/**
 * First-class jobs (DESIGN.md "Jobs", issue 8):
 * - `job_tasks.pause_reason`: why a task is `paused` — `reauth` (its connection needs
 *   re-authorization; reconnecting resumes it) or `job` (a person paused its job; resuming the
 *   job resumes it). Each event resumes only its own pauses. 0002's paused rows were all
 *   re-authorization pauses.
 * - `backfill_jobs.reason`: why a job ended as it did when its tasks do not say it
 *   (`superseded`: a stale job taken over; `cancelled`: a person cancelled it).
 * - `backfill_jobs (tenant_id, id)`: the history list, newest first, per tenant.
 * - `rate_limits`: the admin's per-budget overrides of the environment's defaults; a NULL
 *   field keeps the default.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const text = (length: number) => (mysql ? sql.raw(`varchar(${length})`) : sql`text`);
  if (!(await hasColumn(db, 'job_tasks', 'pause_reason'))) {
    await db.schema.alterTable('job_tasks').addColumn('pause_reason', text(16)).execute();
    await db.updateTable('job_tasks').set({ pause_reason: 'reauth' }).where('status', '=', 'paused').execute();
  }
  if (!(await hasColumn(db, 'backfill_jobs', 'reason'))) await db.schema.alterTable('backfill_jobs').addColumn('reason', text(64)).execute();
  // MySQL 8 has no CREATE INDEX IF NOT EXISTS: a re-run (MySQL commits each DDL) meets ER_DUP_KEYNAME.
  await db.schema
    .createIndex('backfill_jobs_tenant_id')
    .on('backfill_jobs')
    .columns(['tenant_id', 'id'])
    .execute()
    .catch((error: { errno?: number }) => {
      if (error?.errno !== 1061 || !mysql) throw error;
    });
  const table = db.schema
    .createTable('rate_limits')
    .ifNotExists()
    .addColumn('budget', text(64), (c) => c.primaryKey())
    .addColumn('requests_per_second', mysql ? sql`double` : sql`real`)
    .addColumn('daily_quota', mysql ? sql`bigint` : sql`integer`)
    .addColumn('backfill_share', mysql ? sql`double` : sql`real`)
    .addColumn('concurrency', sql`integer`)
    .addColumn('updated_at', mysql ? sql`datetime(3)` : sql`text`, (c) => c.notNull());
  await (mysql ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : table).execute();
}

async function hasColumn(db: Kysely<any>, table: string, column: string): Promise<boolean> {
  return sql`select ${sql.ref(column)} from ${sql.table(table)} where 1 = 0`.execute(db).then(
    () => true,
    () => false,
  );
}
