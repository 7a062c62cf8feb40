import type { Kysely } from 'kysely';

/**
 * The tables and columns a plan may name, read from the database itself (Kysely's
 * introspection, the same on MySQL and SQLite), so a plan is checked against the schema it will
 * run on. Left out: the migration bookkeeping, OAuth states, the pipeline's own tables; a plan
 * may read connections but never write their tokens.
 */
export interface SchemaCatalogue {
  /** Tables a soak check may read, with their columns. */
  readable: ReadonlyMap<string, ReadonlySet<string>>;
  /** Columns an `sql-update` may set, per table it may change. */
  writable: ReadonlyMap<string, ReadonlySet<string>>;
}

const HIDDEN = [/^kysely_/, /^oauth_states$/, /^data_backfill_/];
const NEVER_WRITTEN: Readonly<Record<string, readonly string[]>> = {
  connections: ['access_token_enc', 'refresh_token_enc', 'grant_fingerprint', 'id'],
  job_tasks: ['*'],
  backfill_jobs: ['*'],
  budget_usage: ['*'],
  budget_pace: ['*'],
  rate_limits: ['*'],
};

export async function readSchemaCatalogue(db: Kysely<any>): Promise<SchemaCatalogue> {
  const tables = await db.introspection.getTables();
  const readable = new Map<string, Set<string>>();
  const writable = new Map<string, Set<string>>();
  for (const table of tables) {
    if (table.isView || HIDDEN.some((pattern) => pattern.test(table.name))) continue;
    const columns = new Set(table.columns.map((column) => column.name));
    readable.set(table.name, columns);
    const never = NEVER_WRITTEN[table.name] ?? [];
    if (never.includes('*')) continue;
    writable.set(table.name, new Set([...columns].filter((column) => !never.includes(column))));
  }
  return { readable, writable };
}
