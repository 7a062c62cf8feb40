import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../../db/migrate.js';
import * as playlistSync from '../../../db/migrations/0014-playlist-sync.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const T = '2026-11-29 10:00:00.000';

// Migration 0014 over a 0013 database: the playlist-sync tables with their unique keys, and
// backfill_jobs.last_resumed_at, NULL on the jobs that exist; a second run changes nothing.
describeEachEngine('migration 0014 (playlist sync)', (engine) => {
  let database: TestDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrateUpTo: '0013-account-hints' });
    db = database.db as Kysely<any>;
    await db
      .insertInto('backfill_jobs')
      .values({ type: 'sync', tenant_id: 't', platform: 'youtube', scope: 't:youtube:UC1:sync', status: 'succeeded', config: '{}', progress: '{}', created_at: T, updated_at: T })
      .execute();
    expect((await migrateToLatest(database.db))[0]).toBe('0014-playlist-sync');
  });
  afterAll(() => database?.drop());

  it('adds last_resumed_at, NULL on existing jobs', async () => {
    expect(await db.selectFrom('backfill_jobs').select('last_resumed_at').execute()).toEqual([{ last_resumed_at: null }]);
  });

  it('keeps one category per tenant, channel and name, and one operation per job, target and video', async () => {
    const category = { tenant_id: 't', channel_id: 'UC1', name: 'Tutorials', created_at: T, updated_at: T };
    await db.insertInto('categories').values(category).execute();
    await expect(db.insertInto('categories').values(category).execute()).rejects.toThrow();
    await db.insertInto('categories').values({ ...category, tenant_id: 'u' }).execute();
    const op = { job_id: 1, target: 'category:1', category_id: 1, youtube_video_id: 'abcdefghijk', status: 'pending' };
    await db.insertInto('sync_video_operations').values(op).execute();
    await expect(db.insertInto('sync_video_operations').values(op).execute()).rejects.toThrow();
    const snapshot = { job_id: 1, tenant_id: 't', channel_id: 'UC1', youtube_playlist_id: 'PL1', title: 'Old', description: '', privacy_status: 'private', item_count: 0, created_at: T };
    await db.insertInto('backup_snapshots').values(snapshot).execute();
    await expect(db.insertInto('backup_snapshots').values(snapshot).execute()).rejects.toThrow();
  });

  it('running it again changes nothing', async () => {
    const before = await db.selectFrom('categories').selectAll().execute();
    await playlistSync.up(db);
    expect(await db.selectFrom('categories').selectAll().execute()).toEqual(before);
  });
});
