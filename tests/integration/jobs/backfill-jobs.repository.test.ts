import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import { fromDbJson } from '../../../db/values.js';
import { JobActiveError } from '../../../lib/errors.js';
import { createJobWithTasks, type JobSpec, type WhenActive } from '../../../lib/jobs/backfill-jobs.repository.js';
import { detectClaimStrategy } from '../../../lib/queue/claim-strategy.js';
import { claimTasks, completeTasks, type NewTask } from '../../../lib/queue/repository/index.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const t0 = new Date('2026-11-29T10:00:00.000Z');
const spec: JobSpec = { type: 'sync', tenantId: 't', platform: 'test', connectionId: 1, scope: 't:test:acct:sync', config: {} };
const task = (key: string): Omit<NewTask, 'jobId'> => ({ tenantId: 't', platform: 'test', connectionId: 1, kind: 'test.noop', dedupeKey: key, payload: {} });

describeEachEngine('backfill_jobs: one active job per scope', (engine) => {
  let database: TestDatabase;
  const create = (keys: string[], whenActive: WhenActive) =>
    inTransaction(database.db, (trx) => createJobWithTasks(trx, spec, keys.map(task), { rerun: false, whenActive }, t0));
  const jobs = () => database.db.selectFrom('backfill_jobs').select(['id', 'status', 'active_scope', 'progress']).orderBy('id').execute();

  beforeAll(async () => {
    database = await createTestDatabase(engine, { connectionLimit: 6 });
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await database.db.deleteFrom('job_tasks').execute();
    await database.db.deleteFrom('backfill_jobs').execute();
  });

  it('joins the active job of the scope, or rejects naming it', async () => {
    const first = await create(['a'], 'join');
    const joined = await create(['b'], 'join');
    expect(joined).toEqual({ jobId: first.jobId, enqueued: 1 });
    expect(fromDbJson((await jobs())[0]!.progress)).toMatchObject({ total: 2, done: 0 });
    const rejected = await create(['c'], 'reject').catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(JobActiveError);
    expect((rejected as JobActiveError).jobId).toBe(first.jobId);
    expect(await database.db.selectFrom('job_tasks').select('dedupe_key').where('dedupe_key', '=', 'c').execute()).toEqual([]);
  });

  it('a job whose last progress write was lost does not hold its scope: it ends, and a new job starts', async () => {
    const stale = await create(['a', 'b'], 'reject');
    // Its tasks finish, but the invocation dies before the job's progress is stored.
    const strategy = await detectClaimStrategy(database.db);
    const batch = await claimTasks(database.db, strategy, { batchSize: 2, leaseMs: 60_000, now: t0 });
    await completeTasks(database.db, batch.leaseToken, batch.tasks.map((t) => t.id), t0);
    expect((await jobs())[0]).toMatchObject({ status: 'pending', active_scope: spec.scope });

    const fresh = await create(['c'], 'reject');
    expect(fresh.jobId).not.toBe(stale.jobId);
    expect((await jobs()).map((j) => [j.status, j.active_scope])).toEqual([
      ['succeeded', null],
      ['pending', spec.scope],
    ]);
  });

  it('a forced create counts each task it enqueues once: new ones, finished ones run again, queued ones restarted', async () => {
    const first = await create(['done', 'waiting'], 'reject');
    const strategy = await detectClaimStrategy(database.db);
    const batch = await claimTasks(database.db, strategy, { batchSize: 1, leaseMs: 60_000, now: t0 });
    await completeTasks(database.db, batch.leaseToken, batch.tasks.map((t) => t.id), t0);
    await database.db.updateTable('backfill_jobs').set({ status: 'failed' }).where('id', '=', first.jobId!).execute(); // its scope is free
    const forced = await inTransaction(database.db, (trx) => createJobWithTasks(trx, spec, ['done', 'waiting', 'new-1', 'new-2'].map(task), { rerun: true, whenActive: 'reject' }, t0));
    expect(forced.enqueued).toBe(4);
    expect(await database.db.selectFrom('job_tasks').select('id').where('job_id', '=', forced.jobId).where('status', '=', 'queued').execute()).toHaveLength(4);
  });

  it('concurrent creates of one scope make one job and all succeed', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => create([`k${i}`], 'join')));
    const ids = new Set(results.map((r) => r.jobId));
    expect(ids.size).toBe(1);
    expect(await jobs()).toHaveLength(1);
    expect(fromDbJson((await jobs())[0]!.progress)).toMatchObject({ total: 4 });
  });
});
