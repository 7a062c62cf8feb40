import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from '../../../lib/connections/connections.repository.js';
import { JobActiveError } from '../../../lib/errors.js';
import { createJob, showJob } from '../../../lib/jobs/jobs.service.js';
import { describeEachEngine } from '../../support/engines.js';
import type { CreateOutcome } from '../../support/create-job-process.js';
import { stepLog, stepsKey, type StepRun } from '../../support/stepped-connector.js';
import { startSteppedRig, type SteppedRig } from '../../support/stepped-rig.js';
import { testEnv } from '../../support/test-env.js';

// Issue 8: "One active job per scope: a concurrent second create answers 409 naming the active
// job" — 8 creates of one scope at once make exactly one job, the 7 others are refused naming
// it, and the job's tasks are enqueued once. In one process on both engines; on MariaDB also
// from several processes at once, each a whole Sluice instance that then dispatches.
const CREATES = 8;
const MINUTE = 60_000;

/** One create won, the others were refused naming it; the connection's jobs are `before` and it; its tasks, all of them. */
async function expectOneJob(rig: SteppedRig, connectionId: number, outcomes: CreateOutcome[], before: number[] = []): Promise<number> {
  const created = outcomes.flatMap((outcome) => ('created' in outcome ? [outcome.created] : []));
  expect(created).toHaveLength(1);
  const jobId = created[0]!;
  expect(outcomes.filter((outcome) => !('created' in outcome))).toEqual(Array.from({ length: CREATES - 1 }, () => ({ active: jobId })));
  const { db } = rig.runtime.database;
  const jobs = await db.selectFrom('backfill_jobs').select(['id', 'status', 'active_scope']).where('connection_id', '=', connectionId).execute();
  expect(jobs.map((job) => Number(job.id))).toEqual([...before, jobId]);
  const tasks = await rig.tasks({ connectionId });
  expect(tasks).toHaveLength(rig.settings.tasksPerJob);
  expect(new Set(tasks.map((task) => task.jobId))).toEqual(new Set([jobId]));
  expect((await showJob(rig.runtime, jobId)).progress.total).toBe(rig.settings.tasksPerJob);
  return jobId;
}

describeEachEngine('concurrent creates of one scope', (engine) => {
  let rig: SteppedRig;

  beforeAll(async () => {
    // Six lanes: a pool of eight connections, so the creates really overlap on MariaDB.
    rig = await startSteppedRig(engine, { concurrency: 6, settings: { tasksPerJob: 5, stepsPerTask: 2 } });
  });
  afterAll(() => rig?.close());

  const createsAtOnce = (connection: Connection) =>
    Promise.all(
      Array.from({ length: CREATES }, async (): Promise<CreateOutcome> => {
        try {
          return { created: (await createJob(rig.runtime, rig.request(connection))).id };
        } catch (error) {
          if (error instanceof JobActiveError) return { active: error.jobId };
          throw error;
        }
      }),
    );

  it(`${CREATES} creates at once: one job, ${CREATES - 1} refusals naming it, its tasks enqueued once`, async () => {
    const connection = await rig.connect('acme', 'burst');
    const jobId = await expectOneJob(rig, connection.id, await createsAtOnce(connection));
    // The one job runs once: every step of every task committed once.
    expect(await rig.dispatch()).toMatchObject({ succeeded: rig.settings.tasksPerJob });
    expect((await showJob(rig.runtime, jobId)).status).toBe('succeeded');
    const log = await stepLog(rig.runtime.database.db);
    expect(Array.from({ length: rig.settings.tasksPerJob }, (_, index) => log.get(stepsKey('acme', 'burst', index)))).toEqual(
      Array.from({ length: rig.settings.tasksPerJob }, () => [1, 2]),
    );
  });

  it(`${CREATES} creates at once over a stale job: one takes it over, once; the others are refused naming the new job`, async () => {
    const connection = await rig.connect('acme', 'stale-burst');
    const stale = await createJob(rig.runtime, rig.request(connection));
    rig.clock.advance(11 * MINUTE);
    const jobId = await expectOneJob(rig, connection.id, await createsAtOnce(connection), [stale.id]);
    const superseded = await showJob(rig.runtime, stale.id);
    expect(superseded).toMatchObject({ status: 'failed', reason: 'superseded' });
    expect(superseded.errors.filter((error) => error.message.startsWith('superseded'))).toHaveLength(1);
    expect(await rig.dispatch()).toMatchObject({ succeeded: rig.settings.tasksPerJob });
    expect((await showJob(rig.runtime, jobId)).status).toBe('succeeded');
  });
});

const describeMysql = testEnv.engines.includes('mysql') ? describe : describe.skip;

describeMysql('concurrent creates of one scope from several processes [mysql]', () => {
  const PROCESSES = 4;
  let rig: SteppedRig;

  beforeAll(async () => {
    // The processes' settings (create-job-process.ts): 8 tasks of 3 steps.
    rig = await startSteppedRig('mysql', { concurrency: 2, settings: { tasksPerJob: 8, stepsPerTask: 3 } });
  });
  afterAll(() => rig?.close());

  it(`${PROCESSES} processes × ${CREATES / PROCESSES} creates: one job, the others refused naming it; the processes' dispatches run each step once`, async () => {
    const connection = await rig.connect('acme', 'processes');
    const children = Array.from({ length: PROCESSES }, () =>
      spawn(process.execPath, ['--import', 'tsx', 'tests/support/create-job-process.ts', rig.database.url, 'acme', String(connection.id), String(CREATES / PROCESSES)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const outputs = children.map((child) => {
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      const ready = new Promise<void>((resolve) => child.stdout.on('data', () => text.includes('ready') && resolve()));
      const done = new Promise<string>((resolve, reject) => {
        child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`process exited with ${code}: ${text}`))));
      });
      return { ready, done };
    });
    await Promise.all(outputs.map((output) => output.ready));
    for (const child of children) child.stdin.end('go\n');
    const reports = (await Promise.all(outputs.map((output) => output.done))).map(
      (text) => JSON.parse(text.trim().split('\n').at(-1)!) as { outcomes: CreateOutcome[]; runs: StepRun[]; summary: { succeeded: number } },
    );

    const jobId = await expectOneJob(rig, connection.id, reports.flatMap((report) => report.outcomes));
    expect((await showJob(rig.runtime, jobId)).status).toBe('succeeded');
    // Every task ran once, in one of the processes, from its first step to its last.
    const runs = reports.flatMap((report) => report.runs);
    const keys = Array.from({ length: rig.settings.tasksPerJob }, (_, index) => stepsKey('acme', 'processes', index));
    expect(runs.map((run) => [run.key, run.from, run.outcome]).sort()).toEqual(keys.map((key) => [key, 1, 'ok']));
    expect(reports.reduce((sum, report) => sum + report.summary.succeeded, 0)).toBe(keys.length);
    const log = await stepLog(rig.runtime.database.db);
    expect(keys.map((key) => log.get(key))).toEqual(keys.map(() => [1, 2, 3]));
  }, 60_000);
});
