import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../../db/migrate.js';
import * as syncReadMarks from '../../../db/migrations/0012-sync-read-marks.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const T = '2026-11-29 10:00:00.000';

// Migration 0012 over a 0011 database: sync_cursors.scanned_until and full_read_at, NULL on the
// cursors that exist, holding ISO text; a second run changes nothing.
describeEachEngine('migration 0012 (sync_cursors.scanned_until, full_read_at)', (engine) => {
  let database: TestDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrateUpTo: '0011-grant-fingerprint' });
    db = database.db as Kysely<any>;
    await db.insertInto('sync_cursors').values({ connection_id: 1, entity: 'payments', cursor_value: '2026-11-01T00:00:00.000Z', updated_at: T }).execute();
    expect((await migrateToLatest(database.db))[0]).toBe('0012-sync-read-marks');
  });
  afterAll(() => database?.drop());

  it('adds both columns, NULL on existing cursors, holding ISO text', async () => {
    expect(await db.selectFrom('sync_cursors').select(['cursor_value', 'scanned_until', 'full_read_at']).execute()).toEqual([
      { cursor_value: '2026-11-01T00:00:00.000Z', scanned_until: null, full_read_at: null },
    ]);
    await db.updateTable('sync_cursors').set({ scanned_until: '2026-11-29T10:00:00.123Z', full_read_at: '2026-11-28T00:00:00.000Z' }).execute();
    expect(await db.selectFrom('sync_cursors').select(['scanned_until', 'full_read_at']).executeTakeFirstOrThrow()).toEqual({ scanned_until: '2026-11-29T10:00:00.123Z', full_read_at: '2026-11-28T00:00:00.000Z' });
  });

  it('running it again changes nothing', async () => {
    const before = await db.selectFrom('sync_cursors').selectAll().execute();
    await syncReadMarks.up(db);
    expect(await db.selectFrom('sync_cursors').selectAll().execute()).toEqual(before);
  });
});
