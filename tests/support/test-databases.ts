import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool } from 'mysql2/promise';
import { createDatabase, type SluiceDatabase } from '../../db/create-database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { testEnv } from './test-env.js';

export type TestEngine = 'sqlite' | 'mysql';

export interface TestDatabase extends SluiceDatabase {
  url: string;
  drop(): Promise<void>;
}

let mysqlReachable: Promise<boolean> | undefined;

async function probeMysql(): Promise<boolean> {
  const pool = createPool({ uri: testEnv.mysqlAdminUrl, connectionLimit: 1, connectTimeout: 3_000 });
  try {
    await pool.query('select 1');
    return true;
  } catch (error) {
    if (testEnv.requireMysql) throw new Error(`MariaDB/MySQL at ${testEnv.mysqlAdminUrl} is required (CI=true) but unreachable`, { cause: error });
    console.warn(`MariaDB/MySQL at ${testEnv.mysqlAdminUrl} unreachable: its suites are skipped (${(error as Error).message})`);
    return false;
  } finally {
    await pool.end();
  }
}

/** The engines this run covers: SQLite always, MySQL when reachable (required under CI). */
export async function availableEngines(): Promise<TestEngine[]> {
  const engines: TestEngine[] = [];
  if (testEnv.engines.includes('sqlite')) engines.push('sqlite');
  if (testEnv.engines.includes('mysql')) {
    mysqlReachable ??= probeMysql();
    if (await mysqlReachable) engines.push('mysql');
  }
  return engines;
}

/** A fresh, migrated database of its own: a temp SQLite file, or a uniquely named MySQL database. */
export async function createTestDatabase(engine: TestEngine, options: { connectionLimit?: number } = {}): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-test-'));
    const url = `file:${join(dir, 'test.db')}`;
    const database = await createDatabase(url);
    await migrateToLatest(database.db);
    return { ...database, url, drop: async () => { await database.destroy(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `sluice_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = createPool({ uri: testEnv.mysqlAdminUrl, connectionLimit: 1 });
  await admin.query(`create database \`${name}\``);
  const url = new URL(name, testEnv.mysqlAdminUrl.endsWith('/') ? testEnv.mysqlAdminUrl : `${testEnv.mysqlAdminUrl}/`).toString();
  const database = await createDatabase(url, options);
  await migrateToLatest(database.db);
  return {
    ...database,
    url,
    drop: async () => {
      await database.destroy();
      await admin.query(`drop database if exists \`${name}\``);
      await admin.end();
    },
  };
}
