import { fc, test } from '@fast-check/jest';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { accountId, platformName, tenantId } from '../../../api/_lib/input-schemas.js';
import { inTransaction } from '../../../db/transaction.js';
import { JOB_TYPES } from '../../../lib/connectors/connector.js';
import { createJobWithTasks, getJob, type JobSpec } from '../../../lib/jobs/backfill-jobs.repository.js';
import { jobScope } from '../../../lib/jobs/job-scope.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// Seed 001, property 1 (job persistence round-trip): any job the API can ask for — any type,
// tenant, platform and account strings the request schemas accept (Unicode included, up to
// their limits), any connection and any JSON config — created with createJobWithTasks reads
// back through getJob exactly as written.

/** Strings as a caller may send them: any Unicode (astral, combining, NUL), ASCII, and the longest allowed. */
const text = (max: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: Math.floor(max / 2) }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.floor(max / 4) }),
    fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: max }),
    fc.string({ unit: 'grapheme-ascii', minLength: max, maxLength: max }),
    fc.string({ unit: fc.constantFrom('é', 'ß', '漢', '🎬', 'ﬃ', '\u0301'), minLength: 1, maxLength: max }),
  );
/** What a request schema accepts, as it hands it on (trimmed). */
const accepted = (schema: typeof tenantId, max: number) =>
  text(max)
    .map((s) => schema.safeParse(s))
    .filter((r) => r.success)
    .map((r) => r.data!);

/** JSON has no -0 (JSON.stringify writes 0): configs are JSON values, so none holds one. */
const noNegativeZero = (value: unknown): unknown =>
  Object.is(value, -0) ? 0 : Array.isArray(value) ? value.map(noNegativeZero) : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, noNegativeZero(v)])) : value;

const jobSpec = fc.record({
  type: fc.constantFrom(...JOB_TYPES),
  tenantId: accepted(tenantId, 191),
  platform: accepted(platformName, 32),
  accountId: accepted(accountId, 191),
  connectionId: fc.option(fc.integer({ min: 1, max: 2 ** 53 - 1 }), { nil: null }),
  config: fc.dictionary(fc.string({ unit: 'binary', maxLength: 20 }), fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 }).map(noNegativeZero), { maxKeys: 8 }),
});
const instant = fc.date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2099-12-31T23:59:59.999Z'), noInvalidDate: true });

describeEachEngine('seed 001 property 1: job persistence round-trip', (engine) => {
  let database: TestDatabase;
  let run = 0;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.drop());

  it('numbers at the edges of a double come back as numbers, the same on every engine', async () => {
    await database.db.deleteFrom('backfill_jobs').execute();
    // mysql2 parsed JSON columns itself, with supportBigNumbers: 2^53 and beyond came back as strings on MariaDB.
    const config = { safe: Number.MAX_SAFE_INTEGER, big: 2 ** 53, huge: 2 ** 64, max: Number.MAX_VALUE, tiny: Number.MIN_VALUE, deep: [[-(2 ** 60)]] };
    const spec: JobSpec = { type: 'sync', tenantId: 't', platform: 'p', connectionId: 1, scope: 't:p:a:sync', config };
    const task = { tenantId: 't', platform: 'p', connectionId: 1, kind: 'test.noop', dedupeKey: 'edges', payload: {} };
    const created = await inTransaction(database.db, (trx) => createJobWithTasks(trx, spec, [task], { rerun: false, whenActive: 'reject' }, new Date()));
    expect((await getJob(database.db, created.jobId!))?.config).toEqual(config);
  });

  test.prop([jobSpec, fc.integer({ min: 1, max: 3 }), instant], { numRuns: 50 })('a job created with createJobWithTasks reads back through getJob as written', async (job, taskCount, now) => {
    run += 1;
    // Each run starts empty: a spec may repeat an earlier run's scope (and shrinking reruns them).
    await database.db.deleteFrom('job_tasks').execute();
    await database.db.deleteFrom('backfill_jobs').execute();
    const spec: JobSpec = { type: job.type, tenantId: job.tenantId, platform: job.platform, connectionId: job.connectionId, scope: jobScope(job), config: job.config };
    const tasks = Array.from({ length: taskCount }, (_, i) => ({ tenantId: job.tenantId, platform: job.platform, connectionId: job.connectionId, kind: 'test.noop', dedupeKey: `run${run}:task${i}`, payload: {} }));
    const created = await inTransaction(database.db, (trx) => createJobWithTasks(trx, spec, tasks, { rerun: false, whenActive: 'reject' }, now));
    expect(created).toEqual({ jobId: expect.any(Number), enqueued: taskCount });

    const read = await getJob(database.db, created.jobId!);
    expect(read).toEqual({
      id: created.jobId,
      type: spec.type,
      status: 'pending',
      reason: null,
      tenantId: spec.tenantId,
      platform: spec.platform,
      connectionId: spec.connectionId,
      scope: spec.scope,
      config: spec.config,
      progress: { total: taskCount, done: 0, steps_done: 0, queued: taskCount, running: 0, paused: 0, succeeded: 0, dead: 0, cancelled: 0 },
      checkpoint: null,
      errors: [],
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
      lastResumedAt: null,
    });
    // The job's scope is now held: the next job of that scope is this one's, not a second row.
    const row = await database.db.selectFrom('backfill_jobs').select('active_scope').where('id', '=', created.jobId!).executeTakeFirstOrThrow();
    expect(row.active_scope).toBe(spec.scope);
  });
});
