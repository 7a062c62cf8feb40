import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../../db/migrate.js';
import * as videoCatalogue from '../../../db/migrations/0016-video-catalogue.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const T = '2026-11-29 10:00:00.000';

// Migration 0016 over a 0015 database: `videos` keyed by (channel, video) and
// `video_catalogues` by channel; a second run changes nothing.
describeEachEngine('migration 0016 (video catalogue)', (engine) => {
  let database: TestDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrateUpTo: '0015-data-backfills' });
    db = database.db as Kysely<any>;
    expect((await migrateToLatest(database.db))[0]).toBe('0016-video-catalogue');
  });
  afterAll(() => database?.drop());

  it('keeps one row per channel and video, and one catalogue per channel', async () => {
    const video = { channel_id: 'UC1', video_id: 'abcdefghijk', title: 'First', published_at: T, updated_at: T };
    await db.insertInto('videos').values(video).execute();
    await expect(db.insertInto('videos').values(video).execute()).rejects.toThrow();
    await db.insertInto('videos').values({ ...video, channel_id: 'UC2' }).execute();
    await db.insertInto('video_catalogues').values({ channel_id: 'UC1', updated_at: T }).execute();
    await expect(db.insertInto('video_catalogues').values({ channel_id: 'UC1', updated_at: T }).execute()).rejects.toThrow();
  });

  it('running it again changes nothing', async () => {
    const before = await db.selectFrom('videos').selectAll().orderBy('channel_id').execute();
    await videoCatalogue.up(db);
    expect(await db.selectFrom('videos').selectAll().orderBy('channel_id').execute()).toEqual(before);
  });
});
