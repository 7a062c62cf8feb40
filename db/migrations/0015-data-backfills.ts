import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';
import { hasIndex } from './schema-probes.js';

/**
 * The guarded data backfills' tables (DESIGN.md "Guarded data backfills", seed 004; types in
 * db/tables/data-backfills.table.ts). A run is also a `backfill_jobs` row (type `data-backfill`,
 * scope `*:sluice:{name}:data-backfill`: one active run per plan name) whose tasks are its phases.
 * - `data_backfill_runs`: the plan as checked, where the run stands, each phase's results;
 * - `data_backfill_approvals`: who unlocked which phase, when, why (a health check that could
 *   not run is approved again);
 * - `data_backfill_batches` UNIQUE (`run_id`, `batch_no`): each apply (or rollback) batch's log;
 * - `data_backfill_rows` (`run_id`, `batch_no`): each changed row's key with its before- and
 *   after-image of the changed columns, written in the batch's own transaction, and what a
 *   rollback did with it;
 * - `data_backfill_samples` (`run_id`, `at`): the soak's readings.
 * Each step skips itself when done, so a run that stopped half-way can run again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const time = mysql ? sql`datetime(3)` : sql`text`;
  const bigint = mysql ? sql`bigint` : sql`integer`;
  const text = mysql ? sql`longtext` : sql`text`;
  const key = (length: number) => (mysql ? sql.raw(`varchar(${length})`) : sql`text`);
  const innodb = (table: CreateTableBuilder<any, any>) => (mysql ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : table);
  const id = (table: CreateTableBuilder<any, any>) => table.addColumn('id', mysql ? 'bigint' : 'integer', (c) => c.primaryKey().autoIncrement());

  await innodb(
    id(db.schema.createTable('data_backfill_runs').ifNotExists())
      .addColumn('job_id', bigint, (c) => c.notNull())
      .addColumn('name', key(64), (c) => c.notNull())
      .addColumn('plan', text, (c) => c.notNull())
      .addColumn('status', key(32), (c) => c.notNull())
      .addColumn('phase', key(16), (c) => c.notNull())
      .addColumn('next_phase', key(16))
      .addColumn('results', text, (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull()),
  ).execute();
  if (!(await hasIndex(db, mysql, 'data_backfill_runs', 'data_backfill_runs_name'))) {
    await db.schema.createIndex('data_backfill_runs_name').on('data_backfill_runs').columns(['name', 'id']).execute();
  }
  await innodb(
    id(db.schema.createTable('data_backfill_approvals').ifNotExists())
      .addColumn('run_id', bigint, (c) => c.notNull())
      .addColumn('phase', key(16), (c) => c.notNull())
      .addColumn('approved_by', key(191), (c) => c.notNull())
      .addColumn('note', sql`text`, (c) => c.notNull())
      .addColumn('override_reason', sql`text`)
      .addColumn('at', time, (c) => c.notNull()),
  ).execute();
  if (!(await hasIndex(db, mysql, 'data_backfill_approvals', 'data_backfill_approvals_run'))) {
    await db.schema.createIndex('data_backfill_approvals_run').on('data_backfill_approvals').columns(['run_id', 'id']).execute();
  }
  await innodb(
    id(db.schema.createTable('data_backfill_batches').ifNotExists())
      .addColumn('run_id', bigint, (c) => c.notNull())
      .addColumn('action', key(16), (c) => c.notNull())
      .addColumn('batch_no', 'integer', (c) => c.notNull())
      .addColumn('first_key', sql`text`)
      .addColumn('last_key', sql`text`)
      .addColumn('rows_selected', 'integer', (c) => c.notNull())
      .addColumn('rows_changed', 'integer', (c) => c.notNull())
      .addColumn('conflicts', 'integer', (c) => c.notNull())
      .addColumn('outcome', sql`text`, (c) => c.notNull())
      .addColumn('started_at', time, (c) => c.notNull())
      .addColumn('finished_at', time, (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addUniqueConstraint('data_backfill_batches_no', ['run_id', 'action', 'batch_no']),
  ).execute();
  await innodb(
    id(db.schema.createTable('data_backfill_rows').ifNotExists())
      .addColumn('run_id', bigint, (c) => c.notNull())
      .addColumn('batch_no', 'integer', (c) => c.notNull())
      .addColumn('row_key', sql`text`, (c) => c.notNull())
      .addColumn('before_image', text, (c) => c.notNull())
      .addColumn('after_image', text, (c) => c.notNull())
      .addColumn('rollback', key(16)),
  ).execute();
  if (!(await hasIndex(db, mysql, 'data_backfill_rows', 'data_backfill_rows_batch'))) {
    await db.schema.createIndex('data_backfill_rows_batch').on('data_backfill_rows').columns(['run_id', 'batch_no', 'id']).execute();
  }
  await innodb(
    id(db.schema.createTable('data_backfill_samples').ifNotExists())
      .addColumn('run_id', bigint, (c) => c.notNull())
      .addColumn('at', time, (c) => c.notNull())
      .addColumn('check_name', key(64), (c) => c.notNull())
      .addColumn('value', sql`double precision`)
      .addColumn('passed', 'integer', (c) => c.notNull())
      .addColumn('error', sql`text`),
  ).execute();
  if (!(await hasIndex(db, mysql, 'data_backfill_samples', 'data_backfill_samples_run'))) {
    await db.schema.createIndex('data_backfill_samples_run').on('data_backfill_samples').columns(['run_id', 'at']).execute();
  }
}
