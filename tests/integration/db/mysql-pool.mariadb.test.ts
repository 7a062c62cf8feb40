import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Pool } from 'mysql2';
import { sql } from 'kysely';
import { createDatabase, mysqlPoolOptions } from '../../../db/create-database.js';
import { loadConfig } from '../../../lib/config/env.js';
import { createRuntime, POOL_IDLE_TIMEOUT_MS } from '../../../lib/runtime.js';
import { testEnv } from '../../support/test-env.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// The MySQL pool of a Fluid-compute instance: idle connections close by themselves after a
// short timeout (a suspended instance cannot close them), and the runtime hands the pool to
// @vercel/functions' attachDatabasePool, which keeps the invocation alive (waitUntil) each
// time a connection is released.
const describeMysql = testEnv.engines.includes('mysql') ? describe : describe.skip;

describe('mysqlPoolOptions', () => {
  it('turns mysql2’s idle timer on only when an idle timeout is asked for', () => {
    expect(mysqlPoolOptions('mysql://h/db', { connectionLimit: 6, idleTimeoutMs: 5_000 })).toMatchObject({ connectionLimit: 6, idleTimeout: 5_000, maxIdle: 5 });
    expect(mysqlPoolOptions('mysql://h/db', { connectionLimit: 6 })).not.toHaveProperty('idleTimeout');
  });
});

describeMysql('the MySQL pool on a Fluid-compute instance [mysql]', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('mysql');
  });
  afterAll(() => database?.drop());

  /** The live ones of `ids`, looked at until none is left or `ms` passed. */
  const closedWithin = async (ids: number[], ms: number) => {
    const until = Date.now() + ms;
    let live = await liveConnections(ids);
    while (live > 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      live = await liveConnections(ids);
    }
    return live;
  };
  const liveConnections = async (ids: number[]) =>
    (await sql<{ id: number }>`select id from information_schema.processlist where id in (${sql.join(ids)})`.execute(database.db)).rows.length;

  it('closes connections idle longer than idleTimeoutMs', async () => {
    let pool: Pool | undefined;
    const opened = await createDatabase(database.url, { connectionLimit: 3, idleTimeoutMs: 1_000, onPool: (p) => (pool = p) });
    try {
      expect(pool).toBeDefined();
      const ids = await Promise.all(
        [1, 2, 3].map(async () => Number((await sql<{ id: number }>`select connection_id() as id, sleep(0.2)`.execute(opened.db)).rows[0]!.id)),
      );
      expect(new Set(ids).size).toBe(3);
      expect(await liveConnections(ids)).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await liveConnections(ids)).toBe(0);
    } finally {
      await opened.destroy();
    }
  });

  it('is attached by the runtime: releasing a connection on Vercel holds the invocation (waitUntil) for the pool’s idle timeout, not 60 s', async () => {
    const holder = globalThis as Record<symbol, unknown>;
    const symbol = Symbol.for('@vercel/request-context');
    const waited: Promise<unknown>[] = [];
    const saved = { url: process.env.VERCEL_URL, region: process.env.VERCEL_REGION };
    holder[symbol] = { get: () => ({ deadline: new Date(Date.now() + 50_000).toISOString(), waitUntil: (promise: Promise<unknown>) => waited.push(promise) }) };
    process.env.VERCEL_URL = 'sluice-test.vercel.app';
    process.env.VERCEL_REGION = 'iad1';
    const runtime = await createRuntime(loadConfig({ DATABASE_URL: database.url }));
    try {
      waited.length = 0;
      const { rows } = await sql<{ id: number }>`select connection_id() as id`.execute(runtime.database.db);
      expect(waited.length).toBeGreaterThanOrEqual(1);
      const released = Date.now();
      await Promise.all(waited);
      const held = Date.now() - released;
      expect(held).toBeGreaterThanOrEqual(POOL_IDLE_TIMEOUT_MS - 500);
      expect(held).toBeLessThan(POOL_IDLE_TIMEOUT_MS + 2_500);
      // What the hold is for: the instance is not suspended with the connection still open. The
      // server ends the session when it reads the client's QUIT, a moment after the pool sent it.
      expect(await closedWithin([Number(rows[0]!.id)], 1_000)).toBe(0);
    } finally {
      await runtime.database.destroy();
      delete holder[symbol];
      for (const [name, value] of [['VERCEL_URL', saved.url], ['VERCEL_REGION', saved.region]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
