import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../../db/migrate.js';
import { classOf, levelOf } from '../../../lib/jobs/fair-queue.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const T = '2026-11-29 10:00:00.000';

// Migration 0008 on tasks 0007 left, which hold their planner's priority itself (YouTube: 0 for
// the sync, 10 for history): unfinished ones move to their class at level 0, so a queued
// backfill does not sort among the syncs; finished ones keep their number.
describeEachEngine('migration 0008 over 0007-era tasks', (engine) => {
  let database: TestDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrateUpTo: '0007-budget-store' });
    db = database.db as Kysely<any>;
    const task = (key: string, status: string, priority: number) => ({
      tenant_id: 'acme',
      platform: 'youtube',
      kind: 'youtube.daily_channel',
      dedupe_key: key,
      payload: '{}',
      status,
      priority,
      run_after: T,
      attempts: 0,
      max_attempts: 5,
      created_at: T,
      updated_at: T,
    });
    await db
      .insertInto('job_tasks')
      .values([task('queued-backfill', 'queued', 10), task('queued-sync', 'queued', 0), task('running', 'running', 10), task('paused', 'paused', 10), task('urgent', 'queued', -1), task('done', 'succeeded', 10)])
      .execute();
    expect((await migrateToLatest(database.db))[0]).toBe('0008-fair-priorities');
  });
  afterAll(() => database?.drop());

  it('moves unfinished tasks to their class at level 0 and leaves finished ones as they were', async () => {
    const rows = await db.selectFrom('job_tasks').select(['dedupe_key', 'priority']).orderBy('dedupe_key').execute();
    const stored = Object.fromEntries(rows.map((row) => [row.dedupe_key, Number(row.priority)]));
    expect(stored).toEqual({ 'queued-backfill': 10_000_000, 'queued-sync': 0, running: 10_000_000, paused: 10_000_000, urgent: -1_000_000, done: 10 });
    expect(['queued-backfill', 'queued-sync', 'running', 'paused', 'urgent'].map((key) => [classOf(stored[key]!), levelOf(stored[key]!)])).toEqual([
      [10, 0],
      [0, 0],
      [10, 0],
      [10, 0],
      [-1, 0],
    ]);
  });
});
