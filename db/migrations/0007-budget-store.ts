import { sql, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';

/**
 * The budget store (DESIGN.md "Budgets"), shared by every invocation:
 * - `budget_pace`: one row per (`budget`, `budget_key`) — the next free request slot, a hold the
 *   vendor asked for (`held_until`, `held_reason`), and a cost bucket as last known. Every
 *   reservation of the budget locks this row first, so reservations of one budget are serial
 *   and each is one short transaction. `deferred_until` / `backfill_deferred_until`: the moment
 *   the claims last moved this key's queued tasks (or its backfills') to, so any invocation can
 *   move them back when the hold ends early (a limit raised).
 * - `budget_usage`: units counted per bucket of the budget's quota window (a vendor day, or a
 *   slice of a sliding 24 hours), in all (`used`) and by backfills (`backfill_used`).
 * `budget_key` is the app (`app`, one per deployment) or the account the vendor counts by.
 * `job_tasks.pause_reason` gains `budget`: a task waiting for a limit only a person can raise.
 * Repeatable: CREATE TABLE IF NOT EXISTS.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const time = mysql ? sql`datetime(3)` : sql`text`;
  const real = mysql ? sql`double` : sql`real`;
  const bigint = mysql ? sql`bigint` : sql`integer`;
  const text = (length: number) => (mysql ? sql.raw(`varchar(${length})`) : sql`text`);
  const innodb = <T extends { modifyEnd(s: ReturnType<typeof sql>): T }>(table: T) => (mysql ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : table);

  await innodb(
    db.schema
      .createTable('budget_pace')
      .ifNotExists()
      .addColumn('budget', text(64), (c) => c.notNull())
      .addColumn('budget_key', text(191), (c) => c.notNull())
      .addColumn('next_slot_at', time)
      .addColumn('held_until', time)
      .addColumn('held_reason', text(500))
      .addColumn('bucket_available', real)
      .addColumn('bucket_capacity', real)
      .addColumn('bucket_restore_rate', real)
      .addColumn('bucket_at', time)
      .addColumn('deferred_until', time)
      .addColumn('backfill_deferred_until', time)
      .addColumn('updated_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('budget_pace_pk', ['budget', 'budget_key']),
  ).execute();

  await innodb(
    db.schema
      .createTable('budget_usage')
      .ifNotExists()
      .addColumn('budget', text(64), (c) => c.notNull())
      .addColumn('budget_key', text(191), (c) => c.notNull())
      .addColumn('bucket_start', time, (c) => c.notNull())
      .addColumn('used', bigint, (c) => c.notNull())
      .addColumn('backfill_used', bigint, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('budget_usage_pk', ['budget', 'budget_key', 'bucket_start']),
  ).execute();
}
