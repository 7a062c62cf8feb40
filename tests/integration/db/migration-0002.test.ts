import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../../db/migrate.js';
import * as connectorSeam from '../../../db/migrations/0002-connector-seam.js';
import { isUniqueViolation } from '../../../db/sql-errors.js';
import { fromDbJson } from '../../../db/values.js';
import { resumePausedTasks } from '../../../lib/queue/repository/index.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const T = '2026-11-20 10:00:00.000';

// Migration 0002 on a database that 0001 filled: rows are carried over, parked tasks become
// paused, job types and scopes take the DESIGN.md form, and two active jobs of one scope are
// resolved before the database starts enforcing one.
describeEachEngine('migration 0002 over 0001-era rows', (engine) => {
  let database: TestDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrateUpTo: '0001-initial' });
    db = database.db as Kysely<any>;
    const connection = (tenant: string, channel: string) => ({ tenant_id: tenant, platform: 'youtube', external_account_id: channel, display_name: null, scopes: 's', access_token_enc: 'v1.a', refresh_token_enc: 'v1.r', token_expires_at: null, status: 'active', last_error: null, created_at: T, updated_at: T });
    await db.insertInto('connections').values([connection('acme', 'UC1'), connection('globex', 'UC2'), connection('initech', 'UC3')]).execute();
    const job = (id: number, type: string, tenant: string, channel: string, status: string) => ({ id, type, tenant_id: tenant, platform: 'youtube', scope: `channel:${channel}`, status, config: '{}', progress: '{}', checkpoint: null, errors: null, created_at: T, updated_at: T, started_at: null, finished_at: null });
    await db
      .insertInto('backfill_jobs')
      .values([
        job(1, 'youtube_backfill', 'acme', 'UC1', 'succeeded'),
        job(2, 'youtube_daily', 'acme', 'UC1', 'running'), // yesterday's sync, still waiting on a task
        job(3, 'youtube_daily', 'acme', 'UC1', 'pending'), // today's: the same scope, also active
        job(4, 'youtube_backfill', 'globex', 'UC2', 'running'),
        job(5, 'youtube_backfill', 'initech', 'UC3', 'running'), // its last progress write was lost
      ])
      .execute();
    const task = (key: string, connectionId: number, status: string, jobId: number) => ({ tenant_id: key.split(':')[0], kind: 'daily_channel', dedupe_key: key, payload: JSON.stringify({ connection_id: connectionId, channel_id: key.split(':')[2], run_for_dt: key.split(':')[3] }), status, priority: 0, run_after: T, attempts: 0, max_attempts: 5, lease_token: null, lease_expires_at: null, last_error: null, job_id: jobId, created_at: T, updated_at: T });
    await db
      .insertInto('job_tasks')
      .values([
        task('acme:daily_channel:UC1:2026-11-10', 1, 'succeeded', 1),
        task('acme:daily_channel:UC1:2026-11-17', 1, 'queued', 2),
        task('acme:daily_channel:UC1:2026-11-18', 1, 'queued', 3),
        task('globex:daily_channel:UC2:2026-11-17', 2, 'failed', 4),
        task('globex:daily_channel:UC2:2026-11-10', 2, 'succeeded', 4),
        task('initech:daily_channel:UC3:2026-11-10', 3, 'succeeded', 5),
        task('initech:daily_channel:UC3:2026-11-17', 3, 'dead', 5),
      ])
      .execute();
    expect(await migrateToLatest(database.db, '0002-connector-seam')).toEqual(['0002-connector-seam']);
  });
  afterAll(() => database.drop());

  it('gives every task its platform, connection and `${platform}.${name}` kind, and pauses the parked ones', async () => {
    const rows = await db.selectFrom('job_tasks').select(['dedupe_key', 'platform', 'connection_id', 'kind', 'status', 'job_id']).orderBy('dedupe_key').execute();
    expect(rows.map((r) => [r.dedupe_key, r.platform, Number(r.connection_id), r.kind, r.status, Number(r.job_id)])).toEqual([
      ['acme:daily_channel:UC1:2026-11-10', 'youtube', 1, 'youtube.daily_channel', 'succeeded', 1],
      ['acme:daily_channel:UC1:2026-11-17', 'youtube', 1, 'youtube.daily_channel', 'queued', 3], // taken over by the newest active job
      ['acme:daily_channel:UC1:2026-11-18', 'youtube', 1, 'youtube.daily_channel', 'queued', 3],
      ['globex:daily_channel:UC2:2026-11-10', 'youtube', 2, 'youtube.daily_channel', 'succeeded', 4],
      ['globex:daily_channel:UC2:2026-11-17', 'youtube', 2, 'youtube.daily_channel', 'paused', 4],
      ['initech:daily_channel:UC3:2026-11-10', 'youtube', 3, 'youtube.daily_channel', 'succeeded', 5],
      ['initech:daily_channel:UC3:2026-11-17', 'youtube', 3, 'youtube.daily_channel', 'dead', 5],
    ]);
  });

  it('carries jobs over to the DESIGN.md types and scopes, one active per scope', async () => {
    const jobs = await db.selectFrom('backfill_jobs').select(['id', 'type', 'scope', 'status', 'connection_id', 'active_scope', 'errors']).orderBy('id').execute();
    expect(jobs.map((j) => [Number(j.id), j.type, j.scope, j.status, Number(j.connection_id), j.active_scope])).toEqual([
      [1, 'data-collection', 'acme:youtube:UC1:data-collection', 'succeeded', 1, null],
      [2, 'sync', 'acme:youtube:UC1:sync', 'failed', 1, null],
      [3, 'sync', 'acme:youtube:UC1:sync', 'pending', 1, 'acme:youtube:UC1:sync'],
      [4, 'data-collection', 'globex:youtube:UC2:data-collection', 'running', 2, 'globex:youtube:UC2:data-collection'],
      [5, 'data-collection', 'initech:youtube:UC3:data-collection', 'failed', 3, null], // every task done: it ends, freeing its scope
    ]);
    expect(fromDbJson<{ message: string }[]>(jobs[1]!.errors)).toEqual([{ at: expect.any(String), message: expect.stringMatching(/superseded by job 3/) }]);
  });

  it('enforces one active job per scope in the database, and frees the scope when the job ends', async () => {
    const active = { type: 'sync', tenant_id: 'acme', platform: 'youtube', connection_id: 1, scope: 'acme:youtube:UC1:sync', status: 'pending', config: '{}', progress: '{}', created_at: T, updated_at: T };
    const error = await db.insertInto('backfill_jobs').values(active).execute().catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    await db.updateTable('backfill_jobs').set({ status: 'succeeded' }).where('id', '=', 3).execute();
    await db.insertInto('backfill_jobs').values(active).execute();
    await db.insertInto('backfill_jobs').values({ ...active, status: 'cancelled' }).execute(); // ended jobs never collide
  });

  it('running it again changes nothing (a run cut short on MySQL, where each DDL commits, can be repeated)', async () => {
    const before = await db.selectFrom('backfill_jobs').selectAll().orderBy('id').execute();
    await connectorSeam.up(db);
    expect(await db.selectFrom('backfill_jobs').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('a writer that names no platform fails instead of writing a task no connector runs', async () => {
    if (engine !== 'mysql') return; // SQLite cannot drop a column default in place
    const error = await db.insertInto('job_tasks').values({ tenant_id: 't', kind: 'k', dedupe_key: 'no-platform', payload: '{}', status: 'queued', priority: 0, run_after: T, attempts: 0, max_attempts: 5, created_at: T, updated_at: T }).execute().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/platform/);
  });

  it('resumes the paused task of a reconnected account by its connection (0004 marks 0002\'s paused rows as re-authorization pauses)', async () => {
    await migrateToLatest(database.db);
    expect(await resumePausedTasks(database.db, 2, new Date('2026-11-21T00:00:00Z'))).toBe(1);
    expect(await resumePausedTasks(database.db, 1, new Date('2026-11-21T00:00:00Z'))).toBe(0);
  });
});
