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
  /**
   * A version column (e.g. `platform_updated_at`): a collision overwrites the row only when the
   * incoming value is at least the stored one, so an older snapshot committed after a newer
   * one changes nothing; an equal one overwrites. It must be among `update`.
   */
  unlessOlder?: Column<T>;
}

/**
 * The one MySQL/SQLite upsert fork: `INSERT … ON DUPLICATE KEY UPDATE c = VALUES(c)` on MySQL,
 * `INSERT … ON CONFLICT (key) DO UPDATE SET c = excluded.c` on SQLite. Idempotent: writing the
 * same rows again changes nothing but the updated columns. Returns the rows written.
 *
 * With `unlessOlder: v`, SQLite adds `… DO UPDATE … WHERE excluded.v >= table.v`; MySQL has no
 * WHERE there, so each column becomes `c = IF(VALUES(v) >= v, VALUES(c), c)` with `v` assigned
 * last: MySQL evaluates the assignments left to right, each seeing the ones before it
 * (https://dev.mysql.com/doc/refman/8.4/en/update.html, "single-table UPDATE assignments are
 * generally evaluated from left to right"), so every guard must still read the stored `v`.
 */
export async function upsertRows<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  options: UpsertOptions<T>,
): Promise<number> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const size = options.chunk ?? 500;
  const version = options.unlessOlder;
  if (version !== undefined && !options.update.includes(version)) throw new Error(`upsertRows: unlessOlder ${version} must be among the updated columns`);
  const update = version === undefined ? options.update : [...options.update.filter((c) => c !== version), version];
  const fromMysql: any = Object.fromEntries(
    update.map((c) => [c, version === undefined ? sql`values(${sql.ref(c)})` : sql`if(values(${sql.ref(version)}) >= ${sql.ref(version)}, values(${sql.ref(c)}), ${sql.ref(c)})`]),
  );
  const fromSqlite: any = Object.fromEntries(update.map((c) => [c, sql.ref(`excluded.${c}`)]));
  for (let start = 0; start < rows.length; start += size) {
    // Kysely cannot type a table chosen by a parameter; the row type above keeps callers honest.
    const insert = (db as Kysely<any>).insertInto(table).values(rows.slice(start, start + size) as any[]);
    const query = mysql
      ? insert.onDuplicateKeyUpdate(fromMysql)
      : insert.onConflict((oc) => {
          const set = oc.columns([...options.key]).doUpdateSet(fromSqlite);
          return version === undefined ? set : set.where(sql.ref(`excluded.${version}`), '>=', sql.ref(`${table}.${version}`));
        });
    await query.execute();
  }
  return rows.length;
}
