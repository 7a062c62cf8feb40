import { sql, type Kysely } from 'kysely';

/*
 * Looks a migration takes before a step, so each step skips itself when done and a run that
 * stopped half-way (MySQL commits each DDL statement) can simply run again.
 */

/** MySQL 8 has no CREATE INDEX IF NOT EXISTS (MariaDB and SQLite do): look first. */
export async function hasIndex(db: Kysely<any>, mysql: boolean, table: string, index: string): Promise<boolean> {
  const found = mysql
    ? await sql`select 1 from information_schema.statistics where table_schema = database() and table_name = ${table} and index_name = ${index} limit 1`.execute(db)
    : await sql`select 1 from sqlite_master where type = 'index' and tbl_name = ${table} and name = ${index}`.execute(db);
  return found.rows.length > 0;
}

/** Probed with a query: SQLite's table_info, which introspection reads, omits generated columns. */
export async function hasColumn(db: Kysely<any>, table: string, column: string): Promise<boolean> {
  return sql`select ${sql.ref(column)} from ${sql.table(table)} where 1 = 0`.execute(db).then(
    () => true,
    () => false,
  );
}
