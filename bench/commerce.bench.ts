/**
 * `npm run bench:commerce`: a commerce backfill at the vendors' real limits. The Etsy simulator
 * serves one shop of 100,000 receipts (with their transactions, 1,000 listings and the ledger
 * they book, about 290,000 entries) at Etsy's new-app limits, 10 requests/s and 10,000 per
 * sliding 24 hours per app key; the Printify simulator one account's shop of 20,000 orders and
 * 500 products at 600 requests/min. Each runs as its own process on loopback. Sluice is set to
 * the same limits (ETSY_REQUESTS_PER_SECOND, ETSY_DAILY_QUOTA, PRINTIFY_REQUESTS_PER_MINUTE) on a
 * fresh SQLite database (BENCH_DATABASE=mysql: MariaDB), both shops are connected as the OAuth
 * exchanges do (Etsy with PKCE; Printify with a personal token), and their backfills are driven
 * by cron invocations of the dispatch function (bench/dispatch-invocation.ts), each a process of
 * its own so that its peak RSS is its own: one call of `api/jobs/dispatch.ts` with the function's
 * 60 s deadline (work starts for 35 s), the next one let go as soon as it answers — Vercel's cron
 * every minute leaves the rest of the minute idle; here invocations follow back to back, so the
 * figures are those of the dispatcher, not of the schedule. One at a time: each shop's entities
 * run one after another (entity order), so one invocation already holds every runnable task and
 * a second at once would find nothing to claim.
 *
 * Prints per platform calls made ÷ the design's minimum (bench/commerce-minimum.ts; target
 * 1.00), the achieved ÷ allowed request rate (≥ 0.95), rows upserted per second, 429s, wall
 * time and stored rows against the simulator's truth, and the largest peak RSS of an invocation
 * (≤ 200 MB: pages are streamed, never a whole history): a table, then the same as one JSON
 * line. Exits non-zero only when something crashed, never for a missed target.
 *
 * The backfill share: backfill calls may use half of Etsy's daily quota by default. The run
 * computes the minimum before it starts; when that is more than the share allows, it raises the
 * share to 1.0 through the rate-limit config (as an operator would: PUT
 * /api/admin/backfill/config/rate-limit) and says so — and if even the whole quota is too
 * small, the run would wait for the sliding day, which it says too.
 *
 * Env: BENCH_SMALL=1 (a smoke run of a few seconds: 600 receipts, 150 orders), BENCH_DATABASE
 * (sqlite | mysql), BENCH_RECEIPTS (100000), BENCH_LISTINGS (1000), BENCH_ETSY_DAYS (1095),
 * BENCH_ORDERS (20000), BENCH_PRODUCTS (500), BENCH_PRINTIFY_DAYS (1095), BENCH_ETSY_RATE (10),
 * BENCH_ETSY_DAILY (10000), BENCH_PRINTIFY_PER_MINUTE (600), BENCH_CONCURRENCY (4),
 * BENCH_MAX_SECONDS (1800; smoke 120), BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306/), BENCH_NODE_OPTIONS
 * (NODE_OPTIONS of the invocations, e.g. a heap size), BENCH_DUMP=path (the arrival times of every
 * API request and each invocation's start and end, as JSON, for a look at where time went).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtsySimulatorProcess, startPrintifySimulatorProcess, type EtsySimulatorProcess, type PrintifySimulatorProcess } from '../dev/chaos/commerce-simulator-processes.js';
import type { EndpointStats } from '../dev/simulators/_shared/simulator-stats.js';
import { createThrowawayDatabase } from '../dev/throwaway-database.js';
import { fromDbJson, fromDbTime } from '../db/values.js';
import { connectAccount } from '../lib/accounts/connect-account.js';
import { exchangeWithState, startOAuth } from '../lib/accounts/oauth-flow.service.js';
import { backfillAllowance } from '../lib/budgets/budget-policy.js';
import { updateRateLimitConfig } from '../lib/budgets/rate-limit-config.service.js';
import { loadConfig } from '../lib/config/env.js';
import { createRuntime } from '../lib/runtime.js';
import { silentLogger } from '../lib/shared/logger.js';
import { etsyMinimumCalls, printifyMinimumCalls } from './commerce-minimum.js';
import type { InvocationResult } from './dispatch-invocation.js';
import { median, runDispatchInvocations } from './dispatch-invocations.js';
import { rateFigures, share } from './rate-figures.js';
import { BENCH_SMALL, benchEngine, envNumber } from './bench-env.js';

const number = envNumber;
const SMALL = BENCH_SMALL;
const ENGINE = benchEngine();
const RECEIPTS = number('BENCH_RECEIPTS', SMALL ? 600 : 100_000);
const LISTINGS = number('BENCH_LISTINGS', SMALL ? 30 : 1_000);
const ETSY_DAYS = number('BENCH_ETSY_DAYS', SMALL ? 120 : 1_095);
const ORDERS = number('BENCH_ORDERS', SMALL ? 150 : 20_000);
const PRODUCTS = number('BENCH_PRODUCTS', SMALL ? 20 : 500);
const PRINTIFY_DAYS = number('BENCH_PRINTIFY_DAYS', SMALL ? 90 : 1_095);
const ETSY_RATE = number('BENCH_ETSY_RATE', 10);
const ETSY_DAILY = number('BENCH_ETSY_DAILY', 10_000);
const PRINTIFY_PER_MINUTE = number('BENCH_PRINTIFY_PER_MINUTE', 600);
const CONCURRENCY = number('BENCH_CONCURRENCY', 4);
const MAX_SECONDS = number('BENCH_MAX_SECONDS', SMALL ? 120 : 1_800);
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';
const NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS;

const TENANT = 'bench';
const ETSY_SHOP = 'BenchShop';
const ETSY_APP = { apiKey: 'bench-etsy-key', sharedSecret: 'bench-etsy-secret' };
const PRINTIFY_ACCOUNT = 'bench';
const PRINTIFY_TOKEN = 'bench-printify-personal-token';
const ETSY_ENDPOINTS = ['users.me', 'shops.get', 'shops.receipts', 'shops.receipt-transactions', 'shops.listings', 'shops.ledger-entries'] as const;
const PRINTIFY_ENDPOINTS = ['shops.list', 'orders.list', 'orders.get', 'products.list', 'products.get'] as const;

const benchStarted = Date.now();
const progress = (line: string) => process.stderr.write(`  [${((Date.now() - benchStarted) / 1_000).toFixed(1)} s] ${line}\n`);

async function benchCommerce() {
  const logDir = mkdtempSync(join(tmpdir(), 'sluice-bench-commerce-'));
  const [etsy, printify] = await Promise.all([
    startEtsySimulatorProcess({
      shops: [{ name: ETSY_SHOP, currency: 'USD', receipts: RECEIPTS, listings: LISTINGS, historyDays: ETSY_DAYS }],
      ratePerSecond: ETSY_RATE,
      dailyLimit: ETSY_DAILY,
      ...ETSY_APP,
      logFile: join(logDir, 'etsy-simulator.log'),
    }),
    startPrintifySimulatorProcess({
      account: PRINTIFY_ACCOUNT,
      token: PRINTIFY_TOKEN,
      orders: ORDERS,
      products: PRODUCTS,
      historyDays: PRINTIFY_DAYS,
      salesChannel: 'etsy',
      ratePerMinute: PRINTIFY_PER_MINUTE,
      logFile: join(logDir, 'printify-simulator.log'),
    }),
  ]);
  progress('simulators ready');
  try {
    const database = await createThrowawayDatabase(ENGINE, { mysqlAdminUrl: MYSQL_URL, prefix: 'sluice_bench_commerce', connectionLimit: 4 });
    try {
      const env: Record<string, string> = {
        DATABASE_URL: database.url,
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
        CRON_SECRET: 'bench-commerce-cron',
        CONNECTORS: 'etsy,printify',
        ...etsy.env,
        ...printify.env,
        ETSY_REQUESTS_PER_SECOND: String(ETSY_RATE),
        ETSY_DAILY_QUOTA: String(ETSY_DAILY),
        PRINTIFY_REQUESTS_PER_MINUTE: String(PRINTIFY_PER_MINUTE),
        DISPATCH_CONCURRENCY: String(CONCURRENCY),
        LOG_LEVEL: 'warn',
      };
      const shopId = await etsy.shopIdFor(ETSY_SHOP);
      // Where the ledger's windows start; read before the stats are reset, so it is not counted.
      const shopCreated = (await etsy.getShop(shopId)).create_date;
      await Promise.all([etsy.resetStats(), printify.resetStats()]);
      const runtime = await createRuntime(loadConfig(env), { logger: silentLogger });
      let expected: Awaited<ReturnType<typeof expectedOfShops>>;
      let shareNote: string;
      try {
        const printifyShopId = await connectShops(runtime, etsy);
        expected = await expectedOfShops(database.db, etsy, printify, { etsyShopId: shopId, shopCreated, printifyShopId });
        shareNote = await settleBackfillShare(runtime, expected.minimum.etsy.backfill, expected.minimum.etsy.total);
        progress(shareNote);
      } finally {
        await runtime.database.destroy();
      }

      const goAt = Date.now();
      const run = await runDispatchInvocations({ env, logDir, maxSeconds: MAX_SECONDS, nodeOptions: NODE_OPTIONS });
      progress(run.timedOut ? `time bound hit after ${MAX_SECONDS} s: stopped` : `queue empty after ${run.invocations.length} invocations`);
      const [etsyStats, printifyStats] = await Promise.all([etsy.stats(), printify.stats()]);
      if (process.env.BENCH_DUMP) {
        const arrivals = (endpoints: StatsByName, names: readonly string[]) => merged(endpoints, names).timestamps.sort((x, y) => x - y);
        const invocations = run.invocations.map(({ startedAt, finishedAt, maxRssBytes }) => ({ startedAt, finishedAt, maxRssBytes }));
        writeFileSync(process.env.BENCH_DUMP, JSON.stringify({ goAt, etsy: arrivals(etsyStats.endpoints, ETSY_ENDPOINTS), printify: arrivals(printifyStats.endpoints, PRINTIFY_ENDPOINTS), invocations }));
      }
      const jobs = await database.db.selectFrom('backfill_jobs').select(['platform', 'type', 'status', 'finished_at']).execute();
      const finishedAt = (platform: string) => {
        const job = jobs.find((j) => j.platform === platform && j.type === 'data-collection');
        return job?.status === 'succeeded' && job.finished_at !== null ? fromDbTime(job.finished_at).getTime() : null;
      };
      const platformFigures = async (platform: 'etsy' | 'printify', endpoints: StatsByName, names: readonly string[], allowedRate: number, tables: readonly CommerceTable[]) => {
        const stats = merged(endpoints, names);
        const during = { ...stats, timestamps: stats.timestamps.filter((t) => t >= goAt) };
        const end = finishedAt(platform);
        const wallSeconds = ((end ?? run.endedAt) - goAt) / 1_000;
        const rows = await countRows(database.db, platform, tables);
        return {
          allowedRate,
          calls: stats.total,
          byStatus: stats.byStatus,
          limited: stats.byStatus['429'] ?? 0,
          rate: rateFigures(during, allowedRate),
          wallSeconds,
          finished: end !== null,
          rows,
          rowsPerSecond: rows.total / wallSeconds,
        };
      };
      const etsyFigures = await platformFigures('etsy', etsyStats.endpoints, ETSY_ENDPOINTS, ETSY_RATE, ['orders', 'line_items', 'listings', 'payments']);
      const printifyFigures = await platformFigures('printify', printifyStats.endpoints, PRINTIFY_ENDPOINTS, PRINTIFY_PER_MINUTE / 60, ['orders', 'line_items', 'products', 'product_variants']);
      const tasks = await database.db.selectFrom('job_tasks').select(({ fn }) => ['status', fn.countAll<number>().as('n')]).groupBy('status').execute();
      return {
        ...expected,
        shareNote,
        etsy: etsyFigures,
        printify: { ...printifyFigures, maxPerMinute: printifyStats.maxPerMinute },
        run,
        wallSeconds: (run.endedAt - goAt) / 1_000,
        tasks: Object.fromEntries(tasks.map((t) => [t.status, Number(t.n)])),
        logDir,
      };
    } finally {
      await database.drop();
    }
  } finally {
    await Promise.all([etsy.close(), printify.close()]);
  }
}

type Db = Awaited<ReturnType<typeof createThrowawayDatabase>>['db'];
type Runtime = Awaited<ReturnType<typeof createRuntime>>;

/**
 * Both shops connected as their exchange endpoints do: Etsy through the OAuth start and its
 * PKCE exchange (the simulator issues the code the consent page would), Printify with the
 * account's personal token. Each enqueues its backfill. Answers the Printify shop's id.
 */
async function connectShops(runtime: Runtime, etsy: EtsySimulatorProcess): Promise<number> {
  const start = await startOAuth(runtime, 'etsy', { tenantId: TENANT });
  const consent = new URL(start.authorize_url);
  const code = await etsy.issueCode(ETSY_SHOP, consent.searchParams.get('code_challenge')!, consent.searchParams.get('redirect_uri')!);
  const etsyConnected = await exchangeWithState(runtime, 'etsy', { state: start.state, code });
  const printifyConnected = await connectAccount(runtime, 'printify', TENANT, { accessToken: PRINTIFY_TOKEN });
  progress(`connected: Etsy shop ${etsyConnected.account_id} (${etsyConnected.backfill_enqueued} entity tasks), Printify shop ${printifyConnected.account_id} (${printifyConnected.backfill_enqueued})`);
  return Number(printifyConnected.account_id);
}

/** The minimum calls of both backfills and the rows they must store, from the simulators' truth. */
async function expectedOfShops(db: Db, etsy: EtsySimulatorProcess, printify: PrintifySimulatorProcess, shops: { etsyShopId: number; shopCreated: number; printifyShopId: number }) {
  const until = await backfillUntil(db, 'etsy.orders');
  const [etsyTruth, printifyTruth] = await Promise.all([etsy.truth(shops.etsyShopId), printify.truth(shops.printifyShopId)]);
  const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1_000);
  return {
    minimum: {
      etsy: etsyMinimumCalls({
        shopCreated: shops.shopCreated,
        until,
        receiptsCreated: etsyTruth.orders.map((o) => seconds(o.placed_at)),
        ledgerCreated: etsyTruth.payments.map((p) => seconds(p.entry_created_at)),
        activeListings: etsyTruth.listings.length,
      }),
      printify: printifyMinimumCalls({ orders: printifyTruth.orders.length, products: printifyTruth.products.length }),
    },
    truthRows: {
      etsy: etsyTruth.orders.length + etsyTruth.line_items.length + etsyTruth.listings.length + etsyTruth.payments.length,
      printify: printifyTruth.orders.length + printifyTruth.line_items.length + printifyTruth.products.length + printifyTruth.product_variants.length,
    },
  };
}

type StatsByName = Record<string, EndpointStats>;
type CommerceTable = 'orders' | 'line_items' | 'listings' | 'payments' | 'products' | 'product_variants';

/** One platform's API endpoints as one: every request, whatever it asked for, counts against the same limit. */
function merged(endpoints: StatsByName, names: readonly string[]): EndpointStats {
  const stats: EndpointStats = { total: 0, byStatus: {}, timestamps: [], byKey: {} };
  for (const name of names) {
    const endpoint = endpoints[name];
    if (!endpoint) continue;
    stats.total += endpoint.total;
    for (const [status, n] of Object.entries(endpoint.byStatus)) stats.byStatus[status] = (stats.byStatus[status] ?? 0) + n;
    stats.timestamps.push(...endpoint.timestamps);
  }
  return stats;
}

async function countRows(db: Db, platform: string, tables: readonly CommerceTable[]) {
  const byTable: Partial<Record<CommerceTable, number>> = {};
  for (const table of tables) {
    const row = await db.selectFrom(table).select(({ fn }) => fn.countAll<number>().as('n')).where('platform', '=', platform).executeTakeFirstOrThrow();
    byTable[table] = Number(row.n);
  }
  return { byTable, total: Object.values(byTable).reduce((a, b) => a + b, 0) };
}

/** The backfill's last second, as its planner fixed it in the entity task's payload. */
async function backfillUntil(db: Db, kind: string): Promise<number> {
  const task = await db.selectFrom('job_tasks').select('payload').where('kind', '=', kind).executeTakeFirstOrThrow();
  const payload = fromDbJson<{ until: string | null }>(task.payload);
  if (!payload?.until) throw new Error(`${kind}'s payload has no until`);
  return Math.floor(Date.parse(payload.until) / 1_000);
}

/**
 * Keeps Etsy's default backfill share (half the daily quota) when the backfill's minimum fits
 * it, else raises the share to 1.0 through the rate-limit config; says which, and whether even
 * the whole quota is too small.
 */
async function settleBackfillShare(runtime: Runtime, backfillCalls: number, allCalls: number): Promise<string> {
  const allowance = backfillAllowance({ dailyQuota: ETSY_DAILY, backfillShare: 0.5 })!;
  const quota = `Etsy's daily quota of ${ETSY_DAILY.toLocaleString('en-US')}`;
  if (allCalls > ETSY_DAILY) return `the backfill needs at least ${allCalls} calls, more than ${quota}: it waits for the sliding day`;
  if (backfillCalls <= allowance) return `backfill share kept at 0.5: the backfill's ${backfillCalls} calls fit its ${allowance} of ${quota}`;
  await updateRateLimitConfig(runtime, { etsy: { backfill_share: 1 } });
  return `backfill share raised to 1.0: the backfill's ${backfillCalls} calls are more than the default share's ${allowance} of ${quota}`;
}

console.log(
  `Commerce benchmark${SMALL ? ' (smoke: BENCH_SMALL=1)' : ''}: Etsy ${RECEIPTS.toLocaleString('en-US')} receipts, ${LISTINGS} listings, ${ETSY_DAYS} days at ${ETSY_RATE} req/s and ` +
    `${ETSY_DAILY.toLocaleString('en-US')}/day; Printify ${ORDERS.toLocaleString('en-US')} orders, ${PRODUCTS} products at ${PRINTIFY_PER_MINUTE}/min; ` +
    `${ENGINE === 'mysql' ? 'MariaDB' : 'SQLite'}, DISPATCH_CONCURRENCY ${CONCURRENCY}, Node ${process.version}`,
);
const b = await benchCommerce();

const verdict = (met: boolean) => (met ? 'MET' : 'NOT MET');
const fixed = (value: number, digits = 3) => value.toFixed(digits);
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const peakRssMb = Math.max(0, ...b.run.invocations.map((i) => i.maxRssBytes)) / 1_048_576;
const platforms = [
  { name: 'Etsy', key: 'etsy', f: b.etsy, minimum: b.minimum.etsy, truthRows: b.truthRows.etsy, allowed: `${ETSY_RATE} req/s` },
  { name: 'Printify', key: 'printify', f: b.printify, minimum: b.minimum.printify, truthRows: b.truthRows.printify, allowed: `${PRINTIFY_PER_MINUTE}/min` },
] as const;
console.log(`\n${b.shareNote}`);
for (const { name, f, minimum, truthRows, allowed } of platforms) {
  const callsRatio = f.calls / minimum.total;
  const rows: [string, string, string][] = [
    ['calls made ÷ minimum', `${thousands(f.calls)} ÷ ${thousands(minimum.total)} = ${fixed(callsRatio, 4)} (${Object.entries(minimum.parts).map(([part, n]) => `${part} ${n}`).join(', ')})`, `${verdict(f.calls <= minimum.total)} (1.00)`],
    ['achieved ÷ allowed rate', `${fixed(f.rate.achievedRate, 2)} / ${fixed(f.allowedRate, 2)} req/s = ${fixed(f.rate.achievedRatio)} over ${fixed(f.rate.activeSeconds, 1)} s (${allowed})`, `${verdict(f.rate.targets.rate)} (≥ 0.95)`],
    ['rows upserted per second', `${thousands(f.rowsPerSecond)} (${thousands(f.rows.total)} rows: ${Object.entries(f.rows.byTable).map(([t, n]) => `${t} ${thousands(n)}`).join(', ')})`, ''],
    ['429 responses', `${f.limited} of ${thousands(f.calls)} = ${(100 * share(f.limited, f.calls)).toFixed(2)}%; answers ${JSON.stringify(f.byStatus)}`, ''],
    ['wall time', `${fixed(f.wallSeconds, 1)} s${f.finished ? ' (to the job\'s end)' : ' (job not finished)'} vs ideal ${fixed(minimum.total / f.allowedRate, 1)} s (minimum ÷ allowed rate)`, ''],
    ['stored rows vs truth', `${thousands(f.rows.total)} vs ${thousands(truthRows)}`, verdict(f.rows.total === truthRows)],
  ];
  console.log(`\n**${name}**\n\n| measure | value | target |\n|---|---|---|`);
  for (const [measure, value, target] of rows) console.log(`| ${measure} | ${value} | ${target} |`);
}
console.log(`\n**Both**\n\n| measure | value | target |\n|---|---|---|`);
const largest = (pick: (i: InvocationResult) => number) => Math.max(0, ...b.run.invocations.map(pick));
console.log(`| peak RSS of a dispatch invocation | ${fixed(peakRssMb, 1)} MB, the largest of ${b.run.invocations.length} (median ${mb(median(b.run.invocations.map((i) => i.maxRssBytes)))}; ${mb(median(b.run.invocations.map((i) => i.readyRssBytes)))} before the call, runtime built, under tsx) | ${verdict(peakRssMb <= 200)} (≤ 200 MB) |`);
console.log(`| … of which V8's heap | at most ${mb(largest((i) => i.peakHeapUsedBytes))} in use (live and not yet collected); young generation up to ${mb(largest((i) => i.peakNewSpaceBytes))} | |`);
console.log(`| wall time, both backfills and their follow-ups | ${fixed(b.wallSeconds, 1)} s${b.run.timedOut ? ' (time bound hit)' : ''} | |`);
console.log(`| tasks | ${JSON.stringify(b.tasks)} | |`);
console.log(`\nLogs: ${b.logDir}\n`);
console.log(
  JSON.stringify({
    bench: 'commerce',
    small: SMALL,
    engine: ENGINE,
    invocations: b.run.invocations.length,
    timedOut: b.run.timedOut,
    wallSeconds: b.wallSeconds,
    peakRssMb,
    readyRssMb: median(b.run.invocations.map((i) => i.readyRssBytes)) / 1_048_576,
    peakHeapUsedMb: Math.max(0, ...b.run.invocations.map((i) => i.peakHeapUsedBytes)) / 1_048_576,
    shareNote: b.shareNote,
    tasks: b.tasks,
    ...Object.fromEntries(
      platforms.map(({ key, f, minimum, truthRows }) => [
        key,
        {
          calls: f.calls,
          minimumCalls: minimum.total,
          minimumParts: minimum.parts,
          callsRatio: f.calls / minimum.total,
          allowedRate: f.allowedRate,
          achievedRate: f.rate.achievedRate,
          rateRatio: f.rate.achievedRatio,
          maxPerSecond: f.rate.maxPerSecond,
          limited: f.limited,
          byStatus: f.byStatus,
          rows: f.rows.total,
          truthRows,
          rowsPerSecond: f.rowsPerSecond,
          wallSeconds: f.wallSeconds,
          finished: f.finished,
        },
      ]),
    ),
  }),
);
