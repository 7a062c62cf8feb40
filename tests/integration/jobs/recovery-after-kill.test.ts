import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { fromDbJson } from '../../../db/values.js';
import { killWhen } from '../../../dev/chaos/kill-when.js';
import { expireLeases, makeWaitingTasksDue } from '../../../dev/chaos/lease-aging.js';
import { freePort, startServerProcess, type ServerProcess } from '../../../dev/chaos/server-process.js';
import { startSimulatorProcess, type SimulatorProcess } from '../../../dev/chaos/simulator-process.js';
import { compareStoredWithTruth, daysOfTasks } from '../../../dev/chaos/stored-vs-truth.js';
import type { DataComparison } from '../../../dev/chaos/chaos-report.js';
import type { KeyStats } from '../../../dev/simulators/_shared/simulator-stats.js';
import { CHUNK_DAYS } from '../../../lib/connectors/youtube/daily-channel.task.js';
import { chunkDays } from '../../../lib/shared/calendar-days.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// Issue 8: "recovery after the local server is killed with SIGKILL in the middle of a job (it
// completes, the data equals the simulator's ground truth, no chunk is fetched twice beyond the
// one in flight)", and recovery needs no person. One `npm start` server (its own process, crons
// off) runs a 6-chunk YouTube backfill against the simulator process; it is SIGKILLed while a
// chunk is part-way through, another server is started on the same database, and dispatch is
// called until the job has succeeded.
//
// Two stand-ins compress time, as in the chaos run (dev/chaos/lease-aging.ts): the dead
// server's leases are expired instead of waiting their 60 s (the lease length is a constant of
// the dispatcher, not a setting), and the 5–15 s delay a reclaim puts before a task's next run
// is made due at once. Claims, reclaims, checkpoints and resumes are the code under test.
//
// Each scenario connects a channel of its own, so its jobs, rows and simulator counters never
// mix with another's: a second scenario (another moment to kill) is one more `it`.
const ADMIN = 'recovery-admin-token';
const CRON = 'recovery-cron-secret';
const GOOGLE_CLIENT = { clientId: 'recovery-client.apps.googleusercontent.com', clientSecret: 'recovery-client-secret' };
const DISPATCH_CONCURRENCY = 2;
const CHUNKS = 6;
/** Per simulator response, about an Analytics report's: 42 calls in 2 lanes take ~8 s, room for a kill mid-chunk. */
const LATENCY_MS = 350;
/**
 * After the kill, before the state at the kill is read: a commit whose packet left before the
 * process died is still applied by MariaDB, and must be seen as done, not in flight.
 */
const SETTLE_AFTER_KILL_MS = 200;
const RECOVERY_ROUNDS = 8;

describeEachEngine('recovery after a server is SIGKILLed mid-job', (engine) => {
  let sim: SimulatorProcess;
  let database: TestDatabase;
  let logDir: string;

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), `sluice-recovery-${engine}-`));
    sim = await startSimulatorProcess({ ...GOOGLE_CLIENT, latencyMs: LATENCY_MS, videosPerChannel: 6, logFile: join(logDir, 'simulator.log') });
    database = await createTestDatabase(engine);
  }, 40_000);
  afterAll(async () => {
    await sim?.close();
    await database?.drop();
  });

  it('killed while a chunk is part-way: the job succeeds, rows equal the ground truth, only the days in flight are fetched again', async () => {
    const run = await runKillScenario({ sim, database, logDir, engine }, { channel: 'recovery-mid-chunk', moment: chunkPartWayWithWorkLeft });
    process.stdout.write(`\nrecovery after SIGKILL [${engine}]: ${JSON.stringify(run.timings)}; in flight at the kill: ${[...run.inFlightDays].join(', ') || 'none'}\n`);

    // The kill came where the scenario says: a chunk had finished, one had committed some of
    // its days (so the resume is tested), and chunks were still queued.
    expect(run.atKill.filter((task) => task.status === 'succeeded').length).toBeGreaterThanOrEqual(1);
    expect(run.atKill.some((task) => task.status === 'running' && task.stepsDone >= 1)).toBe(true);
    expect(run.atKill.filter((task) => task.status === 'queued').length).toBeGreaterThanOrEqual(1);
    expect(run.inFlightDays.size).toBeGreaterThanOrEqual(1);
    expect(run.inFlightDays.size).toBeLessThanOrEqual(DISPATCH_CONCURRENCY);

    expect(run.job.status).toBe('succeeded');
    expect(run.job.progress).toMatchObject({ done: CHUNKS, total: CHUNKS });
    // Every day was committed once: a chunk run again from its start would commit its days twice.
    expect(run.finalTasks.map((task) => [task.status, task.stepsDone])).toEqual(Array.from({ length: CHUNKS }, () => ['succeeded', CHUNK_DAYS]));

    expect(run.data.expected).toBeGreaterThan(0);
    expect(run.data).toEqual({ expected: run.data.expected, equal: run.data.expected, missing: 0, wrong: 0, extra: 0 });

    // Each report day was asked for once, and answered 200; a day in flight at the kill at most
    // twice (the killed server's request and the resumed chunk's). A finished chunk run again,
    // or a part-done one restarted from its first day, fetches committed days again and fails here.
    expect(Object.keys(run.fetches).sort()).toEqual([...run.days].sort());
    const overFetched = Object.entries(run.fetches).filter(([day, stats]) => stats.total > (run.inFlightDays.has(day) ? 2 : 1));
    expect(overFetched).toEqual([]);
    expect(Object.entries(run.fetches).filter(([, stats]) => !stats.byStatus['200'])).toEqual([]);
    rmSync(logDir, { recursive: true, force: true }); // kept when an assertion failed: the servers' logs say why
  }, 60_000);
});

interface Rig {
  sim: SimulatorProcess;
  database: TestDatabase;
  logDir: string;
  engine: string;
}

interface KillScenario {
  /** The simulator channel it connects: one per scenario. */
  channel: string;
  /** When to kill the server, judged from the job's tasks (polled while it works). */
  moment(tasks: readonly TaskState[]): boolean;
}

interface TaskState {
  id: number;
  status: string;
  stepsDone: number;
  /** The chunk's days, oldest first. */
  days: string[];
  /** The last day committed (the checkpoint), if any. */
  through: string | null;
  leaseToken: string | null;
}

interface ScenarioRun {
  atKill: TaskState[];
  /** For each chunk running at the kill, the day after its checkpoint: what it may have been fetching. */
  inFlightDays: Set<string>;
  finalTasks: TaskState[];
  job: { status: string; progress: { done: number; total: number } };
  data: DataComparison;
  /** Every report day the job covers. */
  days: Set<string>;
  /** The simulator's Analytics counters for this channel, by report day. */
  fetches: Record<string, KeyStats>;
  timings: Record<string, number>;
}

/** A chunk has succeeded, another has committed some days and has at least two left, and a chunk waits. */
function chunkPartWayWithWorkLeft(tasks: readonly TaskState[]): boolean {
  return (
    tasks.some((task) => task.status === 'succeeded') &&
    tasks.some((task) => task.status === 'queued') &&
    tasks.some((task) => task.status === 'running' && task.stepsDone >= 1 && task.stepsDone <= CHUNK_DAYS - 2)
  );
}

async function runKillScenario(rig: Rig, scenario: KillScenario): Promise<ScenarioRun> {
  const { db } = rig.database;
  const started = Date.now();
  const mark = () => Date.now() - started;
  const env: Record<string, string> = {
    ...rig.sim.googleEnv,
    DATABASE_URL: rig.database.url,
    ADMIN_TOKEN: ADMIN,
    CRON_SECRET: CRON,
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 11).toString('base64'),
    YOUTUBE_BACKFILL_DAYS: String(CHUNKS * CHUNK_DAYS),
    DISPATCH_CONCURRENCY: String(DISPATCH_CONCURRENCY),
    CONNECTORS: 'youtube',
  };
  const startServer = async (name: string) => startServerProcess({ port: await freePort(), env, logFile: join(rig.logDir, `${scenario.channel}-${name}.log`) });

  const first = await startServer('first');
  const firstReadyMs = mark();
  let second: ServerProcess | undefined;
  try {
    const connected = await connectChannel(first, scenario.channel);
    expect(connected.backfill_enqueued).toBe(CHUNKS);
    const jobId = connected.job_id;

    const work = dispatch(first).catch(() => null); // its answer never comes: the server dies mid-call
    const kill = await killWhen(first, async () => scenario.moment(await taskStates(db, jobId)), { work });
    const killedMs = mark();
    await sleep(SETTLE_AFTER_KILL_MS);
    const atKill = await taskStates(db, jobId);
    const inFlightDays = new Set(atKill.flatMap((task) => (task.status === 'running' ? task.days.filter((day) => task.through === null || day > task.through).slice(0, 1) : [])));
    await work;

    // No server is up: every running task was the dead one's, so its leases may expire now.
    const held = atKill.flatMap((task) => (task.status === 'running' && task.leaseToken !== null ? [{ id: task.id, leaseToken: task.leaseToken }] : []));
    expect(await expireLeases(db, held, new Date(Date.now() - 1_000))).toHaveLength(held.length);

    second = await startServer('second');
    const secondReadyMs = mark();
    let rounds = 0;
    for (; rounds < RECOVERY_ROUNDS && (await jobRow(db, jobId)).status !== 'succeeded'; rounds++) {
      await dispatch(second);
      await makeWaitingTasksDue(db, new Date());
    }
    const recoveredMs = mark();

    const days = (await daysOfTasks(db, { jobId })).get(connected.channel_id) ?? new Set<string>();
    const analytics = (await rig.sim.stats())['analytics.reports.query'];
    const prefix = `${connected.channel_id}/`;
    const fetches = Object.fromEntries(Object.entries(analytics.byKey).flatMap(([key, stats]) => (key.startsWith(prefix) ? [[key.slice(prefix.length), stats]] : [])));
    return {
      atKill,
      inFlightDays,
      finalTasks: await taskStates(db, jobId),
      job: await jobRow(db, jobId),
      data: await compareStoredWithTruth(db, rig.sim, new Map([[connected.channel_id, days]])),
      days,
      fetches,
      timings: {
        first_server_ready_ms: firstReadyMs,
        kill_after_dispatch_ms: kill.waitedMs,
        killed_at_ms: killedMs,
        second_server_ready_ms: secondReadyMs,
        recovery_dispatches: rounds,
        recovered_in_ms: recoveredMs - secondReadyMs,
        total_ms: recoveredMs,
      },
    };
  } finally {
    await first.crash();
    await second?.stop();
  }
}

/** POST /api/oauth/youtube/exchange with the simulator's code for `channel`: the connection and its backfill job. */
async function connectChannel(server: ServerProcess, channel: string): Promise<{ channel_id: string; backfill_enqueued: number; job_id: number }> {
  const response = await fetch(`${server.url}/api/oauth/youtube/exchange`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant_id: 'recovery', code: `sim-code-${channel}` }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { channel_id: string; backfill_enqueued: number; job_id: number };
  if (response.status !== 200) throw new Error(`connecting ${channel} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** One dispatcher invocation (the cron's call); it answers once nothing is ready or its deadline passed. */
async function dispatch(server: ServerProcess): Promise<unknown> {
  const response = await fetch(`${server.url}/api/jobs/dispatch`, { method: 'POST', headers: { authorization: `Bearer ${CRON}` }, signal: AbortSignal.timeout(90_000) });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`dispatch answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

async function taskStates(db: Kysely<Database>, jobId: number): Promise<TaskState[]> {
  const rows = await db.selectFrom('job_tasks').select(['id', 'status', 'steps_done', 'checkpoint', 'payload', 'lease_token']).where('job_id', '=', jobId).orderBy('id').execute();
  return rows.map((row) => ({
    id: Number(row.id),
    status: row.status,
    stepsDone: Number(row.steps_done),
    days: chunkDays(fromDbJson<{ run_for_dt: string }>(row.payload)!.run_for_dt, CHUNK_DAYS),
    through: fromDbJson<{ through?: string }>(row.checkpoint)?.through ?? null,
    leaseToken: row.lease_token,
  }));
}

async function jobRow(db: Kysely<Database>, jobId: number): Promise<ScenarioRun['job']> {
  const row = await db.selectFrom('backfill_jobs').select(['status', 'progress']).where('id', '=', jobId).executeTakeFirstOrThrow();
  return { status: row.status, progress: fromDbJson<{ done: number; total: number }>(row.progress)! };
}
