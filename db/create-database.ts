import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CompiledQuery, Kysely, MysqlDialect, sql, type Dialect } from 'kysely';
import { ConfigError } from './config-error.js';
import type { Database } from './database.js';
import { parseDatabaseUrl, redactDatabaseUrl, type DatabaseTarget } from './database-url.js';

export type Engine = DatabaseTarget['engine'];

export interface SluiceDatabase {
  db: Kysely<Database>;
  engine: Engine;
  destroy(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** mysql2 pool size; serverless functions want few connections each. */
  connectionLimit?: number;
  /** PlanetScale only: the fetch its HTTP driver uses (Node's global fetch by default). */
  fetch?: typeof fetch;
}

/** Builds the Kysely instance for `DATABASE_URL` and proves it answers, failing fast with a named cause. */
export async function createDatabase(databaseUrl: string, options: CreateDatabaseOptions = {}): Promise<SluiceDatabase> {
  const target = parseDatabaseUrl(databaseUrl);
  let db: Kysely<Database> | undefined;
  try {
    db = new Kysely<Database>({ dialect: await dialectFor(target, options) });
    await sql`select 1`.execute(db);
  } catch (cause) {
    await db?.destroy().catch(() => {});
    throw new ConfigError(`cannot open the database at ${redactDatabaseUrl(databaseUrl)}: ${(cause as Error).message}`, {
      cause,
    });
  }
  const ready = db;
  return { db: ready, engine: target.engine, destroy: () => ready.destroy() };
}

/** Drivers load on demand: a function needs one of them, and each costs cold-start time. */
async function dialectFor(target: DatabaseTarget, options: CreateDatabaseOptions): Promise<Dialect> {
  switch (target.engine) {
    case 'sqlite': {
      if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
      const { NodeSqliteDialect } = await import('./node-sqlite-dialect.js');
      return new NodeSqliteDialect(target.path);
    }
    case 'mysql': {
      const { createPool } = await import('mysql2');
      return new MysqlDialect({
        pool: createPool(mysqlPoolOptions(target.url, options)),
        // READ COMMITTED takes no gap locks: claims (FOR UPDATE SKIP LOCKED) and finishes
        // then lock only the rows they touch, instead of deadlocking over index ranges
        // under InnoDB's default REPEATABLE READ.
        onCreateConnection: async (connection) => {
          await connection.executeQuery(CompiledQuery.raw('set session transaction isolation level read committed'));
        },
      });
    }
    case 'planetscale': {
      const { PlanetScaleDialect } = await import('kysely-planetscale');
      return new PlanetScaleDialect({ url: target.url, ...(options.fetch ? { fetch: options.fetch } : {}) });
    }
  }
}

/** mysql2 settings that implement the value boundary in `values.ts`. */
export function mysqlPoolOptions(url: string, options: CreateDatabaseOptions) {
  return {
    uri: url,
    connectionLimit: options.connectionLimit ?? 10,
    dateStrings: true,
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: true,
    // affectedRows must count changed rows, not matched ones: enqueue's
    // ON DUPLICATE KEY UPDATE no-op then reports exactly the rows that were new.
    flags: ['-FOUND_ROWS'],
    connectTimeout: 5_000,
  };
}
