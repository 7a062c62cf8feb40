import { sql, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';

/**
 * Tasks that commit in steps (DESIGN.md, "Queue semantics"):
 * - `checkpoint`: the last committed step's marker, written in the same transaction as that
 *   step's rows; a retried or reclaimed task resumes after it. A re-run clears it.
 * - `steps_done`: steps committed over the task's life (job progress follows them).
 * - `run_steps`: steps committed by the current claim (reset by each claim): a run with
 *   steps made progress and spends no attempt.
 * - `lost_leases`: leases lost in a row without a step; a task that keeps killing its worker
 *   without progress is stopped as poison.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const add = async (column: string, type: ReturnType<typeof sql>, notNullZero: boolean) => {
    const exists = await sql`select ${sql.ref(column)} from job_tasks where 1 = 0`.execute(db).then(
      () => true,
      () => false,
    );
    if (!exists) await db.schema.alterTable('job_tasks').addColumn(column, type, (c) => (notNullZero ? c.notNull().defaultTo(0) : c)).execute();
  };
  await add('checkpoint', mysql ? sql`longtext` : sql`text`, false);
  await add('steps_done', sql`integer`, true);
  await add('run_steps', sql`integer`, true);
  await add('lost_leases', sql`integer`, true);
}
