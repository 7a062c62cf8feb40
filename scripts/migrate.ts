/**
 * `npm run db:migrate`: applies pending migrations to `DATABASE_URL` (DESIGN.md: migrations
 * run from a script, never from a request handler) and says which ran. Exit 1 with the
 * reason on a bad setting, an unreachable database or a failed migration.
 */
import { createDatabase } from '../db/create-database.js';
import { redactDatabaseUrl } from '../db/database-url.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadConfig } from '../lib/config/env.js';
import { ConfigError } from '../lib/errors.js';

async function main(): Promise<void> {
  const { databaseUrl } = loadConfig();
  const database = await createDatabase(databaseUrl, { connectionLimit: 1 });
  try {
    const applied = await migrateToLatest(database.db);
    const target = `${redactDatabaseUrl(databaseUrl)} (${database.engine})`;
    if (applied.length === 0) console.log(`${target}: already up to date`);
    else console.log(`${target}: applied ${applied.length} migration(s)\n${applied.map((name) => `  ${name}`).join('\n')}`);
  } finally {
    await database.destroy();
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`db:migrate: ${error.message}`);
  } else {
    const cause = (error as Error).cause;
    console.error(`db:migrate: ${(error as Error).message}${cause instanceof Error ? `: ${cause.message}` : ''}`);
  }
  process.exitCode = 1;
}
