/**
 * `npm run bench:backfill`: one channel's backfill against the YouTube simulator with a set
 * latency per call and a per-second rate limit. Prints API calls made vs the minimum, the
 * achieved vs allowed request rate and the share of 429s, and wall time vs the ideal. The
 * dispatch function's cold start is `npm run bench:cold`, measured on what `vercel build` emits.
 *
 * Env: BENCH_LATENCY_MS (100), BENCH_RATE (20 req/s), BENCH_DAYS (84), BENCH_VIDEOS (25).
 *
 * BENCH_MODE=chaos: the fault-and-crash mode instead — several servers, random faults, servers
 * SIGKILLed and restarted — printing calls made and successful calls against the minimum, dead
 * tasks, kill cycles and wall time (bench/chaos-benchmark.ts, the same as `npm run bench:chaos`).
 */
import { performance } from 'node:perf_hooks';
import { createThrowawayDatabase } from '../dev/throwaway-database.js';
import { startYouTubeSimulator } from '../dev/simulators/youtube/index.js';
import { loadConfig } from '../lib/config/env.js';
import { dispatch } from '../lib/dispatcher/dispatch.js';
import { connectAccount } from '../lib/accounts/connect-account.js';
import { createRuntime } from '../lib/runtime.js';
import { silentLogger } from '../lib/shared/logger.js';
import { runChaosBenchmark } from './chaos-benchmark.js';
import { achievedRate, lanesForRate, share } from './rate-figures.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const DAYS = Number(process.env.BENCH_DAYS ?? 84);
const VIDEOS = Number(process.env.BENCH_VIDEOS ?? 25);

async function benchBackfill() {
  const sim = await startYouTubeSimulator({ latencyMs: LATENCY_MS, ratePerSecond: RATE, videosPerChannel: VIDEOS, clientId: 'bench', clientSecret: 'bench' });
  const database = await createThrowawayDatabase('sqlite', { prefix: 'sluice-bench' });
  const config = loadConfig({
    DATABASE_URL: database.url,
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    GOOGLE_CLIENT_ID: 'bench',
    GOOGLE_CLIENT_SECRET: 'bench',
    GOOGLE_OAUTH_TOKEN_URL: sim.oauthTokenUrl,
    YOUTUBE_ANALYTICS_ROOT_URL: sim.analyticsRootUrl,
    YOUTUBE_DATA_ROOT_URL: sim.dataRootUrl,
    YOUTUBE_BACKFILL_DAYS: String(DAYS),
    YOUTUBE_REQUESTS_PER_SECOND: String(RATE),
    DISPATCH_CONCURRENCY: String(lanesForRate(RATE, LATENCY_MS)),
  });
  const runtime = await createRuntime(config, { logger: silentLogger });
  try {
    const connected = await connectAccount(runtime, 'youtube', 'bench', { code: 'sim-code-bench' });
    sim.resetStats();
    const started = performance.now();
    let summary;
    do {
      summary = await dispatch(runtime, new Date(Date.now() + 45_000));
    } while (summary.remaining > 0 && summary.claimed > 0);
    const seconds = (performance.now() - started) / 1_000;
    const stats = sim.stats()['analytics.reports.query'];
    const ok = stats.byStatus['200'] ?? 0;
    const limited = stats.byStatus['429'] ?? 0;
    const minimumCalls = connected.backfill_enqueued * 7;
    return {
      chunks: connected.backfill_enqueued,
      calls: stats.total,
      minimumCalls,
      limited,
      achievedRate: achievedRate(stats.timestamps),
      seconds,
      idealSeconds: minimumCalls / RATE,
      ok,
    };
  } finally {
    await runtime.database.destroy();
    await database.drop();
    await sim.close();
  }
}

if (process.env.BENCH_MODE === 'chaos') {
  await runChaosBenchmark();
  process.exit(0);
}
if (process.env.BENCH_MODE !== undefined && process.env.BENCH_MODE !== 'steady') {
  console.error(`BENCH_MODE=${process.env.BENCH_MODE}: expected chaos, or steady (the default)`);
  process.exit(2);
}

console.log(`Backfill benchmark: ${DAYS} days, ${VIDEOS} videos, ${LATENCY_MS} ms per call, ${RATE} req/s allowed, Node ${process.version}`);
const b = await benchBackfill();
const rows: [string, string, string][] = [
  ['Analytics calls made vs minimum', `${b.calls} vs ${b.minimumCalls} (${b.chunks} chunks × 7 days)`, b.calls <= b.minimumCalls * 1.01 ? 'MET' : 'NOT MET'],
  ['achieved vs allowed request rate', `${b.achievedRate.toFixed(2)} / ${RATE} = ${(b.achievedRate / RATE).toFixed(3)} (target ≥ 0.95)`, b.achievedRate / RATE >= 0.95 ? 'MET' : 'NOT MET'],
  ['429 responses', `${b.limited} of ${b.calls} = ${(100 * share(b.limited, b.calls)).toFixed(2)}% (target ≤ 1%)`, share(b.limited, b.calls) <= 0.01 ? 'MET' : 'NOT MET'],
  ['wall time vs ideal', `${b.seconds.toFixed(2)} s vs ${b.idealSeconds.toFixed(2)} s (${(b.seconds / b.idealSeconds).toFixed(3)}×)`, ''],
];
console.log('\n| measure | value | target |\n|---|---|---|');
for (const [measure, value, verdict] of rows) console.log(`| ${measure} | ${value} | ${verdict} |`);
