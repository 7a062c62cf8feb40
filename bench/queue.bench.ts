/**
 * `npm run bench:queue`: bulk enqueue rows/s and no-op tasks/s with 1, 4 and 8 workers, on
 * MariaDB and SQLite, beside graphile-worker on the local PostgreSQL with the same workload.
 * Prints a table and whether the targets were met. Not a test: figures vary by machine.
 *
 * Each figure is the median of BENCH_REPEAT runs (default 5): single runs on this VM vary by
 * ±30%, so one sample says little.
 *
 * Env: BENCH_JOBS (20000), BENCH_BATCH (claim batch size), BENCH_REPEAT, BENCH_MYSQL_URL, BENCH_PG_URL.
 */
import { performance } from 'node:perf_hooks';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../dev/throwaway-database.js';
import { detectClaimStrategy, type ClaimStrategy } from '../lib/queue/claim-strategy.js';
import { drainQueue } from '../lib/queue/drain-queue.js';
import { countTasksByStatus, enqueueTasks, type NewTask } from '../lib/queue/repository/index.js';
import { systemClock } from '../lib/shared/clock.js';
import { benchGraphileEnqueue, benchGraphileRun, isPostgresReachable, withGraphileDatabase } from './graphile-worker.bench-side.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 20_000);
// 500 = the local queue size of graphile-worker's batched configuration, so both fetch alike.
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const WORKER_COUNTS = [1, 4, 8];

async function medianOf(runs: number, measure: (run: number) => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let run = 0; run < runs; run++) values.push(await measure(run));
  return values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

interface Row {
  system: string;
  measure: string;
  value: number;
}
const rows: Row[] = [];
const record = (system: string, measure: string, value: number) => {
  rows.push({ system, measure, value });
  console.log(`  ${system.padEnd(34)} ${measure.padEnd(22)} ${Math.round(value).toLocaleString('en-US').padStart(10)}`);
};

const noopTasks = (n: number, run: string): NewTask[] =>
  Array.from({ length: n }, (_, i) => ({ platform: 'bench', tenantId: `t${i % 16}`, kind: 'noop', dedupeKey: `${run}:${i}`, payload: { i } }));

async function benchSluice(engine: 'mysql' | 'sqlite'): Promise<void> {
  const label = engine === 'mysql' ? 'Sluice · MariaDB' : 'Sluice · SQLite';
  const database: ThrowawayDatabase = await createThrowawayDatabase(engine, { mysqlAdminUrl: MYSQL_URL, connectionLimit: 10, prefix: 'sluice_bench' });
  try {
    const strategy = await detectClaimStrategy(database.db);
    const enqueueRate = await medianOf(REPEAT, async (run) => {
      const tasks = noopTasks(JOBS, `enqueue${run}`);
      const started = performance.now();
      const { inserted } = await enqueueTasks(database.db, tasks, new Date());
      const rate = inserted / ((performance.now() - started) / 1_000);
      await database.db.deleteFrom('job_tasks').execute();
      return rate;
    });
    record(label, 'enqueue rows/s', enqueueRate);

    for (const workers of WORKER_COUNTS) {
      record(label, `no-op tasks/s ×${workers}`, await medianOf(REPEAT, (run) => drainOnce(database, strategy, workers, run)));
    }
  } finally {
    await database.drop();
  }
}

async function drainOnce(database: ThrowawayDatabase, strategy: ClaimStrategy, workers: number, run: number): Promise<number> {
  await enqueueTasks(database.db, noopTasks(JOBS, `run${workers}.${run}`), new Date());
  const t0 = performance.now();
  const summaries = await Promise.all(
    Array.from({ length: workers }, () =>
      drainQueue({
        db: database.db,
        strategy,
        clock: systemClock,
        deadline: new Date(Date.now() + 600_000),
        batchSize: BATCH,
        concurrency: BATCH,
        leaseMs: 60_000,
        handle: async () => {},
      }),
    ),
  );
  const seconds = (performance.now() - t0) / 1_000;
  const done = summaries.reduce((sum, s) => sum + s.succeeded, 0);
  const counts = await countTasksByStatus(database.db);
  if (done !== JOBS || counts.succeeded !== JOBS) throw new Error(`expected ${JOBS} succeeded, got ${done} (${JSON.stringify(counts)})`);
  await database.db.deleteFrom('job_tasks').execute();
  return JOBS / seconds;
}

async function benchGraphile(): Promise<void> {
  if (!(await isPostgresReachable(PG_URL))) {
    console.log(`  graphile-worker: skipped — PostgreSQL at ${PG_URL} is unreachable (set BENCH_PG_URL)`);
    return;
  }
  await withGraphileDatabase(PG_URL, async (url) => {
    record('graphile-worker · PostgreSQL', 'enqueue rows/s', await medianOf(REPEAT, async () => (await benchGraphileEnqueue(url, JOBS)).rowsPerSecond));
    for (const mode of ['default', 'batched'] as const) {
      for (const concurrency of WORKER_COUNTS) {
        const rate = await medianOf(REPEAT, async () => (await benchGraphileRun(url, { jobs: JOBS, concurrency, mode })).jobsPerSecond);
        record(`graphile-worker (${mode})`, `no-op tasks/s ×${concurrency}`, rate);
      }
    }
  });
}

function value(system: string, measure: string): number | undefined {
  return rows.find((row) => row.system === system && row.measure === measure)?.value;
}

function verdict(label: string, ours: number | undefined, theirs: number | undefined, factor: number): string {
  if (ours === undefined || theirs === undefined) return `${label}: not measured`;
  const ratio = ours / theirs;
  return `${label}: ${ratio.toFixed(2)}× (target ≥ ${factor}×) ${ratio >= factor ? 'MET' : 'NOT MET'}`;
}

console.log(`Queue benchmark: ${JOBS.toLocaleString('en-US')} jobs per run, median of ${REPEAT} runs, claim batch ${BATCH}, Node ${process.version}`);
await benchSluice('mysql');
await benchSluice('sqlite');
await benchGraphile();

console.log('\n| system | measure | value |\n|---|---|---:|');
for (const row of rows) console.log(`| ${row.system} | ${row.measure} | ${Math.round(row.value).toLocaleString('en-US')} |`);
console.log('\nTargets (MariaDB, 4 workers vs graphile-worker at concurrency 4):');
console.log(`- ${verdict('no-op vs graphile default', value('Sluice · MariaDB', 'no-op tasks/s ×4'), value('graphile-worker (default)', 'no-op tasks/s ×4'), 2)}`);
console.log(`- ${verdict('no-op vs graphile batched', value('Sluice · MariaDB', 'no-op tasks/s ×4'), value('graphile-worker (batched)', 'no-op tasks/s ×4'), 1)}`);
console.log(`- ${verdict('bulk enqueue vs add_jobs', value('Sluice · MariaDB', 'enqueue rows/s'), value('graphile-worker · PostgreSQL', 'enqueue rows/s'), 1)}`);
