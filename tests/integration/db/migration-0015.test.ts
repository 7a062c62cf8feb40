import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../../db/migrate.js';
import * as dataBackfills from '../../../db/migrations/0015-data-backfills.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const T = '2026-11-29 10:00:00.000';

// Migration 0015 over a 0014 database: the guarded data backfills' tables with their unique
// keys (one log per batch of a run and action); a second run changes nothing.
describeEachEngine('migration 0015 (data backfills)', (engine) => {
  let database: TestDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrateUpTo: '0014-playlist-sync' });
    db = database.db as Kysely<any>;
    expect((await migrateToLatest(database.db))[0]).toBe('0015-data-backfills');
  });
  afterAll(() => database?.drop());

  it('logs each batch of a run and action once, and keeps a long outcome', async () => {
    const batch = { run_id: 1, action: 'apply', batch_no: 1, rows_selected: 2, rows_changed: 2, conflicts: 0, outcome: 'skipped: job 12 is active for t:youtube:UC1:data-collection', started_at: T, finished_at: T, duration_ms: 3 };
    await db.insertInto('data_backfill_batches').values(batch).execute();
    await expect(db.insertInto('data_backfill_batches').values(batch).execute()).rejects.toThrow();
    await db.insertInto('data_backfill_batches').values({ ...batch, action: 'rollback' }).execute();
  });

  it('running it again changes nothing', async () => {
    const before = await db.selectFrom('data_backfill_batches').selectAll().execute();
    await dataBackfills.up(db);
    expect(await db.selectFrom('data_backfill_batches').selectAll().execute()).toEqual(before);
  });
});
