import { sql, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';

/**
 * `backfill_jobs.follow_up_job_id`: set once a succeeded job's follow-up (Connector.followUps)
 * was taken care of — the follow-up job's id, or 0 when none was needed — so each starts exactly
 * once, and one missed (an invocation killed after the job's last write, or a job ended by
 * another path) is found by the next dispatch's recovery pass. Jobs that ended before this
 * migration need none. Indexed with `status` for that pass (`follow_up_job_id IS NULL` first).
 * Repeatable: each step skips itself when done (MySQL commits each DDL statement).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const exists = await sql`select follow_up_job_id from backfill_jobs where 1 = 0`.execute(db).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await db.schema.alterTable('backfill_jobs').addColumn('follow_up_job_id', mysql ? sql`bigint` : sql`integer`).execute();
    await db.updateTable('backfill_jobs').set({ follow_up_job_id: 0 }).where('status', 'not in', ['pending', 'running', 'paused']).execute();
  }
  // MySQL 8 has no CREATE INDEX IF NOT EXISTS: a re-run meets ER_DUP_KEYNAME (1061).
  await db.schema
    .createIndex('backfill_jobs_follow_up')
    .on('backfill_jobs')
    .columns(['follow_up_job_id', 'status'])
    .execute()
    .catch((error: { errno?: number; message?: string }) => {
      if (mysql ? error?.errno !== 1061 : !/already exists/.test(error?.message ?? '')) throw error;
    });
}
