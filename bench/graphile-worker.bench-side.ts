// The graphile-worker side of `npm run bench:queue`: the same no-op workload
// Sluice's MariaDB queue runs, executed by graphile-worker on PostgreSQL.

import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Logger, run, runMigrations } from 'graphile-worker';
import type { Runner, RunnerOptions, TaskList } from 'graphile-worker';

export interface GraphileBenchResult {
  label: string;
  concurrency: number;
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
}

export interface GraphileEnqueueResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export type GraphileRunMode = 'default' | 'batched';

const RUN_TASK = 'sluice_bench_noop';
const ENQUEUE_TASK = 'sluice_bench_enqueue';

// graphile-worker's perfTest/init.js (graphile/worker@55603eb) builds every
// job spec client-side and queues them with one
// `select graphile_worker.add_jobs($1::graphile_worker.job_spec[])` call for
// the whole run (perfTest/run.js: JOB_COUNT = 200000). We cap a single call at
// that size so a 20k run is one call, as in the perf test, while very large
// runs don't build one giant parameter string.
const ADD_JOBS_BATCH = 200_000;

const REACHABILITY_TIMEOUT_MS = 2_500;
const DRAIN_POLL_MS = 5;
// Completion batches flush within milliseconds; rows still present this long
// after the last handler returned mean they will never go away.
const DRAIN_TIMEOUT_MS = 30_000;

// graphile-worker logs every job start/finish at info level by default; the
// bench prints its own table.
const silentLogger = new Logger(() => () => {});

/**
 * 'batched' reproduces graphile-worker's own high-throughput perf-test
 * configuration, perfTest/graphile.config.js (graphile/worker@0ef7d7f):
 *
 *   concurrentJobs: CONCURRENT_JOBS, maxPoolSize: CONCURRENT_JOBS + 1,
 *   localQueue: { size: 500, refetchDelay: { durationMs: 10 } },
 *   completeJobBatchDelay: 0, failJobBatchDelay: 0,
 *   gracefulShutdownAbortTimeout: 2500,
 *
 * which matches the configuration quoted on https://worker.graphile.org/docs/performance
 * ("localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0").
 * The perf test uses CONCURRENT_JOBS = 24 across 4 processes; here the caller's
 * concurrency stands in for CONCURRENT_JOBS in a single process.
 * `fileExtensions` from that config is irrelevant because tasks come from a
 * taskList rather than a task directory.
 */
function batchedPreset(concurrency: number): NonNullable<RunnerOptions['preset']> {
  return {
    worker: {
      concurrentJobs: concurrency,
      maxPoolSize: concurrency + 1,
      localQueue: { size: 500, refetchDelay: { durationMs: 10 } },
      completeJobBatchDelay: 0,
      failJobBatchDelay: 0,
      gracefulShutdownAbortTimeout: 2_500,
    },
  };
}

export async function isPostgresReachable(connectionString: string): Promise<boolean> {
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: REACHABILITY_TIMEOUT_MS,
  });
  // A server that drops the socket later must not crash the process via an
  // unhandled 'error' event.
  client.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  // connectionTimeoutMillis covers the TCP/startup phase only; the race also
  // bounds a server that accepts the socket but never answers the query.
  const deadline = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), REACHABILITY_TIMEOUT_MS + 250);
  });
  const probe = (async () => {
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    }
  })();
  try {
    return await Promise.race([probe, deadline]);
  } finally {
    clearTimeout(timer);
    // Not awaited: ending a client stuck mid-handshake can itself hang.
    client.end().catch(() => {});
  }
}

function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function adminQuery(adminConnectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminConnectionString });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function withGraphileDatabase<T>(
  adminConnectionString: string,
  fn: (connectionString: string) => Promise<T>,
): Promise<T> {
  const name = `sluice_bench_gw_${process.pid}_${randomBytes(4).toString('hex')}`;
  const quoted = pg.escapeIdentifier(name);
  await adminQuery(adminConnectionString, `create database ${quoted}`);
  try {
    return await fn(withDatabase(adminConnectionString, name));
  } finally {
    // FORCE (PG 13+) so a connection left behind by a failed run can't keep
    // the throwaway database alive.
    await adminQuery(adminConnectionString, `drop database if exists ${quoted} with (force)`);
  }
}

async function migrate(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: silentLogger });
}

// Postgres array-of-composite literal in the same shape perfTest/init.js
// builds; the task identifiers here are fixed ASCII so only the JSON payload
// needs escaping, which the outer element quoting handles.
function jobSpecArrayLiteral(identifier: string, from: number, to: number): string {
  const elements: string[] = [];
  for (let i = from; i < to; i++) {
    const row = `("${identifier}","{\\"id\\":${i}}",,,,,,)`;
    elements.push(`"${row.replace(/["\\]/g, '\\$&')}"`);
  }
  return `{${elements.join(',')}}`;
}

async function addJobsInBatches(client: pg.Client, identifier: string, rows: number): Promise<void> {
  for (let from = 0; from < rows; from += ADD_JOBS_BATCH) {
    const to = Math.min(rows, from + ADD_JOBS_BATCH);
    await client.query('select graphile_worker.add_jobs($1::graphile_worker.job_spec[])', [
      jobSpecArrayLiteral(identifier, from, to),
    ]);
  }
}

async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function benchGraphileEnqueue(connectionString: string, rows: number): Promise<GraphileEnqueueResult> {
  await migrate(connectionString);
  return withClient(connectionString, async (client) => {
    const started = performance.now();
    await addJobsInBatches(client, ENQUEUE_TASK, rows);
    const seconds = (performance.now() - started) / 1000;
    // Leave the jobs table empty for a following benchGraphileRun in the same
    // database; complete_jobs is graphile-worker's public bulk-removal function.
    await client.query(
      `select graphile_worker.complete_jobs(array(
         select id from graphile_worker.jobs where task_identifier = $1
       ))`,
      [ENQUEUE_TASK],
    );
    return { rows, seconds, rowsPerSecond: rows / seconds };
  });
}

async function remainingJobs(client: pg.Client): Promise<number> {
  const result = await client.query<{ n: number }>(
    'select count(*)::int as n from graphile_worker.jobs where task_identifier = $1',
    [RUN_TASK],
  );
  return result.rows[0]?.n ?? 0;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function benchGraphileRun(
  connectionString: string,
  opts: { jobs: number; concurrency: number; mode: GraphileRunMode },
): Promise<GraphileBenchResult> {
  const { jobs, concurrency, mode } = opts;
  await migrate(connectionString);

  return withClient(connectionString, async (client) => {
    if ((await remainingJobs(client)) !== 0) {
      throw new Error(`graphile-worker bench: ${RUN_TASK} jobs left over from an earlier run`);
    }
    await addJobsInBatches(client, RUN_TASK, jobs);

    let handled = 0;
    let allHandled!: () => void;
    let abort!: (error: unknown) => void;
    const handlersDone = new Promise<void>((resolve, reject) => {
      allHandled = resolve;
      abort = reject;
    });
    // Keep an early rejection from surfacing as unhandled before it is awaited.
    handlersDone.catch(() => {});

    const taskList: TaskList = {
      [RUN_TASK]: () => {
        handled += 1;
        if (handled === jobs) allHandled();
      },
    };

    const options: RunnerOptions = {
      connectionString,
      concurrency,
      logger: silentLogger,
      taskList,
      // The caller owns SIGINT/SIGTERM; graphile-worker would otherwise install
      // its own handlers for the lifetime of the runner.
      noHandleSignals: true,
      ...(mode === 'batched' ? { maxPoolSize: concurrency + 1, preset: batchedPreset(concurrency) } : {}),
    };

    const started = performance.now();
    // Empty cron list: without it graphile-worker reads ./crontab from cwd.
    const runner: Runner = await run(options, undefined, []);
    try {
      runner.events.on('job:error', ({ error }) => abort(error));
      runner.promise.then(
        () => abort(new Error('graphile-worker runner stopped before draining the queue')),
        (error: unknown) => abort(error),
      );
      if (jobs > 0) await handlersDone;
      // Handlers returning isn't the finish line: with completeJobBatchDelay
      // the last completions are still queued in memory, so the queue counts as
      // drained only once the rows are gone from the database.
      const drainDeadline = performance.now() + DRAIN_TIMEOUT_MS;
      while ((await remainingJobs(client)) > 0) {
        if (performance.now() > drainDeadline) {
          throw new Error('graphile-worker bench: jobs were handled but never left the queue');
        }
        await delay(DRAIN_POLL_MS);
      }
      const seconds = (performance.now() - started) / 1000;
      return {
        label: `graphile-worker (${mode})`,
        concurrency,
        jobs,
        seconds,
        jobsPerSecond: jobs / seconds,
      };
    } finally {
      await runner.stop();
      await runner.promise.catch(() => {});
    }
  });
}
