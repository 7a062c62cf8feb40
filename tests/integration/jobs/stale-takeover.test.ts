import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import { JobActiveError } from '../../../lib/errors.js';
import { touchJobs } from '../../../lib/jobs/backfill-jobs.repository.js';
import { createJob, showJob } from '../../../lib/jobs/jobs.service.js';
import { claimTasks, commitTaskStep } from '../../../lib/queue/repository/index.js';
import { describeEachEngine } from '../../support/engines.js';
import { stepLog, stepsKey } from '../../support/stepped-connector.js';
import { startSteppedRig, type SteppedRig } from '../../support/stepped-rig.js';

// Issue 8: "A job with no progress for 10 minutes is stale, and a new create takes it over: the
// old job ends `failed` with reason `superseded`, and none of its work is lost or run twice."
// Time moves by the runtime's clock, not by sleeping.
const MINUTE = 60_000;
const TASKS = 6;
const STEPS = 3;

describeEachEngine('a stale job taken over by a new create', (engine) => {
  let rig: SteppedRig;

  beforeAll(async () => {
    // One lane: the dispatch below runs the job's tasks in key order.
    rig = await startSteppedRig(engine, { concurrency: 1, settings: { tasksPerJob: TASKS, stepsPerTask: STEPS } });
  });
  afterAll(() => rig?.close());

  it('keeps every unit of work: done tasks stay done, the unfinished ones move with their checkpoints, each step is committed once', async () => {
    const { db } = rig.runtime.database;
    const connection = await rig.connect('acme', 'stale');
    const key = (index: number) => stepsKey('acme', 'stale', index);
    const old = await createJob(rig.runtime, rig.request(connection));

    // A dispatch finishes tasks 0 and 1, then its time is up (the hook moves the clock past its deadline).
    rig.controller.at(key(1), STEPS, () => rig.clock.advance(MINUTE + 1_000));
    expect(await rig.dispatch()).toMatchObject({ claimed: 2, succeeded: 2 });
    // A worker claims task 2, commits its first step (rows and checkpoint in one transaction, as
    // a handler's commitStep does) and dies: its lease will expire with the task `running`.
    const dead = await claimTasks(db, rig.runtime.claimStrategy, { batchSize: 1, leaseMs: MINUTE, now: rig.clock.now() });
    expect(dead.tasks.map((task) => task.dedupeKey)).toEqual([key(2)]);
    await inTransaction(db, async (trx) => {
      await trx.insertInto('test_step_log' as never).values({ task_key: key(2), step: 1 } as never).execute();
      await commitTaskStep(trx, { id: dead.tasks[0]!.id, leaseToken: dead.leaseToken }, { step: 1 }, rig.clock.now());
    });
    // Task 5 waits paused by its job (as a person's pause leaves a task).
    await db.updateTable('job_tasks').set({ status: 'paused', pause_reason: 'job' }).where('dedupe_key', '=', key(5)).execute();
    const before = await rig.tasks({ connectionId: connection.id });
    expect(before.map((task) => [task.status, task.stepsDone])).toEqual([
      ['succeeded', STEPS],
      ['succeeded', STEPS],
      ['running', 1],
      ['queued', 0],
      ['queued', 0],
      ['paused', 0],
    ]);

    rig.clock.advance(11 * MINUTE); // no progress, no heartbeat: stale
    const takenAt = rig.clock.now();
    const taken = await createJob(rig.runtime, rig.request(connection));
    expect(taken.id).not.toBe(old.id);
    // Running: it holds the dead worker's task, still `running` until its lease is reclaimed.
    expect(taken).toMatchObject({ status: 'running', progress: { done: 0, total: TASKS - 2 } });
    const superseded = await showJob(rig.runtime, old.id);
    expect(superseded).toMatchObject({ status: 'failed', reason: 'superseded', outcome: 'failed' });
    expect(new Date(superseded.finished_at!).getTime()).toBeGreaterThanOrEqual(takenAt.getTime());
    expect(superseded.errors.at(-1)).toEqual({ at: expect.any(String), message: expect.stringMatching(/^superseded: no progress for 10 minutes/) });
    const moved = await rig.tasks({ connectionId: connection.id });
    expect(moved.map((task) => [task.jobId === old.id ? 'old' : task.jobId === taken.id ? 'new' : task.jobId, task.status, task.pauseReason, task.checkpoint])).toEqual([
      ['old', 'succeeded', null, { step: STEPS }],
      ['old', 'succeeded', null, { step: STEPS }],
      ['new', 'running', null, { step: 1 }],
      ['new', 'queued', null, null],
      ['new', 'queued', null, null],
      ['new', 'queued', null, null],
    ]);

    // The new job runs to the end: the dead worker's expired lease is reclaimed under it (its
    // task waits the reclaim's short delay, 5–15 s, so the clock moves between invocations).
    let rounds = 0;
    const reclaimed: number[] = [];
    for (; rounds < 4 && (await showJob(rig.runtime, taken.id)).status !== 'succeeded'; rounds++) {
      reclaimed.push((await rig.dispatch()).reclaimed);
      rig.clock.advance(16_000);
    }
    expect(reclaimed).toEqual([1, 0]);
    const done = await showJob(rig.runtime, taken.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: { done: TASKS - 2, total: TASKS - 2, steps_done: (TASKS - 2) * STEPS } });
    expect((await showJob(rig.runtime, old.id)).status).toBe('failed');

    // Each step of each task committed exactly once; the done tasks were not run again, and the
    // moved one resumed after its checkpoint.
    const log = await stepLog(db);
    expect(Array.from({ length: TASKS }, (_, index) => log.get(key(index)))).toEqual(Array.from({ length: TASKS }, () => [1, 2, 3]));
    expect((await rig.tasks({ connectionId: connection.id })).map((task) => [task.status, task.stepsDone])).toEqual(Array.from({ length: TASKS }, () => ['succeeded', STEPS]));
    const runs = rig.controller.runs.filter((run) => run.key.includes(':stale:'));
    expect(runs.map((run) => [run.key, run.from, run.outcome, run.jobId === old.id ? 'old' : 'new'])).toEqual([
      [key(0), 1, 'ok', 'old'],
      [key(1), 1, 'ok', 'old'],
      ...[3, 4, 5].map((index) => [key(index), 1, 'ok', 'new']),
      [key(2), 2, 'ok', 'new'],
    ]);
  });

  it('a job whose heartbeat moved recently is live: a second create is refused naming it, until 10 minutes pass without one', async () => {
    const { db } = rig.runtime.database;
    const connection = await rig.connect('acme', 'heartbeat');
    const job = await createJob(rig.runtime, rig.request(connection));
    rig.clock.advance(9 * MINUTE);
    // What the dispatcher's heartbeat does for a job whose task is still running (dispatch.ts onHeartbeat).
    await touchJobs(db, [job.id], rig.clock.now());
    rig.clock.advance(2 * MINUTE); // 11 minutes after the create, 2 after the heartbeat

    const refused = await createJob(rig.runtime, rig.request(connection)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(JobActiveError);
    expect(refused).toMatchObject({ jobId: job.id, message: expect.stringContaining(`job ${job.id} is already active`) });
    expect((await showJob(rig.runtime, job.id)).status).toBe('pending');
    expect(new Set((await rig.tasks({ connectionId: connection.id })).map((task) => task.jobId))).toEqual(new Set([job.id]));
    expect(await db.selectFrom('backfill_jobs').select('id').where('scope', '=', job.scope).execute()).toHaveLength(1);

    rig.clock.advance(8 * MINUTE); // now 10 minutes without a sign of life
    const taken = await createJob(rig.runtime, rig.request(connection));
    expect(taken.id).not.toBe(job.id);
    expect(await showJob(rig.runtime, job.id)).toMatchObject({ status: 'failed', reason: 'superseded' });
    expect(taken.progress.total).toBe(rig.settings.tasksPerJob);
  });
});
