/**
 * `npm run demo`: all three platforms on a throwaway database, with nothing to set up. It
 * starts the local server in-process (port 0, a temporary SQLite file, the built-in YouTube,
 * Etsy, Printify and Shopify simulators), connects a simulated channel through the HTTP exchange
 * endpoint, calls the dispatch endpoint until the backfill is done (progress from the dispatch
 * summaries), reads `video_daily_metrics` back and checks it against the simulator; then does
 * the same for a simulated Etsy shop, Shopify stores and Printify accounts (dev/demo-commerce.ts):
 * orders, listings, payments, products, customers, COGS and daily_financials.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import * as z from 'zod';
import { createDatabase, type SluiceDatabase } from '../db/create-database.js';
import { summarizeChannelMetrics, topVideosByViews } from '../lib/metrics/video-daily-metrics.repository.js';
import { countTasksByStatus } from '../lib/queue/repository/index.js';
import { createLogger } from '../lib/shared/logger.js';
import { callApi } from './local-server/api-client.js';
import { generateDevSecret } from './local-server/dev-secrets.js';
import { startLocalServer, type LocalServer } from './local-server/local-server.js';
import { CommerceDemoError, runCommerceDemo } from './demo-commerce.js';
import type { YouTubeSimulator } from './simulators/youtube/index.js';

const TENANT = 'demo';
/** Without faults the backfill takes seconds; this only bounds a stuck run. */
const TIMEOUT_MS = 120_000;
/** How long to wait before dispatching again when nothing was ready (tasks waiting on a retry time). */
const IDLE_PAUSE_MS = 500;
/**
 * One dispatch call runs chunks until its deadline, so it may finish the whole backfill; the
 * bar also follows `job_tasks` between summaries so it moves while a call is running.
 */
const PROGRESS_POLL_MS = 250;

class DemoError extends Error {
  override readonly name = 'DemoError';
}

const exchangeAnswer = z.object({ channel_id: z.string(), backfill_enqueued: z.number().int(), job_id: z.number().int().nullable() });
const dispatchSummary = z.object({
  claimed: z.number(),
  succeeded: z.number(),
  parked: z.number(),
  dead: z.number(),
  remaining: z.number(),
});

async function main(): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'sluice-demo-'));
  const databaseUrl = `file:${join(workDir, 'sluice.db')}`;
  const adminToken = generateDevSecret('ADMIN_TOKEN');
  const cronSecret = generateDevSecret('CRON_SECRET');
  const serverLog: string[] = [];
  const restoreConsole = captureConsoleLog(serverLog);
  let server: LocalServer | undefined;
  let database: SluiceDatabase | undefined;
  try {
    server = await startLocalServer({
      port: 0,
      crons: false, // the demo dispatches itself, so every chunk shows in its progress
      secretsFile: join(workDir, 'dev-secrets.env'),
      logger: createLogger({ sink: (_level, line) => serverLog.push(line) }),
      print: () => {}, // the demo says where the server is itself
      env: {
        DATABASE_URL: databaseUrl,
        ADMIN_TOKEN: adminToken,
        CRON_SECRET: cronSecret,
        TOKEN_ENCRYPTION_KEY: generateDevSecret('TOKEN_ENCRYPTION_KEY'),
        // Always the simulators, whatever the shell has configured.
        GOOGLE_CLIENT_ID: undefined,
        ETSY_API_KEY: undefined,
        SHOPIFY_API_KEY: undefined,
        PRINTIFY_APP_ID: undefined,
        PRINTIFY_API_BASE_URL: undefined,
        CONNECTORS: undefined,
      },
    });
    const simulator = server.simulator;
    if (!simulator) throw new DemoError('the local server did not mount the YouTube simulator');
    say(`Sluice demo — local server on ${server.url}, database ${databaseUrl}`);
    database = await createDatabase(databaseUrl);

    const connected = await connectChannel(server.url, adminToken);
    say(`Connected simulated channel ${connected.channel_id} for tenant "${TENANT}": ${connected.backfill_enqueued} chunks of 7 days enqueued`);
    if (connected.backfill_enqueued === 0) throw new DemoError('the exchange enqueued no backfill chunks');

    if (connected.job_id === null) throw new DemoError('the exchange created no backfill job');
    await dispatchUntilDone(server.url, cronSecret, connected.backfill_enqueued, database, connected.job_id);
    restoreConsole();
    await reportMetrics(database, simulator, connected.channel_id);
    say('');
    const restoreAgain = captureConsoleLog(serverLog);
    try {
      await runCommerceDemo(server, TENANT, adminToken, cronSecret, database, say);
    } finally {
      restoreAgain();
    }
    await server.close();
    server = undefined;
    await database.destroy();
    await rm(workDir, { recursive: true, force: true });
  } catch (error) {
    restoreConsole();
    await server?.close().catch(() => {});
    await database?.destroy().catch(() => {});
    const tail = serverLog.slice(-15); // JSON events and the dispatcher's [sluice] lines
    if (tail.length > 0) console.error(`\nLast server log lines:\n${tail.map((line) => `  ${line}`).join('\n')}`);
    console.error(`\ndemo failed: ${(error as Error).message}`);
    if (!(error instanceof DemoError || error instanceof CommerceDemoError) && (error as Error).cause) console.error('  cause:', (error as Error).cause);
    console.error(`  (database kept for inspection in ${workDir})`);
    process.exitCode = 1;
  }
}

async function connectChannel(url: string, adminToken: string): Promise<z.infer<typeof exchangeAnswer>> {
  const answer = await callApi(url, '/api/oauth/youtube/exchange', {
    bearer: adminToken,
    body: { tenant_id: TENANT, code: `sim-code-${TENANT}` },
  });
  if (answer.status !== 200) throw new DemoError(`POST /api/oauth/youtube/exchange answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return exchangeAnswer.parse(answer.body);
}

/** Dispatches until no task is queued; a dead or parked chunk ends the demo with its reason in the log. */
async function dispatchUntilDone(url: string, cronSecret: string, chunks: number, database: SluiceDatabase, jobId: number): Promise<void> {
  const bar = new cliProgress.SingleBar(
    {
      format: 'Backfill |{bar}| {value}/{total} chunks · dispatch calls: {dispatches}',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 1_000,
    },
    cliProgress.Presets.shades_classic,
  );
  const deadline = Date.now() + TIMEOUT_MS;
  let done = 0;
  let dispatches = 0;
  bar.start(chunks, 0, { dispatches });
  const show = (value: number) => bar.update(Math.min(Math.max(value, done), chunks));
  const poll = setInterval(() => void countTasksByStatus(database.db, { jobId }).then((counts) => show(counts.succeeded), () => {}), PROGRESS_POLL_MS);
  try {
    for (;;) {
      const answer = await callApi(url, '/api/jobs/dispatch', { method: 'POST', bearer: cronSecret });
      if (answer.status !== 200) throw new DemoError(`POST /api/jobs/dispatch answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      const summary = dispatchSummary.parse(answer.body);
      done += summary.succeeded;
      dispatches += 1;
      bar.update(Math.min(done, chunks), { dispatches });
      if (summary.dead > 0) throw new DemoError(`${summary.dead} chunk(s) failed permanently`);
      if (summary.parked > 0) throw new DemoError(`${summary.parked} chunk(s) parked: the connection needs re-authorization`);
      if (summary.remaining === 0) break;
      if (Date.now() > deadline) throw new DemoError(`the backfill was not done after ${TIMEOUT_MS / 1000} s (${summary.remaining} chunks still queued)`);
      if (summary.claimed === 0) await sleep(IDLE_PAUSE_MS);
    }
  } finally {
    clearInterval(poll);
    bar.stop();
  }
  if (done < chunks) throw new DemoError(`the queue drained with only ${done} of ${chunks} chunks succeeded`);
}

async function reportMetrics(database: SluiceDatabase, simulator: YouTubeSimulator, channelId: string): Promise<void> {
  const totals = await summarizeChannelMetrics(database.db, channelId);
  if (Number(totals.rows) === 0 || totals.first === null || totals.last === null) {
    throw new DemoError('the backfill finished but video_daily_metrics is empty');
  }
  const top = await topVideosByViews(database.db, channelId, 5);
  const first = String(totals.first).slice(0, 10);
  const last = String(totals.last).slice(0, 10);
  const truth = simulator.groundTruth(channelId, first, last);
  const truthViews = truth.reduce((sum, row) => sum + row.views, 0);
  const matches = truth.length === Number(totals.rows) && truthViews === Number(totals.views);

  say(`\nvideo_daily_metrics for channel ${channelId}:`);
  say(`  ${count(totals.rows)} rows · ${first} → ${last} · ${count(totals.videos)} videos · ${count(totals.views)} views`);
  say(`  simulator ground truth for the same days: ${count(truth.length)} rows, ${count(truthViews)} views — ${matches ? 'match' : 'MISMATCH'}`);
  say('  top 5 videos by views:');
  top.forEach((video, index) => {
    say(`    ${index + 1}. ${video.video_id}  ${count(video.views).padStart(9)} views  ${count(video.minutes).padStart(9)} min watched  ${count(video.likes).padStart(7)} likes`);
  });
  if (!matches) throw new DemoError('the stored metrics differ from what the simulator served');
}

/**
 * The dispatcher logs each chunk with console.log; during the run those lines would tear the
 * progress bar, so they are kept and shown only if the demo fails.
 */
function captureConsoleLog(into: string[]): () => void {
  const original = console.log;
  console.log = (...args: unknown[]) => {
    into.push(args.map(String).join(' '));
  };
  return () => {
    console.log = original;
  };
}

/** The demo's own output, unaffected by the capture above. */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function count(value: number | string | null): string {
  return Number(value ?? 0).toLocaleString('en-US');
}

await main();
