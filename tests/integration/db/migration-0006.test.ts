import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../../db/migrate.js';
import * as followUps from '../../../db/migrations/0006-follow-ups.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const T = '2026-11-29 10:00:00.000';

// Migration 0006 on a database 0005 left: jobs that had ended need no follow-up (0), active ones
// get theirs when they succeed (NULL); running it again changes nothing.
describeEachEngine('migration 0006 over 0005-era jobs', (engine) => {
  let database: TestDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrateUpTo: '0005-channel-daily-metrics' });
    db = database.db as Kysely<any>;
    const job = (id: number, status: string) => ({
      id,
      type: 'data-collection',
      tenant_id: 'acme',
      platform: 'youtube',
      connection_id: 1,
      scope: `acme:youtube:UC${id}:data-collection`,
      status,
      config: '{}',
      progress: '{}',
      errors: '[]',
      created_at: T,
      updated_at: T,
    });
    await db.insertInto('backfill_jobs').values([job(1, 'succeeded'), job(2, 'running'), job(3, 'failed'), job(4, 'paused')]).execute();
    expect((await migrateToLatest(database.db))[0]).toBe('0006-follow-ups');
  });
  afterAll(() => database?.drop());

  it('marks ended jobs as needing no follow-up and leaves active ones to get theirs', async () => {
    const rows = await db.selectFrom('backfill_jobs').select(['id', 'follow_up_job_id']).orderBy('id').execute();
    expect(rows.map((row) => [Number(row.id), row.follow_up_job_id === null ? null : Number(row.follow_up_job_id)])).toEqual([
      [1, 0],
      [2, null],
      [3, 0],
      [4, null],
    ]);
  });

  it('running it again changes nothing (a run cut short on MySQL can be repeated)', async () => {
    const before = await db.selectFrom('backfill_jobs').selectAll().orderBy('id').execute();
    await followUps.up(db);
    expect(await db.selectFrom('backfill_jobs').selectAll().orderBy('id').execute()).toEqual(before);
  });
});
