import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool } from 'mysql2/promise';
import { createDatabase, type SluiceDatabase } from '../db/create-database.js';
import { migrateToLatest } from '../db/migrate.js';

export interface ThrowawayDatabase extends SluiceDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own, for tests and benchmarks: a temp SQLite file, or a
 * uniquely named database on the MySQL server at `mysqlAdminUrl`, so runs never collide.
 */
export async function createThrowawayDatabase(
  engine: 'sqlite' | 'mysql',
  options: { mysqlAdminUrl?: string; connectionLimit?: number; prefix?: string; migrateUpTo?: string } = {},
): Promise<ThrowawayDatabase> {
  const prefix = options.prefix ?? 'sluice_tmp';
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    const url = `file:${join(dir, 'sluice.db')}`;
    const database = await createDatabase(url);
    await migrateToLatest(database.db, options.migrateUpTo);
    return { ...database, url, drop: async () => { await database.destroy(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const adminUrl = options.mysqlAdminUrl ?? 'mysql://root@127.0.0.1:3306/';
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = createPool({ uri: adminUrl, connectionLimit: 1, connectTimeout: 3_000 });
  await admin.query(`create database \`${name}\``);
  const url = new URL(name, adminUrl.endsWith('/') ? adminUrl : `${adminUrl}/`).toString();
  try {
    const database = await createDatabase(url, { connectionLimit: options.connectionLimit });
    await migrateToLatest(database.db, options.migrateUpTo);
    return {
      ...database,
      url,
      drop: async () => {
        await database.destroy();
        await admin.query(`drop database if exists \`${name}\``);
        await admin.end();
      },
    };
  } catch (error) {
    await admin.query(`drop database if exists \`${name}\``);
    await admin.end();
    throw error;
  }
}
