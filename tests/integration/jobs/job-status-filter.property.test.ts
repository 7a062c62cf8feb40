import { fc, test } from '@fast-check/jest';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { jobListQuery } from '../../../api/_lib/admin-schemas.js';
import { validateInput } from '../../../api/_lib/validate-input.js';
import { inTransaction } from '../../../db/transaction.js';
import { commandJob, createJobWithTasks, listJobs, type JobSpec } from '../../../lib/jobs/backfill-jobs.repository.js';
import { JOB_STATUSES, type JobStatus } from '../../../lib/jobs/job-lifecycle.js';
import { listJobHistory } from '../../../lib/jobs/jobs.service.js';
import type { Runtime } from '../../../lib/runtime.js';
import { describeEachEngine } from '../../support/engines.js';
import type { TestDatabase } from '../../support/test-databases.js';
import { startWidgetsRuntime } from '../../support/widgets-connector.js';

// Seed 001, property 4 (filtering by status): for any jobs in any statuses and any subset of
// statuses, listJobs with that filter returns exactly the jobs in those statuses (no filter:
// all of them); and the history endpoint's `status=a,b` query, parsed by its schema and paged
// through listJobHistory, returns the same jobs, newest first.

const t0 = new Date('2026-11-29T10:00:00.000Z');

describeEachEngine('seed 001 property 4: filtering jobs by status', (engine) => {
  let rig: Awaited<ReturnType<typeof startWidgetsRuntime>>;
  let runtime: Runtime;
  let database: TestDatabase;
  let run = 0;

  beforeAll(async () => {
    rig = await startWidgetsRuntime(engine);
    ({ runtime, database } = rig);
  });
  afterAll(() => rig?.close());

  /** One job per status given, each in its own scope, created pending and then moved to its status. */
  async function makeJobs(statuses: readonly JobStatus[]): Promise<{ id: number; status: JobStatus }[]> {
    const jobs: { id: number; status: JobStatus }[] = [];
    for (const [i, status] of statuses.entries()) {
      const spec: JobSpec = { type: 'data-collection', tenantId: 't', platform: 'widgets', connectionId: i + 1, scope: `t:widgets:a${i}:data-collection`, config: {} };
      const task = { tenantId: 't', platform: 'widgets', connectionId: i + 1, kind: 'widgets.items', dedupeKey: `run${run}:task${i}`, payload: {} };
      const now = new Date(t0.getTime() + i * 1_000);
      const { jobId } = await inTransaction(database.db, (trx) => createJobWithTasks(trx, spec, [task], { rerun: false, whenActive: 'reject' }, now));
      if (status !== 'pending') {
        const from = await inTransaction(database.db, (trx) => commandJob(trx, jobId!, { to: status, from: ['pending'] }, now));
        expect(from).toBe('pending');
      }
      jobs.push({ id: jobId!, status });
    }
    return jobs;
  }

  test.prop([fc.array(fc.constantFrom(...JOB_STATUSES), { maxLength: 16 }), fc.subarray([...JOB_STATUSES]), fc.integer({ min: 1, max: 6 })], { numRuns: 40 })(
    'returns exactly the jobs in the statuses asked for',
    async (statuses, wanted, pageSize) => {
      run += 1;
      await database.db.deleteFrom('job_tasks').execute();
      await database.db.deleteFrom('backfill_jobs').execute();
      const jobs = await makeJobs(statuses);
      const expected = jobs.filter((job) => wanted.length === 0 || wanted.includes(job.status)).map((job) => job.id).sort((a, b) => b - a);

      const listed = await listJobs(database.db, { statuses: wanted }, 100);
      expect(listed.map((job) => job.id)).toEqual(expected);
      for (const job of listed) expect(job.status).toBe(jobs.find((j) => j.id === job.id)!.status);

      if (wanted.length === 0) return; // the endpoint takes no empty status list
      // Any order, with spaces, as a person types it.
      const query = validateInput(jobListQuery, { status: [...wanted].reverse().join(', '), limit: String(pageSize) }, 'query');
      const viewed: { id: number; status: string }[] = [];
      for (let cursor: string | undefined; ; ) {
        const page = await listJobHistory(runtime, { statuses: query.status! }, { limit: query.limit!, ...(cursor === undefined ? {} : { cursor: Number(cursor) }) });
        viewed.push(...page.jobs.map((job) => ({ id: job.id, status: job.status })));
        if (page.next_cursor === null) break;
        cursor = page.next_cursor;
      }
      expect(viewed.map((job) => job.id)).toEqual(expected);
      for (const job of viewed) expect(wanted).toContain(job.status);
    },
  );
});
