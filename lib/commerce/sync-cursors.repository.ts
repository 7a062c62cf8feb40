import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { sqlFlavorOf } from '../../db/sql-flavor.js';
import type { CommerceEntity } from '../../db/tables/commerce.table.js';
import type { Trx } from '../../db/transaction.js';
import { toDbTime } from '../../db/values.js';

export type { CommerceEntity };

/**
 * Where an entity's incremental sync starts (DESIGN.md `sync_cursors`): the newest
 * `platform_updated_at` committed (payments: `entry_created_at`; Printify orders: `placed_at`),
 * or null before the first commit.
 */
export async function getSyncCursor(db: Kysely<Database>, connectionId: number, entity: CommerceEntity): Promise<Date | null> {
  const row = await db.selectFrom('sync_cursors').select('cursor_value').where('connection_id', '=', connectionId).where('entity', '=', entity).executeTakeFirst();
  return row === undefined ? null : new Date(row.cursor_value);
}

/**
 * Never moves a cursor backwards (keeps the max): a late or replayed step that committed older
 * rows must not make the next sync re-read, or worse skip, what a newer step already covered.
 * Written with the step's rows, in its transaction. The text `YYYY-MM-DDTHH:MM:SS.mmmZ` sorts
 * as time does, so the condition compares it as text on every engine.
 */
export async function advanceSyncCursor(trx: Trx, connectionId: number, entity: CommerceEntity, value: Date, now: Date): Promise<void> {
  const cursor = value.toISOString();
  await trx
    .insertInto('sync_cursors')
    .values({ connection_id: connectionId, entity, cursor_value: cursor, updated_at: toDbTime(now) })
    // The row may exist: the conditional update below decides. (MySQL: a no-op assignment.)
    .$call((insert) => (sqlFlavorOf(trx) === 'mysql' ? insert.onDuplicateKeyUpdate({ entity }) : insert.onConflict((oc) => oc.columns(['connection_id', 'entity']).doNothing())))
    .execute();
  await trx
    .updateTable('sync_cursors')
    .set({ cursor_value: cursor, updated_at: toDbTime(now) })
    .where('connection_id', '=', connectionId)
    .where('entity', '=', entity)
    .where('cursor_value', '<', cursor)
    .execute();
}

/** An entity's cursor row: its cursor and the marks of its last completed reads (migration 0012). */
export interface SyncState {
  cursor: Date;
  /** The upper bound of the last completed read; null before one. */
  scannedUntil: Date | null;
  /** When the last complete (full) read started; null before one. */
  fullReadAt: Date | null;
}

/** The entity's cursor row, or null before its first commit (no backfill ended). */
export async function getSyncState(db: Kysely<Database>, connectionId: number, entity: CommerceEntity): Promise<SyncState | null> {
  const row = await db
    .selectFrom('sync_cursors')
    .select(['cursor_value', 'scanned_until', 'full_read_at'])
    .where('connection_id', '=', connectionId)
    .where('entity', '=', entity)
    .executeTakeFirst();
  if (row === undefined) return null;
  const dateOrNull = (value: string | null) => (value === null ? null : new Date(value));
  return { cursor: new Date(row.cursor_value), scannedUntil: dateOrNull(row.scanned_until), fullReadAt: dateOrNull(row.full_read_at) };
}

/** What a read's final step records besides the cursor. */
export interface CompletedRead {
  /** The read's upper bound: everything up to it was scanned. */
  scannedUntil: Date;
  /** Set when the read was complete (nothing skipped by a lookback): when it started. */
  fullReadAt: Date | null;
}

/**
 * Marks a completed read of the entity, in its final step's transaction (after the cursor was
 * advanced). Only on a row that exists: a row is what makes the entity's sync due, and means
 * its backfill ended (entitiesWithCursors). Neither mark moves backwards: a late, replayed
 * final step must not make the next sync re-read, nor a full read come sooner than due.
 */
export async function markCompletedRead(trx: Trx, connectionId: number, entity: CommerceEntity, read: CompletedRead, now: Date): Promise<void> {
  const marks = [['scanned_until', read.scannedUntil] as const, ['full_read_at', read.fullReadAt] as const];
  for (const [column, value] of marks) {
    if (value === null) continue;
    const iso = value.toISOString();
    await trx
      .updateTable('sync_cursors')
      .set({ [column]: iso, updated_at: toDbTime(now) })
      .where('connection_id', '=', connectionId)
      .where('entity', '=', entity)
      .where((eb) => eb.or([eb(column, 'is', null), eb(column, '<', iso)]))
      .execute();
  }
}

/** The entities of a connection that hold a cursor: their backfill ended, so their incremental sync is due by slot. */
export async function entitiesWithCursors(db: Kysely<Database>, connectionId: number): Promise<CommerceEntity[]> {
  const rows = await db.selectFrom('sync_cursors').select('entity').where('connection_id', '=', connectionId).orderBy('entity').execute();
  return rows.map((row) => row.entity);
}
