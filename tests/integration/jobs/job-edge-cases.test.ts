import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import { toDbTime } from '../../../db/values.js';
import { createJobWithTasks, refreshJobProgress } from '../../../lib/jobs/backfill-jobs.repository.js';
import { startFollowUpJob } from '../../../lib/jobs/follow-up-jobs.js';
import { QUIET_JOB_MS, recoverJobs } from '../../../lib/jobs/job-recovery.js';
import { STALE_AFTER_MS } from '../../../lib/jobs/job-lifecycle.js';
import { jobScope } from '../../../lib/jobs/job-scope.js';
import { cancelJob, createJob, pauseJob, previewJob, resumeJob, showJob } from '../../../lib/jobs/jobs.service.js';
import { describeEachEngine } from '../../support/engines.js';
import { STEPPED, stepLog, STEPS_KIND, stepsKey } from '../../support/stepped-connector.js';
import { startSteppedRig, type SteppedRig } from '../../support/stepped-rig.js';

// Edge cases a review of issue 8 found: a person's pause holds against joins and takeovers; a
// succeeded job's follow-up starts exactly once whichever path ended it; overlapping recovery
// passes do not fail a job they re-planned; chunks a person cancelled run again on the next
// create; the job's checkpoint follows steps.
const TASKS = 3;
const STEPS = 2;

describeEachEngine('job edge cases', (engine) => {
  let rig: SteppedRig;

  beforeAll(async () => {
    rig = await startSteppedRig(engine, { concurrency: 2, followUps: true, settings: { tasksPerJob: TASKS, stepsPerTask: STEPS } });
  });
  afterAll(() => rig?.close());

  const jobsOf = (connectionId: number) =>
    rig.runtime.database.db.selectFrom('backfill_jobs').select(['id', 'type', 'status', 'reason', 'follow_up_job_id']).where('connection_id', '=', connectionId).orderBy('id').execute();
  const setUpdatedAt = (jobId: number, msAgo: number) =>
    rig.runtime.database.db
      .updateTable('backfill_jobs')
      .set({ updated_at: toDbTime(new Date(rig.clock.now().getTime() - msAgo)) })
      .where('id', '=', jobId)
      .execute();
  /** A join of the scope, as the daily cron or the seed-000 endpoint makes one: one more task. */
  const join = (connection: { id: number; tenantId: string; externalAccountId: string }, index: number) =>
    inTransaction(rig.runtime.database.db, (trx) =>
      createJobWithTasks(
        trx,
        {
          type: 'data-collection',
          tenantId: connection.tenantId,
          platform: STEPPED,
          connectionId: connection.id,
          scope: jobScope({ tenantId: connection.tenantId, platform: STEPPED, accountId: connection.externalAccountId, type: 'data-collection' }),
          config: { days: TASKS },
        },
        [{ kind: STEPS_KIND, dedupeKey: stepsKey(connection.tenantId, connection.externalAccountId, index), payload: { steps: STEPS }, tenantId: connection.tenantId, platform: STEPPED, connectionId: connection.id }],
        { rerun: false, whenActive: 'join' },
        rig.clock.now(),
      ),
    );

  it('a paused job is never stale: a create long after the pause is refused, a join waits paused with it', async () => {
    const connection = await rig.connect('acme', 'paused-long');
    const job = await createJob(rig.runtime, rig.request(connection));
    await pauseJob(rig.runtime, job.id);
    await setUpdatedAt(job.id, STALE_AFTER_MS * 6);

    await expect(createJob(rig.runtime, rig.request(connection))).rejects.toMatchObject({ name: 'JobActiveError', jobId: job.id });
    const joined = await join(connection, TASKS);
    expect(joined).toMatchObject({ jobId: job.id, enqueued: 1 });
    expect((await rig.tasks({ jobId: job.id })).map((task) => [task.status, task.pauseReason])).toEqual(Array.from({ length: TASKS + 1 }, () => ['paused', 'job']));
    expect(await showJob(rig.runtime, job.id)).toMatchObject({ status: 'paused' });
    expect(await rig.dispatch()).toMatchObject({ claimed: 0 });
    await cancelJob(rig.runtime, job.id);
  });

  it("a job ended by another path than the dispatch's report gets its follow-up from the next recovery pass, once", async () => {
    const connection = await rig.connect('acme', 'ended-by-create');
    const job = await createJob(rig.runtime, rig.request(connection));
    // Its tasks run and no report reaches the job (an invocation killed before reporting).
    await rig.runUnreported();
    // A create of the scope finds it done and ends it: not the dispatcher's report.
    await expect(createJob(rig.runtime, rig.request(connection))).rejects.toMatchObject({ name: 'ConflictError' });
    expect(await jobsOf(connection.id)).toEqual([{ id: job.id, type: 'data-collection', status: 'succeeded', reason: null, follow_up_job_id: null }]);

    // Two recovery passes and a late report at once start it once.
    const [a, b] = await Promise.all([recoverJobs(rig.runtime), recoverJobs(rig.runtime)]);
    expect(a.followUpsDue).toContain(job.id);
    expect(b.followUpsDue).toContain(job.id);
    const started = await Promise.all([startFollowUpJob(rig.runtime, job.id), startFollowUpJob(rig.runtime, job.id), startFollowUpJob(rig.runtime, job.id)]);
    expect(started.filter((id) => id !== null)).toHaveLength(1);
    const jobs = await jobsOf(connection.id);
    expect(jobs.map((row) => [row.type, row.status])).toEqual([
      ['data-collection', 'succeeded'],
      ['analytics-generation', 'pending'],
    ]);
    expect(Number(jobs[0]!.follow_up_job_id)).toBe(Number(jobs[1]!.id));
    expect((await recoverJobs(rig.runtime)).followUpsDue).not.toContain(job.id);
    for (let round = 0; round < 3 && (await rig.dispatch()).claimed > 0; round++);
  });

  it('two recovery passes at once re-plan a job whose tasks are gone, and neither fails it', async () => {
    const { db } = rig.runtime.database;
    const connection = await rig.connect('acme', 'gone-twice');
    const job = await createJob(rig.runtime, rig.request(connection));
    await db.deleteFrom('job_tasks').where('job_id', '=', job.id).execute();
    await setUpdatedAt(job.id, QUIET_JOB_MS + 60_000);

    const passes = await Promise.all([recoverJobs(rig.runtime), recoverJobs(rig.runtime)]);
    expect(passes.reduce((sum, pass) => sum + pass.replanned, 0)).toBe(1);
    expect(await showJob(rig.runtime, job.id)).toMatchObject({ status: 'pending', reason: null, progress: { total: TASKS } });
    for (let round = 0; round < 3 && (await rig.dispatch()).claimed > 0; round++);
    expect(await showJob(rig.runtime, job.id)).toMatchObject({ status: 'succeeded' });
  });

  it('chunks a person cancelled never finished: the next create runs them without force, and preview says so', async () => {
    const connection = await rig.connect('acme', 'cancelled-chunks');
    const first = await createJob(rig.runtime, rig.request(connection));
    await cancelJob(rig.runtime, first.id);
    const preview = await previewJob(rig.runtime, rig.request(connection));
    expect(preview).toMatchObject({ tasks: TASKS, to_run: TASKS, skipped: 0, active_job_id: null, active_job_stale: false });
    expect(preview.chunks.map((chunk) => chunk.status)).toEqual(Array.from({ length: TASKS }, () => 'new'));

    const second = await createJob(rig.runtime, rig.request(connection));
    expect(second).toMatchObject({ status: 'pending', progress: { total: TASKS, done: 0 } });
    expect((await rig.tasks({ connectionId: connection.id })).map((task) => [task.jobId, task.status])).toEqual(Array.from({ length: TASKS }, () => [second.id, 'queued']));
    expect(await showJob(rig.runtime, first.id)).toMatchObject({ status: 'cancelled' });
    await cancelJob(rig.runtime, second.id);
  });

  it("the job's checkpoint follows a running task's steps, then its end", async () => {
    const connection = await rig.connect('acme', 'step-checkpoint');
    const job = await createJob(rig.runtime, rig.request(connection, { days: 1 }));
    const key = stepsKey('acme', 'step-checkpoint', 0);
    const hold = rig.controller.hold(key, 1);
    const dispatched = rig.dispatch();
    await hold.reached;
    // Step progress is written at most a second after the step (leading edge: at once).
    let during = await showJob(rig.runtime, job.id);
    for (let wait = 0; during.checkpoint === null && wait < 20; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      during = await showJob(rig.runtime, job.id);
    }
    expect(during.checkpoint).toMatchObject({ task: key, step: { step: 1 } });
    expect(during.checkpoint).not.toHaveProperty('finished_at');
    hold.release();
    await dispatched;
    expect((await showJob(rig.runtime, job.id)).checkpoint).toMatchObject({ task: key, finished_at: expect.any(String) });
    for (let round = 0; round < 3 && (await rig.dispatch()).claimed > 0; round++);
  });

  it('a job paused or cancelled before any of it ran has not started: resumed, it is pending again', async () => {
    const connection = await rig.connect('acme', 'never-ran');
    const job = await createJob(rig.runtime, rig.request(connection));
    expect(await pauseJob(rig.runtime, job.id)).toMatchObject({ status: 'paused', started_at: null });
    expect(await resumeJob(rig.runtime, job.id)).toMatchObject({ status: 'pending', started_at: null });
    expect(await cancelJob(rig.runtime, job.id)).toMatchObject({ status: 'cancelled', started_at: null });
  });

  it('a cancelled chunk resumes from its checkpoint on the next create; a join or a reconnect does not revive it', async () => {
    const connection = await rig.connect('acme', 'cancel-mid-task');
    const job = await createJob(rig.runtime, rig.request(connection, { days: 1 }));
    const key = stepsKey('acme', 'cancel-mid-task', 0);
    const hold = rig.controller.hold(key, 1);
    const dispatched = rig.dispatch();
    await hold.reached;
    await cancelJob(rig.runtime, job.id);
    hold.release();
    await dispatched;
    expect((await rig.tasks({ jobId: job.id })).map((task) => [task.status, task.stepsDone, task.checkpoint])).toEqual([['cancelled', 1, { step: 1 }]]);

    // A join of the scope (the daily cron, a reconnect's plan) leaves it cancelled: nothing new, no job.
    expect(await join(connection, 0)).toEqual({ jobId: null, enqueued: 0 });
    expect((await rig.tasks({ connectionId: connection.id })).map((task) => task.status)).toEqual(['cancelled']);

    // A person's create runs it again, from step 2.
    const again = await createJob(rig.runtime, rig.request(connection, { days: 1 }));
    expect((await rig.tasks({ jobId: again.id })).map((task) => [task.status, task.stepsDone, task.checkpoint, task.attempts])).toEqual([['queued', 1, { step: 1 }, 0]]);
    for (let round = 0; round < 3 && (await rig.dispatch()).claimed > 0; round++);
    expect(rig.controller.runsOf(key).at(-1)).toMatchObject({ from: 2, outcome: 'ok' });
    expect((await stepLog(rig.runtime.database.db)).get(key)).toEqual([1, 2]);
  });

  it("a succeeded job's follow-up starts even while its connection needs re-authorization (its tasks wait paused for the reconnect)", async () => {
    const { db } = rig.runtime.database;
    const connection = await rig.connect('acme', 'reauth-follow-up');
    const job = await createJob(rig.runtime, rig.request(connection, { days: 1 }));
    await rig.runUnreported();
    await recoverJobsNow(job.id);
    await db.updateTable('connections').set({ status: 'needs_reauth' }).where('id', '=', connection.id).execute();
    const followUp = await startFollowUpJob(rig.runtime, job.id);
    expect(followUp).toEqual(expect.any(Number));
    await rig.dispatch();
    expect((await rig.tasks({ jobId: followUp! })).map((task) => [task.status, task.pauseReason])).toEqual([['paused', 'reauth']]);
    await db.updateTable('connections').set({ status: 'active' }).where('id', '=', connection.id).execute();
    await cancelJob(rig.runtime, followUp!);
  });

  it('preview says when the active job is stale: a create would take it over, not answer 409', async () => {
    const connection = await rig.connect('acme', 'stale-preview');
    const job = await createJob(rig.runtime, rig.request(connection));
    expect(await previewJob(rig.runtime, rig.request(connection))).toMatchObject({ active_job_id: job.id, active_job_stale: false });
    await setUpdatedAt(job.id, STALE_AFTER_MS + 1_000);
    expect(await previewJob(rig.runtime, rig.request(connection))).toMatchObject({ active_job_id: job.id, active_job_stale: true });
    const taken = await createJob(rig.runtime, rig.request(connection));
    expect(await showJob(rig.runtime, job.id)).toMatchObject({ status: 'failed', reason: 'superseded' });
    await cancelJob(rig.runtime, taken.id);
  });

  /** Ends a job whose report was lost, as the recovery pass does, without starting its follow-up. */
  async function recoverJobsNow(jobId: number): Promise<void> {
    await refreshJobProgress(rig.runtime.database.db, jobId, rig.clock.now());
    expect(await showJob(rig.runtime, jobId)).toMatchObject({ status: 'succeeded' });
  }
});
