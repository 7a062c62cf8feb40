import { sql, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../../db/sql-flavor.js';

/**
 * The tables and columns a plan may name, read from the database itself (Kysely's
 * introspection, the same on MySQL and SQLite, and each engine's index lists), so a plan is
 * checked against the schema it will run on. Left out: the migration bookkeeping, OAuth states,
 * the pipeline's own tables, and every secret column (sealed tokens, grant fingerprints), which
 * a plan may neither read nor write; the queue's and the budgets' tables are read-only.
 */
export interface SchemaCatalogue {
  /** Tables a plan may read, with the columns it may name. */
  readable: ReadonlyMap<string, ReadonlySet<string>>;
  /** Columns an `sql-update` may set, per table it may change. */
  writable: ReadonlyMap<string, ReadonlySet<string>>;
  /** Each table's keys that name one row: its primary key and its unique indexes over NOT NULL columns. */
  uniqueKeys: ReadonlyMap<string, readonly (readonly string[])[]>;
}

const HIDDEN = [/^kysely_/, /^oauth_states$/, /^data_backfill_/];
const SECRET_COLUMN = /(_enc|_fingerprint)$/;
const NEVER_WRITTEN: Readonly<Record<string, readonly string[]>> = {
  // A connection's identity (whose account it is, for which tenant) is never a plan's to change.
  connections: ['id', 'tenant_id', 'platform', 'external_account_id'],
  job_tasks: ['*'],
  backfill_jobs: ['*'],
  budget_usage: ['*'],
  budget_pace: ['*'],
  rate_limits: ['*'],
};

export async function readSchemaCatalogue(db: Kysely<any>): Promise<SchemaCatalogue> {
  const tables = (await db.introspection.getTables()).filter((table) => !table.isView && !HIDDEN.some((pattern) => pattern.test(table.name)));
  const readable = new Map<string, Set<string>>();
  const writable = new Map<string, Set<string>>();
  const uniqueKeys = new Map<string, string[][]>();
  const indexes = await uniqueIndexes(db, tables.map((table) => table.name));
  for (const table of tables) {
    const columns = new Set(table.columns.map((column) => column.name).filter((name) => !SECRET_COLUMN.test(name)));
    readable.set(table.name, columns);
    const notNull = new Set(table.columns.filter((column) => !column.isNullable).map((column) => column.name));
    uniqueKeys.set(table.name, (indexes.get(table.name) ?? []).filter((index) => index.primary || index.columns.every((column) => notNull.has(column))).map((index) => index.columns));
    const never = NEVER_WRITTEN[table.name] ?? [];
    if (never.includes('*')) continue;
    writable.set(table.name, new Set([...columns].filter((column) => !never.includes(column))));
  }
  return { readable, writable, uniqueKeys };
}

/** Each table's primary key and unique indexes, their columns in index order. */
async function uniqueIndexes(db: Kysely<any>, tables: readonly string[]): Promise<Map<string, { primary: boolean; columns: string[] }[]>> {
  const found = new Map<string, { primary: boolean; columns: string[] }[]>();
  const add = (table: string, index: { primary: boolean; columns: string[] }) => found.set(table, [...(found.get(table) ?? []), index]);
  if (sqlFlavorOf(db) === 'mysql') {
    const rows = await sql<{ table_name: string; index_name: string; column_name: string }>`select table_name, index_name, column_name from information_schema.statistics where table_schema = database() and non_unique = 0 order by table_name, index_name, seq_in_index`.execute(db);
    const byIndex = new Map<string, { table: string; name: string; columns: string[] }>();
    for (const row of rows.rows) {
      const id = `${row.table_name}\u0000${row.index_name}`;
      const index = byIndex.get(id) ?? { table: row.table_name, name: row.index_name, columns: [] };
      index.columns.push(row.column_name);
      byIndex.set(id, index);
    }
    for (const index of byIndex.values()) add(index.table, { primary: index.name === 'PRIMARY', columns: index.columns });
    return found;
  }
  for (const table of tables) {
    const info = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table})`.execute(db);
    const pk = info.rows.filter((row) => Number(row.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk)).map((row) => row.name);
    if (pk.length > 0) add(table, { primary: true, columns: pk });
    const list = await sql<{ name: string; unique: number; origin: string }>`select name, "unique", origin from pragma_index_list(${table})`.execute(db);
    for (const index of list.rows.filter((row) => Number(row.unique) === 1 && row.origin !== 'pk')) {
      const columns = await sql<{ name: string }>`select name from pragma_index_info(${index.name}) order by seqno`.execute(db);
      add(table, { primary: false, columns: columns.rows.map((row) => row.name) });
    }
  }
  return found;
}
