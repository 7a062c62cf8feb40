import { sql, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';
import { hasColumn } from './schema-probes.js';

/**
 * Two marks on `sync_cursors`, next to `cursor_value` (whose DESIGN.md meaning is unchanged),
 * both nullable text `YYYY-MM-DDTHH:MM:SS.mmmZ` like it, so they compare as text on every engine:
 * - `scanned_until`: how far the last completed read of the entity scanned (its upper bound).
 *   Etsy payments start at max(cursor, scanned_until) − overlap: a shop without new ledger
 *   entries no longer re-reads every 31-day window from its newest entry to now on each sync.
 * - `full_read_at`: when the last complete read of the entity started (Printify orders: the
 *   task re-reads everything when it is null or older than PRINTIFY_FULL_RESYNC_DAYS).
 * Existing rows keep NULL: the next read sets them. Each step skips itself when done.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const type = sqlFlavorOf(db) === 'mysql' ? sql`varchar(32)` : sql`text`;
  for (const column of ['scanned_until', 'full_read_at']) {
    if (!(await hasColumn(db, 'sync_cursors', column))) await db.schema.alterTable('sync_cursors').addColumn(column, type).execute();
  }
}
