import { createThrowawayDatabase, type ThrowawayDatabase } from '../../dev/throwaway-database.js';
import { testEnv } from './test-env.js';

export type TestEngine = 'sqlite' | 'mysql';
export type TestDatabase = ThrowawayDatabase;

/**
 * A fresh, migrated database of this test file's own (dropped by `drop()`). An unreachable
 * MariaDB fails the suite with a message saying how to run without it; it is never skipped
 * silently (CI must run these suites).
 */
export async function createTestDatabase(engine: TestEngine, options: { connectionLimit?: number; migrateUpTo?: string } = {}): Promise<TestDatabase> {
  try {
    return await createThrowawayDatabase(engine, { ...options, mysqlAdminUrl: testEnv.mysqlAdminUrl, prefix: 'sluice_test' });
  } catch (error) {
    if (engine !== 'mysql') throw error;
    throw new Error(
      `MariaDB/MySQL at ${testEnv.mysqlAdminUrl} is unreachable (${(error as Error).message}). Start it, set TEST_MYSQL_URL, or run only SQLite with TEST_ENGINES=sqlite.`,
      { cause: error },
    );
  }
}
