import type { Pool } from 'mysql2';
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
  /**
   * mysql2 only: a pooled connection idle this long is closed (default 60 s, mysql2's). A
   * suspended function instance cannot close it, and the server drops it sooner or later.
   */
  idleTimeoutMs?: number;
  /** mysql2 only: called with the pool once it exists (e.g. to attach it to the platform). */
  onPool?: (pool: Pool) => void;
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
      const [{ mkdirSync }, { dirname }] = await Promise.all([import('node:fs'), import('node:path')]);
      if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
      const { NodeSqliteDialect } = await import('./node-sqlite-dialect.js');
      return new NodeSqliteDialect(target.path);
    }
    case 'mysql': {
      const { createPool } = await import('mysql2');
      const pool = createPool(mysqlPoolOptions(target.url, options));
      options.onPool?.(pool);
      return new MysqlDialect({
        pool,
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
  const connectionLimit = options.connectionLimit ?? 10;
  return {
    uri: url,
    connectionLimit,
    // mysql2 runs its idle timer only while maxIdle < connectionLimit (lib/base/pool.js);
    // one below the limit turns it on while leaving idleTimeout to decide what closes.
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeout: options.idleTimeoutMs, maxIdle: Math.max(0, connectionLimit - 1) }),
    dateStrings: true,
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: true,
    // JSON columns come back as their text, parsed by fromDbJson as on SQLite: mysql2's own
    // parse (with supportBigNumbers) turned a number past 2^53 in a job's config into a string.
    jsonStrings: true,
    // affectedRows must count changed rows, not matched ones: enqueue's
    // ON DUPLICATE KEY UPDATE no-op then reports exactly the rows that were new.
    flags: ['-FOUND_ROWS'],
    connectTimeout: 5_000,
  };
}
