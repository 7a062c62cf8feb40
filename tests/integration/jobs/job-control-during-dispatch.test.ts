import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { connectAccount } from '../../../lib/accounts/connect-account.js';
import { cancelJob, createJob, pauseJob, resumeJob, showJob } from '../../../lib/jobs/jobs.service.js';
import { resumePausedTasks } from '../../../lib/queue/repository/index.js';
import { describeEachEngine } from '../../support/engines.js';
import { STEPPED, stepLog, stepsKey } from '../../support/stepped-connector.js';
import { startSteppedRig, type SteppedRig } from '../../support/stepped-rig.js';

// Issue 8, Control: cancel, pause and resume while a dispatch is running the job. The handler of
// the test connector is held at a step boundary (one run after committing its first step, one
// before its first), the command is given, then the runs are let go: each must stop at its next
// commit, which is refused and rolled back (LeaseLostError), and the dispatch's late reports
// must not undo the command. Two lanes, so two of the job's four tasks are running at once.
describeEachEngine('job control while a dispatch runs it', (engine) => {
  let rig: SteppedRig;
  const TASKS = 4;
  const STEPS = 3;

  beforeAll(async () => {
    rig = await startSteppedRig(engine, { concurrency: 2, settings: { tasksPerJob: TASKS, stepsPerTask: STEPS } });
  });
  afterAll(() => rig?.close());

  /** Starts a job on its own account and a dispatch; resolves once task 0 has committed step 1 and task 1 waits before its first. */
  async function jobHeldMidDispatch(account: string) {
    const connection = await rig.connect('acme', account);
    const job = await createJob(rig.runtime, rig.request(connection));
    const key = (index: number) => stepsKey('acme', account, index);
    const afterFirstStep = rig.controller.hold(key(0), 1);
    const beforeFirstStep = rig.controller.hold(key(1), 0);
    const dispatched = rig.dispatch();
    await Promise.all([afterFirstStep.reached, beforeFirstStep.reached]);
    const release = () => {
      afterFirstStep.release();
      beforeFirstStep.release();
    };
    return { connection, job, key, dispatched, release };
  }

  it('cancel: running tasks stop at their next step, rolled back; unstarted ones are cancelled; the job stays cancelled after the late reports', async () => {
    const { job, key, dispatched, release } = await jobHeldMidDispatch('cancel');
    expect((await rig.tasks({ jobId: job.id })).map((task) => task.status)).toEqual(['running', 'running', 'queued', 'queued']);

    const cancelled = await cancelJob(rig.runtime, job.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', reason: 'cancelled', finished_at: expect.any(String) });
    expect((await rig.tasks({ jobId: job.id })).map((task) => [task.status, task.leaseToken])).toEqual(Array.from({ length: TASKS }, () => ['cancelled', null]));

    release();
    const summary = await dispatched;
    expect(summary).toMatchObject({ claimed: 2, succeeded: 0, leaseLost: 2, dead: 0, retried: 0 });
    // Task 0 kept the step it committed before the cancel; its second step, and task 1's first,
    // were refused: the rows written with them are gone.
    expect(rig.controller.runsOf(key(0))).toEqual([expect.objectContaining({ from: 1, committed: [1], outcome: 'LeaseLostError' })]);
    expect(rig.controller.runsOf(key(1))).toEqual([expect.objectContaining({ from: 1, committed: [], outcome: 'LeaseLostError' })]);
    expect(rig.controller.runsOf(key(2))).toEqual([]);
    const log = await stepLog(rig.runtime.database.db);
    expect([0, 1, 2, 3].map((index) => log.get(key(index)) ?? [])).toEqual([[1], [], [], []]);

    // The dispatch's reports of the refused runs came after the cancel: the job is as the cancel left it.
    const after = await showJob(rig.runtime, job.id);
    expect(after).toMatchObject({ status: 'cancelled', reason: 'cancelled', finished_at: cancelled.finished_at });
    expect(await rig.dispatch()).toMatchObject({ claimed: 0 });
    expect((await showJob(rig.runtime, job.id)).status).toBe('cancelled');
    expect((await rig.tasks({ jobId: job.id })).map((task) => task.status)).toEqual(Array.from({ length: TASKS }, () => 'cancelled'));
  });

  it('pause: tasks wait paused (reason job), no dispatch claims them, no attempt is spent; resume completes the job from the checkpoints', async () => {
    const { job, key, dispatched, release } = await jobHeldMidDispatch('pause');

    expect(await pauseJob(rig.runtime, job.id)).toMatchObject({ status: 'paused' });
    const paused = await rig.tasks({ jobId: job.id });
    expect(paused.map((task) => [task.status, task.pauseReason, task.leaseToken])).toEqual(Array.from({ length: TASKS }, () => ['paused', 'job', null]));
    // Another invocation while the first is still held: nothing of the paused job is claimable.
    expect(await rig.dispatch()).toMatchObject({ claimed: 0 });

    release();
    expect(await dispatched).toMatchObject({ claimed: 2, succeeded: 0, leaseLost: 2 });
    const afterRuns = await rig.tasks({ jobId: job.id });
    // A person's pause is no failure of the tasks': the claims' attempts were given back (task 0's
    // by its committed step, task 1's by the pause), and the refused runs spent none.
    expect(afterRuns.map((task) => [task.status, task.pauseReason, task.attempts, task.stepsDone, task.checkpoint])).toEqual([
      ['paused', 'job', 0, 1, { step: 1 }],
      ['paused', 'job', 0, 0, null],
      ['paused', 'job', 0, 0, null],
      ['paused', 'job', 0, 0, null],
    ]);
    expect((await showJob(rig.runtime, job.id)).status).toBe('paused');
    expect(await rig.dispatch()).toMatchObject({ claimed: 0 });

    expect(await resumeJob(rig.runtime, job.id)).toMatchObject({ status: 'running' });
    // The two the pause took from running workers wait until those workers' leases would have
    // expired (a request one sent may still be in flight); the two that never ran go at once.
    expect(await rig.dispatch()).toMatchObject({ claimed: TASKS - 2, succeeded: TASKS - 2 });
    rig.clock.advance(61_000);
    expect(await rig.dispatch()).toMatchObject({ claimed: 2, succeeded: 2 });
    const resumedRuns = rig.controller.runs.filter((run) => run.key.includes(':pause:') && run.outcome === 'ok');
    expect(resumedRuns.map((run) => [run.key, run.from]).sort()).toEqual([
      [key(0), 2],
      [key(1), 1],
      [key(2), 1],
      [key(3), 1],
    ]);
    const log = await stepLog(rig.runtime.database.db);
    expect([0, 1, 2, 3].map((index) => log.get(key(index)))).toEqual(Array.from({ length: TASKS }, () => [1, 2, 3]));
    const done = await showJob(rig.runtime, job.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: { done: TASKS, total: TASKS, percent: 100, steps_done: TASKS * STEPS } });
    expect((await rig.tasks({ jobId: job.id })).map((task) => [task.status, task.attempts])).toEqual(Array.from({ length: TASKS }, () => ['succeeded', 0]));
  });

  it('each resume event resumes only its own pauses: re-authorization leaves job-paused tasks, a job resume leaves re-authorization pauses', async () => {
    const connection = await rig.connect('acme', 'reauth');
    const job = await createJob(rig.runtime, rig.request(connection, { days: 3 }));
    const key = (index: number) => stepsKey('acme', 'reauth', index);
    // Task 0's grant is refused (parked for re-authorization); tasks 1 and 2 are held mid-run.
    rig.controller.failAuthorizationOnce(key(0));
    const holds = [rig.controller.hold(key(1), 1), rig.controller.hold(key(2), 0)];
    const dispatched = rig.dispatch();
    await Promise.all(holds.map((hold) => hold.reached));
    await pauseJob(rig.runtime, job.id);
    for (const hold of holds) hold.release();
    expect(await dispatched).toMatchObject({ claimed: 3, parked: 1, leaseLost: 2 });
    const reasons = async () => (await rig.tasks({ jobId: job.id })).map((task) => [task.status, task.pauseReason]);
    expect(await reasons()).toEqual([
      ['paused', 'reauth'],
      ['paused', 'job'],
      ['paused', 'job'],
    ]);

    // The job resumed: its own pauses go back to the queue, the grant's stays.
    expect(await resumeJob(rig.runtime, job.id)).toMatchObject({ status: 'running' });
    expect(await reasons()).toEqual([
      ['paused', 'reauth'],
      ['queued', null],
      ['queued', null],
    ]);
    // Paused again, then the account re-authorized: the grant's pause ends, the job's does not —
    // and task 0, whose job a person paused meanwhile, now waits for that person, not the queue.
    await pauseJob(rig.runtime, job.id);
    expect(await resumePausedTasks(rig.runtime.database.db, connection.id, rig.clock.now())).toBe(0);
    expect(await reasons()).toEqual([
      ['paused', 'job'],
      ['paused', 'job'],
      ['paused', 'job'],
    ]);
    expect(await rig.dispatch()).toMatchObject({ claimed: 0 });

    // Resumed by its person, the job completes: task 1 from its checkpoint, nothing twice.
    await resumeJob(rig.runtime, job.id);
    expect(await rig.dispatch()).toMatchObject({ succeeded: 3 });
    expect((await showJob(rig.runtime, job.id)).status).toBe('succeeded');
    const log = await stepLog(rig.runtime.database.db);
    expect([0, 1, 2].map((index) => log.get(key(index)))).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(rig.controller.runsOf(key(1)).map((run) => [run.from, run.outcome])).toEqual([
      [1, 'LeaseLostError'],
      [2, 'ok'],
    ]);
  });

  it('reconnecting the account (the OAuth exchange) resumes a re-authorization pause of a running job', async () => {
    const connection = await rig.connect('acme', 'reconnect');
    const job = await createJob(rig.runtime, rig.request(connection, { days: 1 }));
    rig.controller.failAuthorizationOnce(stepsKey('acme', 'reconnect', 0));
    expect(await rig.dispatch()).toMatchObject({ parked: 1 });
    expect((await showJob(rig.runtime, job.id)).status).toBe('paused');
    // A job paused by its grant is not a person's pause: resuming it is refused, and says why.
    await expect(resumeJob(rig.runtime, job.id)).rejects.toThrow(/re-authorization/);

    const again = await connectAccount(rig.runtime, STEPPED, 'acme', { code: 'code-reconnect' });
    expect(again).toMatchObject({ connection_id: connection.id, backfill_enqueued: 0, job_id: null });
    expect(await rig.dispatch()).toMatchObject({ succeeded: 1 });
    expect((await showJob(rig.runtime, job.id)).status).toBe('succeeded');
  });
});
