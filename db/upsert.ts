import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { sqlFlavorOf } from './sql-flavor.js';

type Column<T extends keyof Database> = keyof Database[T] & string;

export interface UpsertOptions<T extends keyof Database> {
  /** The unique key the rows collide on (SQLite's ON CONFLICT target; MySQL finds it itself). */
  key: readonly Column<T>[];
  /** Columns a collision overwrites with the incoming row's values; the others keep theirs. */
  update: readonly Column<T>[];
  /** Rows per statement. Default 500 (well below both engines' parameter limits). */
  chunk?: number;
}

/**
 * The one MySQL/SQLite upsert fork: `INSERT … ON DUPLICATE KEY UPDATE c = VALUES(c)` on MySQL,
 * `INSERT … ON CONFLICT (key) DO UPDATE SET c = excluded.c` on SQLite. Idempotent: writing the
 * same rows again changes nothing but the updated columns. Returns the rows written.
 */
export async function upsertRows<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  options: UpsertOptions<T>,
): Promise<number> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const size = options.chunk ?? 500;
  const fromMysql: any = Object.fromEntries(options.update.map((c) => [c, sql`values(${sql.ref(c)})`]));
  const fromSqlite: any = Object.fromEntries(options.update.map((c) => [c, sql.ref(`excluded.${c}`)]));
  for (let start = 0; start < rows.length; start += size) {
    // Kysely cannot type a table chosen by a parameter; the row type above keeps callers honest.
    const insert = (db as Kysely<any>).insertInto(table).values(rows.slice(start, start + size) as any[]);
    await (mysql ? insert.onDuplicateKeyUpdate(fromMysql) : insert.onConflict((oc) => oc.columns([...options.key]).doUpdateSet(fromSqlite))).execute();
  }
  return rows.length;
}
