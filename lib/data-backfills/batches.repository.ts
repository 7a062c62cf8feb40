import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Trx } from '../../db/transaction.js';
import { fromDbJson, fromDbTime, toDbJson, toDbTime } from '../../db/values.js';
import type { KeyValues, Row } from './target-rows.repository.js';

/** One apply or rollback batch as logged (the `backfill_logs/batch_*.json` artifact). */
export interface BatchLog {
  action: 'apply' | 'rollback';
  batchNo: number;
  firstKey: KeyValues | null;
  lastKey: KeyValues | null;
  rowsSelected: number;
  rowsChanged: number;
  conflicts: number;
  outcome: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
}

export interface RowImage {
  id: number;
  batchNo: number;
  key: KeyValues;
  before: Row;
  after: Row;
  rollback: string | null;
}

export async function insertBatch(trx: Trx, runId: number, batch: BatchLog): Promise<void> {
  await trx
    .insertInto('data_backfill_batches')
    .values({
      run_id: runId,
      action: batch.action,
      batch_no: batch.batchNo,
      first_key: batch.firstKey === null ? null : toDbJson(batch.firstKey),
      last_key: batch.lastKey === null ? null : toDbJson(batch.lastKey),
      rows_selected: batch.rowsSelected,
      rows_changed: batch.rowsChanged,
      conflicts: batch.conflicts,
      outcome: batch.outcome,
      started_at: toDbTime(batch.startedAt),
      finished_at: toDbTime(batch.finishedAt),
      duration_ms: batch.durationMs,
    })
    .execute();
}

/** When the run's batches started since `since`, its apply's and its rollback's alike: the throttle caps them together on the table. */
export async function batchStartsSince(db: Kysely<Database>, runId: number, since: Date): Promise<Date[]> {
  const rows = await db.selectFrom('data_backfill_batches').select('started_at').where('run_id', '=', runId).where('started_at', '>', toDbTime(since)).execute();
  return rows.map((row) => fromDbTime(row.started_at));
}

export async function listBatches(db: Kysely<Database>, runId: number, action: BatchLog['action']): Promise<BatchLog[]> {
  const rows = await db.selectFrom('data_backfill_batches').selectAll().where('run_id', '=', runId).where('action', '=', action).orderBy('batch_no').execute();
  return rows.map((row) => ({
    action: row.action,
    batchNo: Number(row.batch_no),
    firstKey: row.first_key === null ? null : fromDbJson<KeyValues>(row.first_key),
    lastKey: row.last_key === null ? null : fromDbJson<KeyValues>(row.last_key),
    rowsSelected: Number(row.rows_selected),
    rowsChanged: Number(row.rows_changed),
    conflicts: Number(row.conflicts),
    outcome: row.outcome,
    startedAt: fromDbTime(row.started_at),
    finishedAt: fromDbTime(row.finished_at),
    durationMs: Number(row.duration_ms),
  }));
}

/** The batches' totals: how many, rows changed, rows selected but left (they no longer needed it). */
export async function batchTotals(db: Kysely<Database>, runId: number, action: BatchLog['action']): Promise<{ batches: number; rowsChanged: number; rowsSelected: number; conflicts: number }> {
  const row = await db
    .selectFrom('data_backfill_batches')
    .select((eb) => [eb.fn.countAll<number>().as('batches'), eb.fn.sum<number>('rows_changed').as('changed'), eb.fn.sum<number>('rows_selected').as('selected'), eb.fn.sum<number>('conflicts').as('conflicts')])
    .where('run_id', '=', runId)
    .where('action', '=', action)
    .executeTakeFirst();
  return { batches: Number(row?.batches ?? 0), rowsChanged: Number(row?.changed ?? 0), rowsSelected: Number(row?.selected ?? 0), conflicts: Number(row?.conflicts ?? 0) };
}

/** The changed rows' before- and after-images, in the batch's own transaction. */
export async function insertRowImages(trx: Trx, runId: number, batchNo: number, rows: readonly { key: KeyValues; before: Row; after: Row }[]): Promise<void> {
  const values = rows.map((row) => ({ run_id: runId, batch_no: batchNo, row_key: toDbJson(row.key), before_image: toDbJson(row.before), after_image: toDbJson(row.after), rollback: null }));
  for (let start = 0; start < values.length; start += 500) await trx.insertInto('data_backfill_rows').values(values.slice(start, start + 500)).execute();
}

/** Row images a rollback has not handled yet, after row `afterId`. */
export async function rowsToRollBack(db: Kysely<Database>, runId: number, afterId: number, limit: number): Promise<RowImage[]> {
  const rows = await db.selectFrom('data_backfill_rows').selectAll().where('run_id', '=', runId).where('id', '>', afterId).where('rollback', 'is', null).orderBy('id').limit(limit).execute();
  return rows.map(toRowImage);
}

export async function rowImages(db: Kysely<Database>, runId: number, afterId: number, limit: number): Promise<RowImage[]> {
  const rows = await db.selectFrom('data_backfill_rows').selectAll().where('run_id', '=', runId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map(toRowImage);
}

export async function markRowRollback(trx: Trx, id: number, outcome: 'restored' | 'unchanged' | 'conflict'): Promise<void> {
  await trx.updateTable('data_backfill_rows').set({ rollback: outcome }).where('id', '=', id).execute();
}

export async function rollbackTotals(db: Kysely<Database>, runId: number): Promise<{ restored: number; unchanged: number; conflicts: KeyValues[] }> {
  const counts = await db.selectFrom('data_backfill_rows').select(['rollback', (eb) => eb.fn.countAll<number>().as('n')]).where('run_id', '=', runId).groupBy('rollback').execute();
  const of = (outcome: string) => Number(counts.find((c) => c.rollback === outcome)?.n ?? 0);
  const conflicts = await db.selectFrom('data_backfill_rows').select('row_key').where('run_id', '=', runId).where('rollback', '=', 'conflict').orderBy('id').limit(1_000).execute();
  return { restored: of('restored'), unchanged: of('unchanged'), conflicts: conflicts.map((row) => fromDbJson<KeyValues>(row.row_key) ?? []) };
}

function toRowImage(row: { id: number; batch_no: number; row_key: string; before_image: string; after_image: string; rollback: string | null }): RowImage {
  return {
    id: Number(row.id),
    batchNo: Number(row.batch_no),
    key: fromDbJson<KeyValues>(row.row_key) ?? [],
    before: fromDbJson<Row>(row.before_image) ?? {},
    after: fromDbJson<Row>(row.after_image) ?? {},
    rollback: row.rollback,
  };
}
