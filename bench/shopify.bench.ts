/**
 * `npm run bench:shopify` (issue 12): a 200,000-order Shopify shop backfilled through bulk
 * operations, then an incremental sync bound by Shopify's cost bucket. The Shopify simulator runs
 * as its own process on loopback (sim-usd: BENCH_ORDERS orders of 1–5 lines, products and
 * customers); Sluice, on a fresh SQLite database (BENCH_DATABASE=mysql: MariaDB), connects the shop
 * through its OAuth start, the simulator's consent and the signed-redirect exchange, and the
 * backfill is driven by cron invocations of the dispatch function, each a process of its own so
 * that its peak RSS is its own (bench/dispatch-invocations.ts), until the queue is empty.
 *
 * Backfill: rows upserted per second while the orders file was downloaded and upserted (orders
 * and line items, from the file's first request to the orders task's end) and over the whole
 * run including the bulk wait; the peak RSS of the invocations that upserted the file (≤ 200 MB)
 * and of all; stored row counts equal to the truth's, and every BENCH_SAMPLE_EVERY-th order (with
 * its lines) and all products, variants and customers equal to it column by column.
 *
 * Sync: BENCH_SYNC_ORDERS orders changed at the simulator (touch-orders: each to another financial
 * status, updated now), the shop's bucket set to BENCH_SYNC_BUCKET (capacity:restore per second),
 * the sync cron's schedules run (as `/api/jobs/sync` does), then invocations until the queue is
 * empty. Judged: the points Shopify charged over the sync's span ÷ what the bucket allowed in it
 * (its first fill + restore × span; bench/cost-rate-figures.ts; ≥ 0.95), and THROTTLED answers
 * (≤ 1% of queries); the changed orders are then compared with the truth. The sync also reads
 * what the cursor's overlap (SHOPIFY_SYNC_OVERLAP_MINUTES) takes in — at full size about 620 more
 * orders, last updated at the shop's anchor — so at 1000:50 it runs about 8 minutes (an orders
 * page of 10 costs about 280 points).
 *
 * Prints a table, then the same as one JSON line. Exits non-zero only when something crashed.
 *
 * Env: BENCH_SMALL=1 (a smoke run: 2,000 orders, sync of 60 at 1000:50), BENCH_DATABASE (sqlite |
 * mysql), BENCH_ORDERS (200000), BENCH_PRODUCTS (500), BENCH_CUSTOMERS (20000),
 * BENCH_HISTORY_DAYS (730), BENCH_SYNC_ORDERS (250), BENCH_SYNC_BUCKET (1000:50), BENCH_SAMPLE_EVERY
 * (997), BENCH_CONCURRENCY (4), BENCH_MAX_SECONDS (per phase, 1800), BENCH_MYSQL_URL,
 * BENCH_NODE_OPTIONS (NODE_OPTIONS of the invocations, e.g. --max-semi-space-size=16).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { SHOPIFY_COLUMNS, storedRows, truthRows } from '../dev/chaos/commerce-rows.js';
import { startShopifySimulatorProcess, type ShopifySimulatorProcess, type ShopifyTruthSample } from '../dev/chaos/shopify-simulator-process.js';
import type { ShopifySimulatorStats } from '../dev/simulators/shopify/index.js';
import { createThrowawayDatabase } from '../dev/throwaway-database.js';
import { fromDbTime } from '../db/values.js';
import { exchangeRedirect, startOAuth } from '../lib/accounts/oauth-flow.service.js';
import { loadConfig } from '../lib/config/env.js';
import { runScheduledSyncs } from '../lib/jobs/scheduled-syncs.service.js';
import { createRuntime } from '../lib/runtime.js';
import { silentLogger } from '../lib/shared/logger.js';
import { costRateFigures } from './cost-rate-figures.js';
import type { InvocationResult } from './dispatch-invocation.js';
import { invocationMemory, runDispatchInvocations, type InvocationRun } from './dispatch-invocations.js';
import { BENCH_SMALL, benchEngine, envNumber } from './bench-env.js';

const number = envNumber;
const SMALL = BENCH_SMALL;
const ENGINE = benchEngine();
const ORDERS = number('BENCH_ORDERS', SMALL ? 2_000 : 200_000);
const PRODUCTS = number('BENCH_PRODUCTS', SMALL ? 20 : 500);
const CUSTOMERS = number('BENCH_CUSTOMERS', SMALL ? 200 : 20_000);
const HISTORY_DAYS = number('BENCH_HISTORY_DAYS', SMALL ? 120 : 730);
const SYNC_ORDERS = number('BENCH_SYNC_ORDERS', SMALL ? 60 : 250);
const SYNC_BUCKET = (() => {
  const text = process.env.BENCH_SYNC_BUCKET ?? '1000:50';
  const match = /^(\d+):(\d+)$/.exec(text);
  if (!match) {
    console.error(`BENCH_SYNC_BUCKET=${text}: expected capacity:restorePerSecond, e.g. 1000:50`);
    process.exit(2);
  }
  return { capacity: Number(match[1]), restorePerSecond: Number(match[2]) };
})();
const SAMPLE_EVERY = number('BENCH_SAMPLE_EVERY', SMALL ? 37 : 997);
const CONCURRENCY = number('BENCH_CONCURRENCY', 4);
const MAX_SECONDS = number('BENCH_MAX_SECONDS', SMALL ? 300 : 1_800);
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';
const NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS;

const TENANT = 'bench';
const SHOP = 'sim-usd';
const SHOP_DOMAIN = `${SHOP}.myshopify.com`;
const TABLES = ['orders', 'line_items', 'products', 'product_variants', 'customers'] as const;
type Table = (typeof TABLES)[number];

const benchStarted = Date.now();
const progress = (line: string) => process.stderr.write(`  [${((Date.now() - benchStarted) / 1_000).toFixed(1)} s] ${line}\n`);

async function benchShopify() {
  const logDir = mkdtempSync(join(tmpdir(), 'sluice-bench-shopify-'));
  const shopify = await startShopifySimulatorProcess({
    orders: ORDERS,
    products: PRODUCTS,
    customers: CUSTOMERS,
    historyDays: HISTORY_DAYS,
    apiKey: 'bench-shopify-key',
    apiSecret: 'bench-shopify-secret',
    logFile: join(logDir, 'shopify-simulator.log'),
  });
  progress('simulator ready');
  try {
    const database = await createThrowawayDatabase(ENGINE, { mysqlAdminUrl: MYSQL_URL, prefix: 'sluice_bench_shopify', connectionLimit: 4 });
    try {
      const env: Record<string, string> = {
        DATABASE_URL: database.url,
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 6).toString('base64'),
        CRON_SECRET: 'bench-shopify-cron',
        CONNECTORS: 'shopify',
        ...shopify.env,
        DISPATCH_CONCURRENCY: String(CONCURRENCY),
        LOG_LEVEL: 'warn',
      };
      const withRuntime = async <T>(work: (runtime: Awaited<ReturnType<typeof createRuntime>>) => Promise<T>): Promise<T> => {
        const runtime = await createRuntime(loadConfig(env), { logger: silentLogger });
        try {
          return await work(runtime);
        } finally {
          await runtime.database.destroy();
        }
      };

      // Backfill.
      await withRuntime(async (runtime) => {
        const start = await startOAuth(runtime, 'shopify', { tenantId: TENANT, shop: SHOP_DOMAIN });
        const connected = await exchangeRedirect(runtime, 'shopify', await shopify.consent(start.authorize_url));
        progress(`connected ${connected.account_id} (${connected.backfill_enqueued} entity tasks)`);
      });
      await shopify.resetStats();
      const backfillGo = Date.now();
      const backfillRun = await runDispatchInvocations({ env, logDir, prefix: 'backfill-', maxSeconds: MAX_SECONDS, nodeOptions: NODE_OPTIONS });
      progress(backfillRun.timedOut ? `backfill: time bound hit after ${MAX_SECONDS} s` : `backfill: queue empty after ${backfillRun.invocations.length} invocations`);
      const backfillStats = await shopify.stats();
      const ordersEnd = await taskEnd(database.db, 'shopify.orders');
      const jobEnd = await jobFinished(database.db, 'data-collection');
      const backfillTruth = await shopify.truthSample(SHOP, SAMPLE_EVERY);
      const backfillCheck = await compareWithTruth(database.db, backfillTruth);
      progress(`backfill checked: ${backfillCheck.sampleMismatches.length === 0 ? 'sample equal' : `sample differs in ${backfillCheck.sampleMismatches.join(', ')}`}`);

      // Sync.
      const touched = await shopify.touchOrders(SHOP, SYNC_ORDERS);
      await shopify.setBucket(SHOP, SYNC_BUCKET);
      await shopify.resetStats();
      const schedules = await withRuntime((runtime) => runScheduledSyncs(runtime, 'sync'));
      progress(`sync: ${SYNC_ORDERS} orders changed, bucket ${SYNC_BUCKET.capacity}:${SYNC_BUCKET.restorePerSecond}, ${schedules.enqueued} sync tasks enqueued`);
      const syncGo = Date.now();
      const syncRun = await runDispatchInvocations({ env, logDir, prefix: 'sync-', maxSeconds: MAX_SECONDS, nodeOptions: NODE_OPTIONS });
      progress(syncRun.timedOut ? `sync: time bound hit after ${MAX_SECONDS} s` : `sync: queue empty after ${syncRun.invocations.length} invocations`);
      const syncStats = await shopify.stats();
      const syncTruth = await shopify.truthSample(SHOP, touched.every);
      const syncCheck = await compareWithTruth(database.db, syncTruth);

      return {
        logDir,
        backfill: backfillFigures({ run: backfillRun, go: backfillGo, stats: backfillStats, ordersEnd, jobEnd, check: backfillCheck }),
        sync: syncFigures({ run: syncRun, go: syncGo, stats: syncStats, enqueued: schedules.enqueued, check: syncCheck }),
        tasks: await taskCounts(database.db),
      };
    } finally {
      await database.drop();
    }
  } finally {
    await shopify.close();
  }
}

type Db = Awaited<ReturnType<typeof createThrowawayDatabase>>['db'];
type Check = Awaited<ReturnType<typeof compareWithTruth>>;

/** When a kind's task last changed: a succeeded task's end. */
async function taskEnd(db: Db, kind: string): Promise<number | null> {
  const task = await db.selectFrom('job_tasks').select(['status', 'updated_at']).where('kind', '=', kind).orderBy('id').executeTakeFirst();
  return task?.status === 'succeeded' ? fromDbTime(task.updated_at).getTime() : null;
}

async function jobFinished(db: Db, type: string): Promise<number | null> {
  const job = await db.selectFrom('backfill_jobs').select(['status', 'finished_at']).where('type', '=', type).orderBy('id').executeTakeFirst();
  return job?.status === 'succeeded' && job.finished_at !== null ? fromDbTime(job.finished_at).getTime() : null;
}

async function taskCounts(db: Db) {
  const rows = await db.selectFrom('job_tasks').select(({ fn }) => ['status', fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/**
 * Stored row counts against the truth's, and the sampled orders with their lines and the small
 * tables whole, column by column: the tables that differ.
 */
async function compareWithTruth(db: Db, truth: ShopifyTruthSample) {
  const counts = {} as Record<Table, number>;
  for (const table of TABLES) {
    const row = await db.selectFrom(table).select(({ fn }) => fn.countAll<number>().as('n')).where('platform', '=', 'shopify').executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  const orderIds = truth.orders.map((order) => order.platform_id);
  const sampleMismatches: Table[] = [];
  for (const table of TABLES) {
    const only = table === 'orders' ? { column: 'platform_id' as const, values: orderIds } : table === 'line_items' ? { column: 'order_platform_id' as const, values: orderIds } : undefined;
    const stored = await storedRows(db, table, TENANT, 'shopify', SHOPIFY_COLUMNS[table], only);
    if (!isDeepStrictEqual(stored, truthRows(truth[table], SHOPIFY_COLUMNS[table]))) sampleMismatches.push(table);
  }
  return { counts, truthCounts: truth.counts, countsEqual: TABLES.every((table) => counts[table] === truth.counts[table]), sampledOrders: orderIds.length, sampleMismatches };
}

/** Invocations running at some time in [from, to]. */
const invocationsDuring = (invocations: readonly InvocationResult[], from: number, to: number) => invocations.filter((i) => i.startedAt <= to && i.finishedAt >= from);

function backfillFigures(input: { run: InvocationRun; go: number; stats: ShopifySimulatorStats; ordersEnd: number | null; jobEnd: number | null; check: Check }) {
  const { run, go, stats, ordersEnd, check } = input;
  const downloads = stats.endpoints['bulk.download'].timestamps;
  const ordersRows = check.counts.orders + check.counts.line_items;
  const allRows = TABLES.reduce((sum, table) => sum + check.counts[table], 0);
  // The orders file is the first one asked for: entities run one after another, orders first.
  const fileStart = downloads.length === 0 ? null : Math.min(...downloads);
  const upsertSeconds = fileStart === null || ordersEnd === null ? null : (ordersEnd - fileStart) / 1_000;
  const upserting = fileStart === null || ordersEnd === null ? [] : invocationsDuring(run.invocations, fileStart, ordersEnd);
  const wallSeconds = ((input.jobEnd ?? run.endedAt) - go) / 1_000;
  return {
    invocations: run.invocations.length,
    timedOut: run.timedOut,
    finished: input.jobEnd !== null,
    wallSeconds,
    bulkWaitSeconds: fileStart === null ? null : (fileStart - go) / 1_000,
    upsertSeconds,
    ordersRows,
    upsertRowsPerSecond: upsertSeconds === null ? null : ordersRows / upsertSeconds,
    ordersRowsPerSecondOverall: ordersEnd === null ? null : ordersRows / ((ordersEnd - go) / 1_000),
    allRows,
    allRowsPerSecond: allRows / wallSeconds,
    upserting: { count: upserting.length, ...invocationMemory(upserting) },
    memory: invocationMemory(run.invocations),
    graphqlQueries: stats.graphqlQueries,
    bulkOperations: stats.bulkOperations,
    bulkDownloads: stats.bulkDownloads,
    bytesServed: stats.bytesServed,
    check,
  };
}

function syncFigures(input: { run: InvocationRun; go: number; stats: ShopifySimulatorStats; enqueued: number; check: Check }) {
  const { run, stats } = input;
  const timestamps = stats.endpoints.graphql.timestamps.filter((t) => t >= input.go);
  const cost = costRateFigures({ costSpent: stats.costSpent, timestamps, queries: stats.graphqlQueries, throttled: stats.throttled, ...SYNC_BUCKET });
  return {
    enqueued: input.enqueued,
    invocations: run.invocations.length,
    timedOut: run.timedOut,
    wallSeconds: (run.endedAt - input.go) / 1_000,
    queries: stats.graphqlQueries,
    byStatus: stats.endpoints.graphql.byStatus,
    throttled: stats.throttled,
    costSpent: stats.costSpent,
    bulkOperations: stats.bulkOperations,
    cost,
    memory: invocationMemory(run.invocations),
    check: input.check,
  };
}

console.log(
  `Shopify benchmark${SMALL ? ' (smoke: BENCH_SMALL=1)' : ''}: ${ORDERS.toLocaleString('en-US')} orders, ${PRODUCTS} products, ${CUSTOMERS.toLocaleString('en-US')} customers over ${HISTORY_DAYS} days; ` +
    `sync of ${SYNC_ORDERS.toLocaleString('en-US')} changed orders at a ${SYNC_BUCKET.capacity}-point bucket restoring ${SYNC_BUCKET.restorePerSecond}/s; ` +
    `${ENGINE === 'mysql' ? 'MariaDB' : 'SQLite'}, DISPATCH_CONCURRENCY ${CONCURRENCY}, Node ${process.version}${NODE_OPTIONS ? `, NODE_OPTIONS ${NODE_OPTIONS}` : ''}`,
);
const b = await benchShopify();

const verdict = (met: boolean) => (met ? 'MET' : 'NOT MET');
const fixed = (value: number | null, digits = 1) => (value === null ? 'n/a' : value.toFixed(digits));
const thousands = (value: number | null) => (value === null ? 'n/a' : Math.round(value).toLocaleString('en-US'));
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const countsLine = (check: Check) => TABLES.map((t) => `${t} ${thousands(check.counts[t])}${check.counts[t] === check.truthCounts[t] ? '' : ` (truth ${thousands(check.truthCounts[t])})`}`).join(', ');
const sampleLine = (check: Check) => (check.sampleMismatches.length === 0 ? 'equal' : `differs in ${check.sampleMismatches.join(', ')}`);
const { backfill: f, sync: s } = b;
const table = (title: string, rows: [string, string, string][]) => {
  console.log(`\n**${title}**\n\n| measure | value | target |\n|---|---|---|`);
  for (const [measure, value, target] of rows) console.log(`| ${measure} | ${value} | ${target} |`);
};
table('Backfill (bulk operations)', [
  ['rows upserted per second, orders file', `${thousands(f.upsertRowsPerSecond)} (${thousands(f.ordersRows)} orders + line items in ${fixed(f.upsertSeconds)} s, from the file's first request to the orders task's end)`, ''],
  ['… including the bulk wait', `${thousands(f.ordersRowsPerSecondOverall)} (the operation ran ${fixed(f.bulkWaitSeconds)} s before the file was asked for)`, ''],
  ['rows per second, whole backfill', `${thousands(f.allRowsPerSecond)} (${thousands(f.allRows)} rows in ${fixed(f.wallSeconds)} s${f.finished ? ', to the job\'s end' : ', job not finished'})`, ''],
  ['peak RSS of the invocations that upserted the file', `${mb(f.upserting.peakRss)}, the largest of ${f.upserting.count}; V8 heap in use at most ${mb(f.upserting.peakHeapUsed)}, young generation up to ${mb(f.upserting.peakNewSpace)}`, `${verdict(f.upserting.count > 0 && f.upserting.peakRss <= 200 * 1_048_576)} (≤ 200 MB)`],
  ['peak RSS of any invocation', `${mb(f.memory.peakRss)} of ${f.invocations} (median ${mb(f.memory.medianPeakRss)}; ${mb(f.memory.readyRss)} before the call, runtime built, under tsx)`, ''],
  ['calls', `${f.graphqlQueries} GraphQL queries, ${f.bulkOperations} bulk operations, ${f.bulkDownloads} file requests (${mb(f.bytesServed)})`, ''],
  ['stored rows vs truth', countsLine(f.check), verdict(f.check.countsEqual)],
  ['sample vs truth', `${sampleLine(f.check)} (every ${SAMPLE_EVERY}th order: ${f.check.sampledOrders} with their lines; products, variants, customers whole)`, verdict(f.check.sampleMismatches.length === 0)],
]);
table('Incremental sync (cost-bound)', [
  ['achieved ÷ allowed cost', `${thousands(s.costSpent)} ÷ ${thousands(s.cost.allowedPoints)} points = ${fixed(s.cost.achievedRatio, 3)} over ${fixed(s.cost.spanSeconds)} s (${SYNC_BUCKET.capacity} + ${SYNC_BUCKET.restorePerSecond}/s × span)`, `${verdict(s.cost.targets.rate)} (≥ 0.95)`],
  ['points per second ÷ restore rate', `${fixed(s.cost.pointsPerSecond, 2)} / ${SYNC_BUCKET.restorePerSecond} = ${fixed(s.cost.perSecondRatio, 3)} (counts the first fill as restored)`, ''],
  ['THROTTLED answers', `${s.throttled} of ${s.queries} queries = ${(100 * s.cost.throttledShare).toFixed(2)}%; answers ${JSON.stringify(s.byStatus)}`, `${verdict(s.cost.targets.throttled)} (≤ 1%)`],
  ['wall time', `${fixed(s.wallSeconds)} s, ${s.invocations} invocations, ${s.enqueued} sync tasks, ${s.bulkOperations} bulk operations${s.timedOut ? ' (time bound hit)' : ''}`, ''],
  ['peak RSS of an invocation', `${mb(s.memory.peakRss)}`, ''],
  ['stored rows vs truth', countsLine(s.check), verdict(s.check.countsEqual)],
  ['changed orders vs truth', `${sampleLine(s.check)} (${s.check.sampledOrders} orders with their lines, products, variants, customers)`, verdict(s.check.sampleMismatches.length === 0)],
]);
console.log(`\ntasks ${JSON.stringify(b.tasks)}; logs: ${b.logDir}\n`);
console.log(
  JSON.stringify({
    bench: 'shopify',
    small: SMALL,
    engine: ENGINE,
    orders: ORDERS,
    nodeOptions: NODE_OPTIONS ?? null,
    backfill: {
      invocations: f.invocations,
      timedOut: f.timedOut,
      finished: f.finished,
      wallSeconds: f.wallSeconds,
      bulkWaitSeconds: f.bulkWaitSeconds,
      upsertSeconds: f.upsertSeconds,
      upsertRowsPerSecond: f.upsertRowsPerSecond,
      ordersRowsPerSecondOverall: f.ordersRowsPerSecondOverall,
      allRowsPerSecond: f.allRowsPerSecond,
      upsertingInvocations: f.upserting.count,
      upsertingPeakRssMb: f.upserting.peakRss / 1_048_576,
      upsertingPeakHeapUsedMb: f.upserting.peakHeapUsed / 1_048_576,
      upsertingPeakNewSpaceMb: f.upserting.peakNewSpace / 1_048_576,
      peakRssMb: f.memory.peakRss / 1_048_576,
      readyRssMb: f.memory.readyRss / 1_048_576,
      counts: f.check.counts,
      truthCounts: f.check.truthCounts,
      countsEqual: f.check.countsEqual,
      sampleMismatches: f.check.sampleMismatches,
    },
    sync: {
      changedOrders: SYNC_ORDERS,
      bucket: SYNC_BUCKET,
      invocations: s.invocations,
      timedOut: s.timedOut,
      wallSeconds: s.wallSeconds,
      queries: s.queries,
      throttled: s.throttled,
      costSpent: s.costSpent,
      spanSeconds: s.cost.spanSeconds,
      achievedRatio: s.cost.achievedRatio,
      perSecondRatio: s.cost.perSecondRatio,
      throttledShare: s.cost.throttledShare,
      peakRssMb: s.memory.peakRss / 1_048_576,
      countsEqual: s.check.countsEqual,
      sampleMismatches: s.check.sampleMismatches,
    },
    tasks: b.tasks,
  }),
);
