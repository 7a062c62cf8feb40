/**
 * `npm run bench:backfill`: one channel's backfill against the YouTube simulator with a set
 * latency per call and a per-second rate limit. Prints API calls made vs the minimum, the
 * achieved vs allowed request rate and the share of 429s, and wall time vs the ideal. The
 * dispatch function's cold start is `npm run bench:cold`, measured on what `vercel build` emits.
 *
 * Env: BENCH_LATENCY_MS (100), BENCH_RATE (20 req/s), BENCH_DAYS (84), BENCH_VIDEOS (25).
 *
 * Then a big channel (issue 15), whose top-videos report hits its 200-row cap: BENCH_BIG_VIDEOS
 * (1500) videos, BENCH_BIG_ACTIVE (600) of them viewed on most days, published over 4 years,
 * backfilled over BENCH_BIG_DAYS (14) days at the same latency and rate. Prints Analytics calls vs
 * the minimum the completeness rule needs (7 top lists a chunk + its tail, from the simulator's
 * truth: bench/youtube-minimum.ts) and vs the all-per-video shape's need, the catalogue's Data API
 * units vs ceil(videos / 50), stored rows vs the ground truth (count and full equality), the
 * achieved request rate, and wall time vs the ideal (minimum calls ÷ BENCH_RATE).
 * BENCH_MODE=steady runs the small channel only, BENCH_MODE=big the big channel only.
 *
 * BENCH_MODE=chaos: the fault-and-crash mode instead — several servers, random faults, servers
 * SIGKILLed and restarted — printing calls made and successful calls against the minimum, dead
 * tasks, kill cycles and wall time (bench/chaos-benchmark.ts, the same as `npm run bench:chaos`).
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { createThrowawayDatabase } from '../dev/throwaway-database.js';
import { startYouTubeSimulator } from '../dev/simulators/youtube/index.js';
import { loadConfig } from '../lib/config/env.js';
import { dispatch } from '../lib/dispatcher/dispatch.js';
import { connectAccount } from '../lib/accounts/connect-account.js';
import { latestReportDay } from '../lib/connectors/youtube/youtube-calendar.js';
import { addDays, computeBackfillRunForDates } from '../lib/shared/calendar-days.js';
import { createRuntime } from '../lib/runtime.js';
import { silentLogger } from '../lib/shared/logger.js';
import { runChaosBenchmark } from './chaos-benchmark.js';
import { achievedRate, lanesForRate, share } from './rate-figures.js';
import { backfillMinimum, cataloguePages, chunkMinimum, CHUNK_DAYS } from './youtube-minimum.js';
import { storedVideoDays, truthVideoDays } from './youtube-stored-rows.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const DAYS = Number(process.env.BENCH_DAYS ?? 84);
const VIDEOS = Number(process.env.BENCH_VIDEOS ?? 25);
const BIG = {
  videos: Number(process.env.BENCH_BIG_VIDEOS ?? 1_500),
  activeVideos: Number(process.env.BENCH_BIG_ACTIVE ?? 600),
  years: 4,
};
const BIG_DAYS = Number(process.env.BENCH_BIG_DAYS ?? 14);

async function benchBackfill() {
  const sim = await startYouTubeSimulator({ latencyMs: LATENCY_MS, ratePerSecond: RATE, videosPerChannel: VIDEOS, clientId: 'bench', clientSecret: 'bench' });
  const database = await createThrowawayDatabase('sqlite', { prefix: 'sluice-bench' });
  const config = benchConfig(database.url, sim, DAYS);
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

/** The runtime's settings for a run against `sim`: its rate allowed, and lanes enough to keep that rate busy at BENCH_LATENCY_MS. */
function benchConfig(databaseUrl: string, sim: { oauthTokenUrl: string; analyticsRootUrl: string; dataRootUrl: string }, days: number) {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    GOOGLE_CLIENT_ID: 'bench',
    GOOGLE_CLIENT_SECRET: 'bench',
    GOOGLE_OAUTH_TOKEN_URL: sim.oauthTokenUrl,
    YOUTUBE_ANALYTICS_ROOT_URL: sim.analyticsRootUrl,
    YOUTUBE_DATA_ROOT_URL: sim.dataRootUrl,
    YOUTUBE_BACKFILL_DAYS: String(days),
    YOUTUBE_REQUESTS_PER_SECOND: String(RATE),
    DISPATCH_CONCURRENCY: String(lanesForRate(RATE, LATENCY_MS)),
  });
}

/**
 * The big channel's backfill: connected, then dispatcher invocations until no task is left (a
 * chunk whose tail outlasts an invocation goes on in the next). The minimum comes from the
 * simulator's truth over the chunks' days, not from what Sluice planned.
 */
async function benchBigChannel() {
  const sim = await startYouTubeSimulator({ latencyMs: LATENCY_MS, ratePerSecond: RATE, channels: { big: BIG }, clientId: 'bench', clientSecret: 'bench' });
  const database = await createThrowawayDatabase('sqlite', { prefix: 'sluice-bench-big' });
  const runtime = await createRuntime(benchConfig(database.url, sim, BIG_DAYS), { logger: silentLogger });
  try {
    const connected = await connectAccount(runtime, 'youtube', 'bench', { code: 'sim-code-big' });
    const channelId = sim.channelIdFor('big');
    sim.resetStats();
    const unitsBefore = sim.dataUnitsUsed().total;
    const started = performance.now();
    for (;;) {
      const summary = await dispatch(runtime, new Date(Date.now() + 45_000));
      if (summary.remaining === 0) break;
      if (summary.claimed === 0) await sleep(100);
    }
    const seconds = (performance.now() - started) / 1_000;
    const stats = sim.stats();
    const analytics = stats['analytics.reports.query'];
    const perVideoCalls = Object.entries(analytics.byKey).filter(([key]) => key.includes('/video==')).reduce((sum, [, count]) => sum + count.total, 0);

    // The chunks a backfill of BIG_DAYS days ending at the latest report day is made of, and their truth.
    const runForDts = computeBackfillRunForDates(latestReportDay(new Date()), BIG_DAYS, CHUNK_DAYS);
    const truth = sim.groundTruth(channelId, addDays(runForDts[0] as string, -(CHUNK_DAYS - 1)), runForDts.at(-1) as string);
    const catalogue = sim.catalogueOf(channelId);
    const chunks = runForDts.map((runForDt) => chunkMinimum(truth, catalogue, runForDt));
    const stored = await storedVideoDays(runtime.database.db, channelId);
    const expected = truthVideoDays(truth);
    return {
      enqueued: connected.backfill_enqueued,
      chunks,
      minimum: backfillMinimum(chunks),
      calls: analytics.total,
      accepted: analytics.byStatus['200'] ?? 0,
      limited: analytics.byStatus['429'] ?? 0,
      perVideoCalls,
      achievedRate: achievedRate(analytics.timestamps),
      catalogueUnits: sim.dataUnitsUsed().total - unitsBefore,
      cataloguePagesRead: stats['data.playlistItems.list'].total,
      channelsListCalls: stats['data.channels.list'].total,
      storedRows: stored.length,
      truthRows: expected.length,
      equal: isDeepStrictEqual(stored, expected),
      seconds,
    };
  } finally {
    await runtime.database.destroy();
    await database.drop();
    await sim.close();
  }
}

function printTable(rows: readonly [string, string, string][]): void {
  console.log('\n| measure | value | target |\n|---|---|---|');
  for (const [measure, value, verdict] of rows) console.log(`| ${measure} | ${value} | ${verdict} |`);
}

if (process.env.BENCH_MODE === 'chaos') {
  await runChaosBenchmark();
  process.exit(0);
}
const MODE = process.env.BENCH_MODE;
if (MODE !== undefined && MODE !== 'steady' && MODE !== 'big') {
  console.error(`BENCH_MODE=${MODE}: expected chaos, steady or big (default: steady, then big)`);
  process.exit(2);
}

if (MODE !== 'big') {
  console.log(`Backfill benchmark: ${DAYS} days, ${VIDEOS} videos, ${LATENCY_MS} ms per call, ${RATE} req/s allowed, Node ${process.version}`);
  const b = await benchBackfill();
  const rows: [string, string, string][] = [
    ['Analytics calls made vs minimum', `${b.calls} vs ${b.minimumCalls} (${b.chunks} chunks × 7 days)`, b.calls <= b.minimumCalls * 1.01 ? 'MET' : 'NOT MET'],
    ['achieved vs allowed request rate', `${b.achievedRate.toFixed(2)} / ${RATE} = ${(b.achievedRate / RATE).toFixed(3)} (target ≥ 0.95)`, b.achievedRate / RATE >= 0.95 ? 'MET' : 'NOT MET'],
    ['429 responses', `${b.limited} of ${b.calls} = ${(100 * share(b.limited, b.calls)).toFixed(2)}% (target ≤ 1%)`, share(b.limited, b.calls) <= 0.01 ? 'MET' : 'NOT MET'],
    ['wall time vs ideal', `${b.seconds.toFixed(2)} s vs ${b.idealSeconds.toFixed(2)} s (${(b.seconds / b.idealSeconds).toFixed(3)}×)`, ''],
  ];
  printTable(rows);
}

if (MODE !== 'steady') {
  if (MODE !== 'big') console.log('');
  console.log(`Big-channel backfill: ${BIG_DAYS} days, ${BIG.videos} videos (${BIG.activeVideos} active, over ${BIG.years} years), ${LATENCY_MS} ms per call, ${RATE} req/s allowed, Node ${process.version}`);
  const b = await benchBigChannel();
  const need = b.minimum;
  const ratio = b.calls / need.calls;
  const pages = cataloguePages(BIG.videos);
  const idealSeconds = need.calls / RATE;
  const tails = b.chunks.map((chunk) => `${chunk.runForDt}: ${chunk.cappedDays} capped, tail ${chunk.tail} of ${chunk.published}`).join('; ');
  printTable([
    ['chunks', `${b.enqueued} enqueued, ${b.chunks.length} expected (${tails})`, b.enqueued === b.chunks.length ? 'MET' : 'NOT MET'],
    // Every request counts, refused ones too (a 429 is asked again); the answered ones must be exactly the minimum.
    [
      'Analytics calls made vs minimum',
      `${b.calls} (${b.calls - b.perVideoCalls} top lists + ${b.perVideoCalls} per-video; ${b.accepted} answered 200) vs ${need.calls} (${need.topListCalls} top lists + ${need.tailCalls} tail) = ${ratio.toFixed(3)} (target 1.00)`,
      b.accepted === need.calls && ratio <= 1.01 ? 'MET' : 'NOT MET',
    ],
    ['vs the all-per-video shape', `${b.calls} vs ${need.allPerVideoCalls} (a call per published video a chunk) = ${(b.calls / need.allPerVideoCalls).toFixed(3)}`, ''],
    ['catalogue Data API units vs ceil(videos / 50)', `${b.catalogueUnits} (${b.cataloguePagesRead} playlistItems pages, ${b.channelsListCalls} channels.list) vs ${pages}`, b.catalogueUnits === pages ? 'MET' : 'NOT MET'],
    ['rows stored vs ground truth', `${b.storedRows} vs ${b.truthRows}, ${b.equal ? 'equal' : 'NOT equal'} row for row`, b.equal ? 'MET' : 'NOT MET'],
    ['achieved vs allowed request rate', `${b.achievedRate.toFixed(2)} / ${RATE} = ${(b.achievedRate / RATE).toFixed(3)}`, ''],
    ['429 responses', `${b.limited} of ${b.calls} = ${(100 * share(b.limited, b.calls)).toFixed(2)}%`, ''],
    ['wall time vs ideal', `${b.seconds.toFixed(2)} s vs ${idealSeconds.toFixed(2)} s (minimum calls ÷ ${RATE} req/s; ${(b.seconds / idealSeconds).toFixed(3)}×)`, ''],
  ]);
}
