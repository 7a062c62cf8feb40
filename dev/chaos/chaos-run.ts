/**
 * The chaos run: several local servers (`npm start`, each its own process on its own port) share
 * one MariaDB database and one YouTube simulator process that fails Analytics requests at random
 * (by default 10% 5xx, 5% 429, 2% timeouts). Channels are connected through the OAuth exchange
 * endpoint, then dispatch calls go to every server while, at random moments, a random server is
 * SIGKILLed and started again — until no task is queued or running and every ended job's
 * follow-up has started, or the time bound. The
 * report compares what was stored with the simulator's ground truth and counts the Analytics
 * calls it took (chaos-report.ts).
 *
 * Time is compressed in two ways, both stand-ins for waiting, as the e2e tests do:
 * - a killed server's leases are expired by the harness instead of after 60 s (see
 *   `ageLeasesOfKilledServer`), so the next dispatch reclaims them;
 * - retry backoffs are made due at once (`run_after` of queued tasks moved to now), so a chunk
 *   that failed is tried again within the run rather than minutes later.
 * Everything else — claims, leases, heartbeats, attempts, retries, reclaims — is the code under test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultRates } from '../simulators/_shared/random-faults.js';
import { mulberry32 } from '../simulators/_shared/seeded-random.js';
import { findJobsMissingFollowUp } from '../../lib/jobs/backfill-jobs.repository.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../throwaway-database.js';
import { callFigures, type ChaosReport, type ChaosTask } from './chaos-report.js';
import { expireLeases, makeWaitingTasksDue, runningLeases } from './lease-aging.js';
import { freePort, startServerProcess, type ServerProcess } from './server-process.js';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process.js';
import { compareStoredWithTruth, daysOfTasks } from './stored-vs-truth.js';

export const DEFAULT_FAULT_RATES = { serverError: 0.1, rateLimited: 0.05, timeout: 0.02 } as const satisfies FaultRates;

export interface ChaosRunOptions {
  /** MariaDB/MySQL server (no database): the run creates and drops its own. Default root@127.0.0.1:3306. */
  mysqlAdminUrl?: string;
  /** Local servers running at once. Default 3. */
  servers?: number;
  /** Channels connected (one OAuth exchange each). Default 3. */
  channels?: number;
  /** YOUTUBE_BACKFILL_DAYS: chunks per channel = ceil(days / 7). Default 84 (12 chunks; 36 with 3 channels). */
  backfillDays?: number;
  videosPerChannel?: number;
  faultRates?: FaultRates;
  /** Seeds the simulator's faults and the harness's kill schedule. Default 1. */
  seed?: number;
  /** Kills planned (each followed by a restart). Default 24. */
  killCycles?: number;
  /** Pause before each kill, drawn uniformly from [min, max] ms. Default [500, 1500]. */
  killGapMs?: readonly [number, number];
  /** Dispatch calls kept in flight against each server. Default 1. */
  dispatchesPerServer?: number;
  /** DISPATCH_CONCURRENCY of each server. Default 2: few tasks per instance, so that a kill
   * interrupts a task that has had time to make progress (see README, chaos run). */
  dispatchConcurrency?: number;
  /** YOUTUBE_REQUESTS_PER_SECOND of each server. Default 10 (the product's default). */
  requestsPerSecond?: number;
  /** Simulator latency per response. Default 400 ms, about what Analytics reports take; it also
   * stretches the work so that the planned kills land while there is work left. */
  latencyMs?: number;
  /** The run ends here even with work left (the report says so). Default 240 s. */
  maxWallMs?: number;
  /** Server and simulator logs go here. Default: a new temp directory. */
  logDir?: string;
  /** Progress lines (kills, periodic counts). */
  onProgress?: (line: string) => void;
}

interface ServerSlot {
  index: number;
  port: number;
  process: ServerProcess | null;
  /** Dispatch calls to this server not yet answered. */
  inFlight: Set<Promise<unknown>>;
}

const ADMIN_TOKEN = 'chaos-admin-token';
const CRON_SECRET = 'chaos-cron-secret';
const GOOGLE_CLIENT = { clientId: 'chaos-client.apps.googleusercontent.com', clientSecret: 'chaos-client-secret' };
/** Longer than a dispatch invocation can last (60 s), so a call in flight means an invocation in flight. */
const DISPATCH_CALL_TIMEOUT_MS = 90_000;
const IDLE_PAUSE_MS = 250;
/** A server that fails to start (e.g. its port not yet free after the kill) is tried again, this often. */
const START_ATTEMPTS = 3;
const TICK_MS = 500;
/** How far ahead a killed server's leases are made to expire (see ageLeasesOfKilledServer). */
const AGED_LEASE_GRACE_MS = 2_000;

export async function runChaos(options: ChaosRunOptions = {}): Promise<ChaosReport> {
  const settings = {
    servers: options.servers ?? 3,
    channels: options.channels ?? 3,
    backfillDays: options.backfillDays ?? 84,
    faultRates: options.faultRates ?? DEFAULT_FAULT_RATES,
    seed: options.seed ?? 1,
    killCycles: options.killCycles ?? 24,
    killGapMs: options.killGapMs ?? [500, 1_500],
    dispatchesPerServer: options.dispatchesPerServer ?? 1,
    maxWallMs: options.maxWallMs ?? 240_000,
  };
  const progress = options.onProgress ?? (() => {});
  const logDir = options.logDir ?? mkdtempSync(join(tmpdir(), 'sluice-chaos-'));
  const random = mulberry32(settings.seed ^ 0x5eed);
  let sim: SimulatorProcess | undefined;
  let database: ThrowawayDatabase | undefined;
  const slots: ServerSlot[] = [];
  try {
    sim = await startSimulatorProcess({
      ...GOOGLE_CLIENT,
      faultRates: settings.faultRates,
      seed: settings.seed,
      videosPerChannel: options.videosPerChannel ?? 12,
      latencyMs: options.latencyMs ?? 400,
      logFile: join(logDir, 'simulator.log'),
    });
    database = await createThrowawayDatabase('mysql', { mysqlAdminUrl: options.mysqlAdminUrl, prefix: 'sluice_chaos', connectionLimit: 4 });
    const serverEnv: Record<string, string> = {
      ...sim.googleEnv,
      DATABASE_URL: database.url,
      ADMIN_TOKEN,
      CRON_SECRET,
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      YOUTUBE_BACKFILL_DAYS: String(settings.backfillDays),
      YOUTUBE_REQUESTS_PER_SECOND: String(options.requestsPerSecond ?? 10),
      DISPATCH_CONCURRENCY: String(options.dispatchConcurrency ?? 2),
      CONNECTORS: 'youtube',
    };
    const start = async (slot: ServerSlot) => {
      for (let attempt = 1; ; attempt++) {
        try {
          slot.process = await startServerProcess({ port: slot.port, env: serverEnv, logFile: join(logDir, `server-${slot.index}.log`) });
          return;
        } catch (error) {
          if (attempt >= START_ATTEMPTS) throw error;
          await sleep(500);
        }
      }
    };
    for (let index = 0; index < settings.servers; index++) slots.push({ index, port: await freePort(), process: null, inFlight: new Set() });
    await Promise.all(slots.map(start));

    const chunks = await connectChannels(slots, settings.channels);
    progress(`connected ${settings.channels} channels: ${chunks} chunks; ${settings.servers} servers; logs in ${logDir}`);
    const startedAt = Date.now();
    const run = await chaosLoop({ db: database.db, slots, start, random, settings, progress });
    const wallSeconds = (Date.now() - startedAt) / 1_000;
    await stopServers(slots, run.timedOut);

    const facts = await collectFacts(database, sim);
    return {
      servers: settings.servers,
      channels: settings.channels,
      chunks,
      faultRates: { ...settings.faultRates },
      seed: settings.seed,
      tasksByStatus: facts.tasksByStatus,
      deadTasks: facts.tasks.filter((task) => task.status === 'dead'),
      data: facts.data,
      calls: callFigures((await sim.stats())['analytics.reports.query'], chunks),
      killCycles: run.killCycles,
      killCyclesPlanned: settings.killCycles,
      leasesAged: run.leasesAged,
      wallSeconds,
      timedOut: run.timedOut,
      logDir,
    };
  } finally {
    await stopServers(slots, true);
    await sim?.close();
    await database?.drop();
  }
}

/** One OAuth exchange per channel, spread over the servers; the total of chunks they enqueued. */
async function connectChannels(slots: readonly ServerSlot[], channels: number): Promise<number> {
  let chunks = 0;
  for (let i = 0; i < channels; i++) {
    const slot = slots[i % slots.length]!;
    const response = await fetch(`${slot.process!.url}/api/oauth/youtube/exchange`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant_id: 'chaos', code: `sim-code-chaos${i + 1}` }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { backfill_enqueued?: number };
    if (response.status !== 200 || typeof body.backfill_enqueued !== 'number') {
      throw new Error(`connecting channel chaos${i + 1} answered ${response.status}: ${JSON.stringify(body)}`);
    }
    chunks += body.backfill_enqueued;
  }
  return chunks;
}

interface LoopContext {
  db: ThrowawayDatabase['db'];
  slots: ServerSlot[];
  start(slot: ServerSlot): Promise<void>;
  random: () => number;
  settings: { killCycles: number; killGapMs: readonly [number, number]; dispatchesPerServer: number; maxWallMs: number };
  progress: (line: string) => void;
}

/** Dispatch pumps, the killer and a ticker, until nothing is queued or running (or the bound). */
async function chaosLoop(context: LoopContext): Promise<{ killCycles: number; leasesAged: number; timedOut: boolean }> {
  const { db, slots, settings, random, progress } = context;
  const allInFlight = new Set<Promise<unknown>>();
  const agings = new Set<Promise<void>>();
  const restarts = new Set<Promise<void>>();
  const deadline = Date.now() + settings.maxWallMs;
  let stopping = false;
  let killCycles = 0;
  const agedLeases = new Set<string>();

  const dispatchOn = (slot: ServerSlot): Promise<{ claimed: number } | null> => {
    const call = fetch(`${slot.process!.url}/api/jobs/dispatch`, {
      headers: { authorization: `Bearer ${CRON_SECRET}` },
      signal: AbortSignal.timeout(DISPATCH_CALL_TIMEOUT_MS),
    })
      .then(async (response) => (response.ok ? ((await response.json()) as { claimed: number }) : null))
      .catch(() => null); // the server was killed mid-call
    slot.inFlight.add(call);
    allInFlight.add(call);
    void call.finally(() => {
      slot.inFlight.delete(call);
      allInFlight.delete(call);
    });
    return call;
  };

  const pump = async (slot: ServerSlot) => {
    while (!stopping) {
      if (!slot.process) {
        await sleep(100);
        continue;
      }
      const answer = await dispatchOn(slot);
      if (!answer || answer.claimed === 0) await sleep(IDLE_PAUSE_MS);
    }
  };

  /**
   * Stands in for the 60 s a killed server's leases would take to expire. The killed server's
   * tasks are the ones running now whose lease no live invocation holds: every invocation that
   * could hold a lease seen now is a dispatch call in flight now (crons are off, and a call lasts
   * as long as its invocation), so once those calls have ended, a task still running under the
   * same lease token belongs to a dead process. Only those leases are shortened; live servers'
   * leases are never touched, so no live finish is refused because of the harness.
   *
   * The new expiry is AGED_LEASE_GRACE_MS ahead rather than in the past: a reclaim decides
   * `dead` (attempts spent) and `queued` (the rest) in two statements with one `now`, and a lease
   * that turned expired between them would be requeued with no attempt left — an artefact no
   * real clock produces, since leases only ever move forward. An expiry after the write commits
   * looks the same to both statements of any reclaim.
   */
  const ageLeasesOfKilledServer = async () => {
    const running = await runningLeases(db);
    await Promise.allSettled([...allInFlight]);
    for (const lease of await expireLeases(db, running, new Date(Date.now() + AGED_LEASE_GRACE_MS))) agedLeases.add(`${lease.id}:${lease.leaseToken}`);
  };

  const track = <T>(set: Set<Promise<T>>, promise: Promise<T>) => {
    set.add(promise);
    void promise.finally(() => set.delete(promise));
  };

  const killer = async () => {
    const [minGap, maxGap] = settings.killGapMs;
    while (!stopping && killCycles < settings.killCycles) {
      await sleep(minGap + random() * (maxGap - minGap));
      const up = slots.filter((slot) => slot.process !== null);
      if (stopping || up.length < 2) continue; // always leave one server serving
      const busy = up.filter((slot) => slot.inFlight.size > 0);
      const pool = busy.length > 0 ? busy : up;
      const victim = pool[Math.floor(random() * pool.length)]!;
      const killed = victim.process!;
      victim.process = null;
      await killed.crash();
      killCycles++;
      progress(`kill ${killCycles}/${settings.killCycles}: server ${victim.index} (pid ${killed.pid})`);
      track(agings, ageLeasesOfKilledServer().catch((error: unknown) => progress(`lease aging failed: ${String(error)}`)));
      track(restarts, context.start(victim).catch((error: unknown) => progress(`restart of server ${victim.index} failed: ${String(error)}`)));
    }
  };

  const pumps = slots.flatMap((slot) => Array.from({ length: settings.dispatchesPerServer }, () => pump(slot)));
  const killing = killer();
  let timedOut = false;
  let lastReport = Date.now();
  try {
    for (;;) {
      await sleep(TICK_MS);
      // Retry backoffs (seconds to minutes) made due now: the stand-in for time passing.
      await makeWaitingTasksDue(db, new Date());
      const counts = await countByStatus(db);
      if (Date.now() - lastReport >= 5_000) {
        lastReport = Date.now();
        progress(`tasks ${JSON.stringify(counts)}; kills ${killCycles}`);
      }
      // Done also needs every ended job's follow-up started: a server killed between a job's last
      // task and its follow-up leaves that to a later dispatch's recovery pass (job-recovery.ts).
      if ((counts['queued'] ?? 0) + (counts['running'] ?? 0) === 0 && agings.size === 0 && (await findJobsMissingFollowUp(db, new Date(Date.now() + 60_000), ['youtube'], 1)).length === 0) break;
      if (Date.now() >= deadline) {
        timedOut = true;
        break;
      }
    }
  } finally {
    stopping = true;
    await killing;
    await Promise.allSettled([...restarts]);
    await Promise.allSettled(pumps);
    await Promise.allSettled([...agings]);
  }
  return { killCycles, leasesAged: agedLeases.size, timedOut };
}

async function stopServers(slots: readonly ServerSlot[], crash: boolean): Promise<void> {
  await Promise.allSettled(
    slots.map(async (slot) => {
      const running = slot.process;
      slot.process = null;
      if (running) await (crash ? running.crash() : running.stop());
    }),
  );
}

async function countByStatus(db: ThrowawayDatabase['db']): Promise<Record<string, number>> {
  const rows = await db.selectFrom('job_tasks').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** Tasks as they ended, and the stored rows against the ground truth of every task's window. */
async function collectFacts(database: ThrowawayDatabase, sim: SimulatorProcess) {
  const rows = await database.db.selectFrom('job_tasks').select(['id', 'dedupe_key', 'status', 'attempts', 'last_error']).orderBy('id').execute();
  const tasks: ChaosTask[] = rows.map((row) => ({ id: row.id, dedupeKey: row.dedupe_key, status: row.status, attempts: row.attempts, lastError: row.last_error }));
  const tasksByStatus = await countByStatus(database.db);
  const data = await compareStoredWithTruth(database.db, sim, await daysOfTasks(database.db));
  return { tasks, tasksByStatus, data };
}
