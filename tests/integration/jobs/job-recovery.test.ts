import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { toDbTime } from '../../../db/values.js';
import { createJob, showJob } from '../../../lib/jobs/jobs.service.js';
import { QUIET_JOB_MS } from '../../../lib/jobs/job-recovery.js';
import { describeEachEngine } from '../../support/engines.js';
import { rollupKey, STEPPED, stepLog, stepsKey } from '../../support/stepped-connector.js';
import { startSteppedRig, type SteppedRig } from '../../support/stepped-rig.js';

// Issue 8: "after a crash or restart the next dispatch finds jobs whose tasks are gone or
// expired and recovers them, with no person" (job-recovery.ts, run by every dispatch), and a
// succeeded data-collection job starts its connector's follow-up (YouTube: analytics-generation)
// once. The stepped test connector declares that follow-up here.
const TASKS = 3;
const STEPS = 2;

describeEachEngine('job recovery by the dispatcher', (engine) => {
  let rig: SteppedRig;

  beforeAll(async () => {
    rig = await startSteppedRig(engine, { concurrency: 2, followUps: true, settings: { tasksPerJob: TASKS, stepsPerTask: STEPS } });
  });
  afterAll(() => rig?.close());

  /** Moves a job's last sign of life back past the recovery pass's quiet time. */
  const age = (jobId: number) =>
    rig.runtime.database.db
      .updateTable('backfill_jobs')
      .set({ updated_at: toDbTime(new Date(rig.clock.now().getTime() - QUIET_JOB_MS - 60_000)) })
      .where('id', '=', jobId)
      .execute();
  const jobsOf = (connectionId: number) =>
    rig.runtime.database.db.selectFrom('backfill_jobs').select(['id', 'type', 'status', 'reason']).where('connection_id', '=', connectionId).orderBy('id').execute();
  /** Dispatches until nothing is left to run (a follow-up job is enqueued by the reports of the dispatch before it). */
  async function dispatchUntilIdle(): Promise<void> {
    for (let round = 0; round < 4; round++) if ((await rig.dispatch()).claimed === 0) return;
    throw new Error('the queue did not drain in 4 dispatches');
  }

  it('a job whose tasks all succeeded but whose status write was lost ends succeeded at the next dispatch, and its follow-up starts', async () => {
    const { db } = rig.runtime.database;
    const connection = await rig.connect('acme', 'lost-write');
    const job = await createJob(rig.runtime, rig.request(connection));
    // An invocation runs every task and is killed before it reports any: the queue has the
    // tasks' outcomes, the job row only what its step progress said (running).
    await rig.runUnreported();
    await db.updateTable('backfill_jobs').set({ status: 'running', started_at: toDbTime(rig.clock.now()) }).where('id', '=', job.id).execute();
    await age(job.id);
    expect((await rig.tasks({ jobId: job.id })).map((task) => task.status)).toEqual(Array.from({ length: TASKS }, () => 'succeeded'));
    expect(await jobsOf(connection.id)).toEqual([{ id: job.id, type: 'data-collection', status: 'running', reason: null }]);

    const recovery = await rig.dispatch();
    expect(recovery.recovered).toBeGreaterThanOrEqual(1);
    expect(await showJob(rig.runtime, job.id)).toMatchObject({ status: 'succeeded', progress: { done: TASKS, total: TASKS, steps_done: TASKS * STEPS }, finished_at: expect.any(String) });
    // The follow-up the lost write never started starts now, once, and runs.
    await dispatchUntilIdle();
    const jobs = await jobsOf(connection.id);
    expect(jobs.map((row) => [row.type, row.status])).toEqual([
      ['data-collection', 'succeeded'],
      ['analytics-generation', 'succeeded'],
    ]);
    expect(rig.controller.runsOf(rollupKey('acme', 'lost-write', TASKS)).map((run) => run.outcome)).toEqual(['ok']);
  });

  it('a job whose tasks were deleted is planned again from its config and completes', async () => {
    const { db } = rig.runtime.database;
    const connection = await rig.connect('acme', 'deleted');
    const job = await createJob(rig.runtime, rig.request(connection, { days: 2 }));
    await db.deleteFrom('job_tasks').where('job_id', '=', job.id).execute();
    await age(job.id);

    const summary = await rig.dispatch();
    expect(summary).toMatchObject({ recovered: expect.any(Number), claimed: 2, succeeded: 2 });
    expect(summary.recovered).toBeGreaterThanOrEqual(1);
    // Planned from its stored config (`days: 2`), not the connector's default of TASKS.
    expect((await rig.tasks({ jobId: job.id })).map((task) => [task.key, task.status])).toEqual([
      [stepsKey('acme', 'deleted', 0), 'succeeded'],
      [stepsKey('acme', 'deleted', 1), 'succeeded'],
    ]);
    expect(await showJob(rig.runtime, job.id)).toMatchObject({ status: 'succeeded', progress: { done: 2, total: 2 } });
    const log = await stepLog(db);
    expect([0, 1].map((index) => log.get(stepsKey('acme', 'deleted', index)))).toEqual([
      [1, 2],
      [1, 2],
    ]);
    await dispatchUntilIdle();
  });

  it('a job whose connection and tasks are gone ends failed (no_tasks), and its scope is free again', async () => {
    const { db } = rig.runtime.database;
    const connection = await rig.connect('acme', 'gone');
    const job = await createJob(rig.runtime, rig.request(connection));
    await db.deleteFrom('job_tasks').where('job_id', '=', job.id).execute();
    await db.deleteFrom('connections').where('id', '=', connection.id).execute();
    await age(job.id);

    expect(await rig.dispatch()).toMatchObject({ claimed: 0 });
    expect(await showJob(rig.runtime, job.id)).toMatchObject({ status: 'failed', reason: 'no_tasks', finished_at: expect.any(String) });
    const row = await db.selectFrom('backfill_jobs').select('active_scope').where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(row.active_scope).toBeNull();
  });

  it('a succeeded job starts its follow-up once, even when its last tasks finish together in two lanes', async () => {
    const connection = await rig.connect('acme', 'follow-up');
    const job = await createJob(rig.runtime, rig.request(connection, { days: 2 }));
    rig.controller.stepDelayMs = 20; // the two tasks run side by side and end together
    try {
      await dispatchUntilIdle();
    } finally {
      rig.controller.stepDelayMs = 0;
    }
    expect(await showJob(rig.runtime, job.id)).toMatchObject({ status: 'succeeded' });
    // Later dispatches and recovery passes find nothing to start again.
    rig.clock.advance(QUIET_JOB_MS + 60_000);
    await dispatchUntilIdle();
    const jobs = await jobsOf(connection.id);
    expect(jobs.map((row) => [row.type, row.status])).toEqual([
      ['data-collection', 'succeeded'],
      ['analytics-generation', 'succeeded'],
    ]);
    const followUp = await showJob(rig.runtime, Number(jobs[1]!.id));
    expect(followUp).toMatchObject({ config: { days: 2 }, progress: { done: 1, total: 1 } });
    expect(rig.controller.runsOf(rollupKey('acme', 'follow-up', 2)).map((run) => run.outcome)).toEqual(['ok']);
  });
});
