import { fc, test } from '@fast-check/jest';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import { commandJob, createJobWithTasks, listJobs, type JobSpec } from '../../../lib/jobs/backfill-jobs.repository.js';
import { listJobHistory } from '../../../lib/jobs/jobs.service.js';
import type { Runtime } from '../../../lib/runtime.js';
import { describeEachEngine } from '../../support/engines.js';
import type { TestDatabase } from '../../support/test-databases.js';
import { startWidgetsRuntime } from '../../support/widgets-connector.js';

// Seed 001, property 2 (job listing order invariant): whatever jobs exist — made by creates
// that start a job, join a scope's live job, or enqueue nothing (whose row is deleted, leaving a
// gap in the ids), some ended — paging through them with the cursor, at any page size, yields
// every job exactly once, strictly newest first (id descending). Both the repository's listJobs
// (cursor: the last id) and the service's listJobHistory (cursor: next_cursor) are paged.

const t0 = new Date('2026-11-29T10:00:00.000Z');

/** One create: in which of a few scopes, whether its task already exists, and whether the job is then cancelled. */
const create = fc.record({ account: fc.integer({ min: 0, max: 3 }), repeatTask: fc.boolean(), cancel: fc.boolean(), secondsLater: fc.integer({ min: 0, max: 2 }) });
type Create = typeof create extends fc.Arbitrary<infer T> ? T : never;

describeEachEngine('seed 001 property 2: job listing order', (engine) => {
  let rig: Awaited<ReturnType<typeof startWidgetsRuntime>>;
  let runtime: Runtime;
  let database: TestDatabase;
  let run = 0;

  beforeAll(async () => {
    rig = await startWidgetsRuntime(engine);
    ({ runtime, database } = rig);
  });
  afterAll(() => rig?.close());

  /** Runs the creates; answers the ids of the jobs that exist afterwards, oldest first. */
  async function makeJobs(creates: readonly Create[]): Promise<number[]> {
    const ids: number[] = [];
    let now = t0;
    let lastKey: string | undefined;
    for (const [i, c] of creates.entries()) {
      now = new Date(now.getTime() + c.secondsLater * 1_000);
      const spec: JobSpec = { type: 'sync', tenantId: 't', platform: 'widgets', connectionId: c.account + 1, scope: `t:widgets:a${c.account}:sync`, config: { i } };
      const key = c.repeatTask && lastKey !== undefined ? lastKey : `run${run}:task${i}`;
      lastKey = key;
      const task = { tenantId: 't', platform: 'widgets', connectionId: c.account + 1, kind: 'widgets.items', dedupeKey: key, payload: {} };
      const created = await inTransaction(database.db, (trx) => createJobWithTasks(trx, spec, [task], { rerun: false, whenActive: 'join' }, now));
      if (created.jobId === null) continue;
      if (!ids.includes(created.jobId)) ids.push(created.jobId);
      if (c.cancel) await inTransaction(database.db, (trx) => commandJob(trx, created.jobId!, { to: 'cancelled', reason: 'cancelled', from: ['pending', 'running', 'paused'] }, now));
    }
    return ids;
  }

  test.prop([fc.array(create, { maxLength: 20 }), fc.integer({ min: 1, max: 8 })], { numRuns: 40 })(
    'paging with the cursor yields every job once, strictly newest first',
    async (creates, pageSize) => {
      run += 1;
      await database.db.deleteFrom('job_tasks').execute();
      await database.db.deleteFrom('backfill_jobs').execute();
      const ids = await makeJobs(creates);
      const newestFirst = [...ids].sort((a, b) => b - a);
      // Ids grow with creation: the order of creation, reversed.
      expect(newestFirst).toEqual([...ids].reverse());

      // The repository: pages of at most pageSize, the next one before the last id seen.
      const seen: number[] = [];
      for (let beforeId: number | undefined, pages = 0; ; pages++) {
        const page = await listJobs(database.db, beforeId === undefined ? {} : { beforeId }, pageSize);
        expect(page.length).toBeLessThanOrEqual(pageSize);
        seen.push(...page.map((job) => job.id));
        if (page.length < pageSize) break;
        beforeId = page.at(-1)!.id;
        expect(pages).toBeLessThanOrEqual(ids.length);
      }
      expect(seen).toEqual(newestFirst);

      // The service: next_cursor until null, which comes with the last job, never after an empty page.
      const listed: number[] = [];
      const createdAt: string[] = [];
      for (let cursor: string | undefined, pages = 0; ; pages++) {
        const page = await listJobHistory(runtime, {}, { limit: pageSize, ...(cursor === undefined ? {} : { cursor: Number(cursor) }) });
        expect(page.jobs.length).toBeLessThanOrEqual(pageSize);
        if (pages > 0) expect(page.jobs.length).toBeGreaterThan(0);
        listed.push(...page.jobs.map((job) => job.id));
        createdAt.push(...page.jobs.map((job) => job.created_at));
        if (page.next_cursor === null) break;
        expect(page.jobs).toHaveLength(pageSize);
        cursor = page.next_cursor;
        expect(pages).toBeLessThanOrEqual(ids.length);
      }
      expect(listed).toEqual(newestFirst);
      for (let i = 1; i < listed.length; i++) {
        expect(listed[i]!).toBeLessThan(listed[i - 1]!);
        expect(createdAt[i]! <= createdAt[i - 1]!).toBe(true);
      }
    },
  );
});
