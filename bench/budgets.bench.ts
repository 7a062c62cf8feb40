/**
 * `npm run bench:budgets`: several dispatcher instances at once against one vendor limit. The
 * YouTube simulator allows BENCH_RATE Analytics requests in any sliding second (429 above it)
 * and adds BENCH_LATENCY_MS to each; BENCH_CHANNELS channels of BENCH_TENANTS tenants are
 * connected in a fresh MariaDB database, their backfills enqueued; then BENCH_INVOCATIONS child
 * processes — separate instances, as Vercel runs them — each run dispatcher invocations until
 * no task is queued (bench/dispatch-until-empty.ts), all configured alike:
 * YOUTUBE_REQUESTS_PER_SECOND = BENCH_RATE, DISPATCH_CONCURRENCY by Little's law.
 *
 * Prints the allowed rate, the achieved rate and its ratio to the allowed one, the 429s and their
 * share, the most requests in any sliding second, wall time, tasks succeeded and the stored rows
 * against the simulator's ground truth: a table, then the same as one JSON line. When each
 * instance paces only itself, N instances send about N times the rate and many are refused;
 * budgets shared through the database keep them all within it. Exits non-zero only when
 * something crashed, never for a missed target.
 *
 * Env: BENCH_RATE (10 req/s), BENCH_LATENCY_MS (100), BENCH_INVOCATIONS (4), BENCH_CHANNELS (6),
 * BENCH_TENANTS (3), BENCH_DAYS (56: 8 chunks of 7 calls per channel), BENCH_VIDEOS (12),
 * BENCH_CONCURRENCY (DISPATCH_CONCURRENCY; default from the rate and latency), BENCH_MAX_SECONDS
 * (150: the instances are stopped then, work left or not), BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306/).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChild, type RunningChild } from '../dev/chaos/child-process.js';
import { compareStoredWithTruth, daysOfTasks } from '../dev/chaos/stored-vs-truth.js';
import { CALLS_PER_CHUNK } from '../dev/chaos/chaos-report.js';
import { startYouTubeSimulator } from '../dev/simulators/youtube/index.js';
import { createThrowawayDatabase } from '../dev/throwaway-database.js';
import { connectAccount } from '../lib/accounts/connect-account.js';
import { loadConfig } from '../lib/config/env.js';
import { countTasksByStatus } from '../lib/queue/repository/index.js';
import { createRuntime } from '../lib/runtime.js';
import { silentLogger } from '../lib/shared/logger.js';
import type { InvocationTotals } from './dispatch-until-empty.js';
import { writeFileSync } from 'node:fs';
import { measureReservationCost } from './reservation-cost.js';
import { lanesForRate, MAX_LIMITED_SHARE, MIN_ACHIEVED_RATIO, rateFigures } from './rate-figures.js';
import { envNumber } from './bench-env.js';

const number = envNumber;
const RATE = number('BENCH_RATE', 10);
const LATENCY_MS = number('BENCH_LATENCY_MS', 100);
const INVOCATIONS = number('BENCH_INVOCATIONS', 4);
const CHANNELS = number('BENCH_CHANNELS', 6);
const TENANTS = number('BENCH_TENANTS', 3);
const DAYS = number('BENCH_DAYS', 56);
const VIDEOS = number('BENCH_VIDEOS', 12);
const CONCURRENCY = number('BENCH_CONCURRENCY', lanesForRate(RATE, LATENCY_MS));
const MAX_SECONDS = number('BENCH_MAX_SECONDS', 150);
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';

const GOOGLE_CLIENT = { clientId: 'bench-budgets', clientSecret: 'bench-budgets-secret' };
const benchStarted = Date.now();
const progress = (line: string) => process.stderr.write(`  [${((Date.now() - benchStarted) / 1_000).toFixed(1)} s] ${line}\n`);

async function benchBudgets() {
  const logDir = mkdtempSync(join(tmpdir(), 'sluice-bench-budgets-'));
  const sim = await startYouTubeSimulator({ latencyMs: LATENCY_MS, ratePerSecond: RATE, videosPerChannel: VIDEOS, ...GOOGLE_CLIENT });
  try {
    const database = await createThrowawayDatabase('mysql', { mysqlAdminUrl: MYSQL_URL, prefix: 'sluice_bench_budgets', connectionLimit: 4 });
    try {
      // One environment for every instance, and for the harness that connects the channels.
      const env: Record<string, string> = {
        DATABASE_URL: database.url,
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        CONNECTORS: 'youtube',
        GOOGLE_CLIENT_ID: GOOGLE_CLIENT.clientId,
        GOOGLE_CLIENT_SECRET: GOOGLE_CLIENT.clientSecret,
        GOOGLE_OAUTH_TOKEN_URL: sim.oauthTokenUrl,
        YOUTUBE_ANALYTICS_ROOT_URL: sim.analyticsRootUrl,
        YOUTUBE_DATA_ROOT_URL: sim.dataRootUrl,
        YOUTUBE_BACKFILL_DAYS: String(DAYS),
        YOUTUBE_REQUESTS_PER_SECOND: String(RATE),
        DISPATCH_CONCURRENCY: String(CONCURRENCY),
        LOG_LEVEL: 'warn',
      };
      const chunks = await connectChannels(env);
      progress(`connected ${CHANNELS} channels: ${chunks} chunks enqueued`);
      // The connections' Data API calls are not part of the run.
      const run = await runInstances(env, logDir, () => sim.resetStats());
      const analytics = sim.stats()['analytics.reports.query'];
      // BENCH_DUMP=path: the arrival times, for a look at any window over the limit.
      if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, JSON.stringify(analytics.timestamps));
      return {
        ...run,
        chunks,
        minimumCalls: chunks * CALLS_PER_CHUNK,
        rate: rateFigures(analytics, RATE),
        byStatus: analytics.byStatus,
        tasks: await countTasksByStatus(database.db),
        rows: await compareStoredWithTruth(database.db, { groundTruth: async (...args) => sim.groundTruth(...args) }, await daysOfTasks(database.db)),
        logDir,
      };
    } finally {
      await database.drop();
    }
  } finally {
    await sim.close();
  }
}

/** CHANNELS channels, spread over TENANTS tenants, each with its backfill enqueued; the chunks enqueued. */
async function connectChannels(env: Record<string, string>): Promise<number> {
  const runtime = await createRuntime(loadConfig(env), { logger: silentLogger });
  try {
    let chunks = 0;
    for (let i = 0; i < CHANNELS; i++) {
      const connected = await connectAccount(runtime, 'youtube', `tenant-${i % TENANTS}`, { code: `sim-code-budgets${i + 1}` });
      chunks += connected.backfill_enqueued;
    }
    return chunks;
  } finally {
    await runtime.database.destroy();
  }
}

/**
 * INVOCATIONS instances started, then let go at once (`beforeStart` runs just before), until each
 * has found the queue empty or MAX_SECONDS have passed; their totals, and the time from the start
 * to the last one's end. An instance that ended without its totals crashed: that is thrown.
 */
async function runInstances(env: Record<string, string>, logDir: string, beforeStart: () => void) {
  const instances = Array.from({ length: INVOCATIONS }, (_, i) => ({ resultFile: join(logDir, `instance-${i}.json`), logFile: join(logDir, `instance-${i}.log`) }));
  const children: RunningChild[] = [];
  try {
    const started = await Promise.allSettled(
      instances.map(({ resultFile, logFile }) => startChild({ script: 'bench/dispatch-until-empty.ts', env: { ...env, BENCH_RESULT_FILE: resultFile }, logFile, ready: /^ready$/m })),
    );
    for (const child of started) if (child.status === 'fulfilled') children.push(child.value);
    const failed = started.find((child) => child.status === 'rejected');
    if (failed) throw failed.reason;
    progress(`${INVOCATIONS} instances ready; go`);
    beforeStart();
    const startedAt = Date.now();
    for (const child of children) process.kill(child.pid, 'SIGUSR2');
    const bound = new AbortController();
    const timedOut = await Promise.race([
      Promise.all(children.map((child) => child.exited)).then(() => false),
      sleep(MAX_SECONDS * 1_000, true, { signal: bound.signal }),
    ]);
    bound.abort();
    progress(timedOut ? 'time bound hit: instances stopped' : 'every instance is done');
    if (timedOut) return { instances: [], timedOut, wallSeconds: MAX_SECONDS };

    const crashed = instances.filter(({ resultFile }) => !existsSync(resultFile)).map(({ logFile }) => logFile);
    if (crashed.length > 0) throw new Error(`${crashed.length} instance(s) ended without their totals; see ${crashed.join(', ')}`);
    const totals = instances.map(({ resultFile }) => JSON.parse(readFileSync(resultFile, 'utf8')) as InvocationTotals);
    return { instances: totals, timedOut, wallSeconds: (Math.max(...totals.map((t) => t.finishedAt)) - startedAt) / 1_000 };
  } finally {
    await Promise.all(children.map((child) => child.kill('SIGKILL')));
  }
}

console.log(
  `Budget benchmark: ${INVOCATIONS} dispatcher instances (processes), ${CHANNELS} channels of ${TENANTS} tenants × ${DAYS} days, ` +
    `${RATE} req/s allowed (sliding second), ${LATENCY_MS} ms per call, DISPATCH_CONCURRENCY ${CONCURRENCY}, Node ${process.version}`,
);
const b = await benchBudgets();

const { rate } = b;
const verdict = (met: boolean) => (met ? 'MET' : 'NOT MET');
const percent = (value: number) => `${(100 * value).toFixed(2)}%`;
const totalTasks = Object.values(b.tasks).reduce((sum, n) => sum + n, 0);
const rows: [string, string, string][] = [
  ['allowed rate', `${RATE} req/s in any sliding second`, ''],
  ['achieved vs allowed rate', `${rate.achievedRate.toFixed(2)} / ${RATE} = ${rate.achievedRatio.toFixed(3)} over ${rate.activeSeconds.toFixed(1)} s`, `${verdict(rate.targets.rate)} (≥ ${MIN_ACHIEVED_RATIO})`],
  ['429 responses', `${rate.limited} of ${rate.calls} = ${percent(rate.limitedShare)}`, `${verdict(rate.targets.limited)} (≤ ${percent(MAX_LIMITED_SHARE)})`],
  ['most calls in one sliding second', String(rate.maxPerSecond), `${verdict(rate.targets.window)} (≤ ${RATE})`],
  ['Analytics calls vs minimum', `${rate.calls} vs ${b.minimumCalls} (${b.chunks} chunks × ${CALLS_PER_CHUNK}); answers ${JSON.stringify(b.byStatus)}`, ''],
  ['wall time vs ideal (minimum ÷ rate)', `${b.wallSeconds.toFixed(1)} s vs ${(b.minimumCalls / RATE).toFixed(1)} s${b.timedOut ? ' (time bound hit: instances stopped)' : ''}`, ''],
  ['tasks succeeded', `${b.tasks.succeeded} of ${totalTasks} (${b.chunks} backfill chunks; ${JSON.stringify(b.tasks)})`, ''],
  ['stored rows vs ground truth', `${b.rows.equal} of ${b.rows.expected} equal; ${b.rows.missing} missing, ${b.rows.wrong} wrong, ${b.rows.extra} extra`, ''],
  ['per instance: invocations / tasks claimed / rescheduled', b.instances.map((i) => `${i.invocations}/${i.claimed}/${i.rescheduled}`).join(', ') || 'not known (stopped)', ''],
];
console.log('\n| measure | value | target |\n|---|---|---|');
for (const [measure, value, target] of rows) console.log(`| ${measure} | ${value} | ${target} |`);
console.log(`\nInstance logs: ${b.logDir}\n`);
console.log(
  JSON.stringify({
    bench: 'budgets',
    invocations: INVOCATIONS,
    allowedRate: RATE,
    latencyMs: LATENCY_MS,
    dispatchConcurrency: CONCURRENCY,
    ...rate,
    minimumCalls: b.minimumCalls,
    byStatus: b.byStatus,
    wallSeconds: b.wallSeconds,
    timedOut: b.timedOut,
    tasks: b.tasks,
    rows: b.rows,
    instances: b.instances.map(({ invocations, claimed, succeeded, rescheduled, retried, dead }) => ({ invocations, claimed, succeeded, rescheduled, retried, dead })),
  }),
);

// The store's cost in the dispatcher's path: each call's reservation, and the claims' check.
console.log('\n| store cost (ms) | reservation, median / p95 | 4 at once on one budget, median / p95 | claim check (at most 1/s per invocation), median |\n|---|---|---|---|');
for (const engine of ['mysql', 'sqlite'] as const) {
  const cost = await measureReservationCost(engine);
  const label = engine === 'mysql' ? 'MariaDB' : 'SQLite';
  console.log(`| ${label} | ${cost.reserveMedianMs} / ${cost.reserveP95Ms} | ${cost.reserveConcurrentMedianMs} / ${cost.reserveConcurrentP95Ms} | ${cost.checkMedianMs} |`);
}
