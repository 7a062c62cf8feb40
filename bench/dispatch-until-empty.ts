/**
 * One serverless instance, as its own process (bench/budgets.bench.ts starts several): the
 * process-wide runtime built from the environment, as a deployed function builds it, then
 * dispatcher invocations back to back until no task is queued. Prints `ready` once the runtime
 * is up and waits for SIGUSR2, so that every instance starts at once; writes its totals to
 * BENCH_RESULT_FILE before exiting. A crash exits non-zero without writing it.
 */
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { dispatch } from '../lib/dispatcher/dispatch.js';
import { emptySummary, type DrainSummary } from '../lib/queue/drain-queue.js';
import { closeRuntime, getRuntime } from '../lib/runtime.js';

/** As api/jobs/dispatch.ts: a 60 s invocation starts no work in its last 25 s. */
const WORK_MS = 35_000;
/** Between invocations that found nothing ready (the tasks left wait for a retry time). */
const IDLE_PAUSE_MS = 100;

export interface InvocationTotals extends DrainSummary {
  invocations: number;
  /** When the last invocation returned (ms since epoch). */
  finishedAt: number;
}

const resultFile = process.env.BENCH_RESULT_FILE;
if (!resultFile) throw new Error('BENCH_RESULT_FILE is required: where this instance writes its totals');

const runtime = await getRuntime();
const go = new Promise<void>((resolve) => process.once('SIGUSR2', () => resolve()));
console.log('ready');
await go;

const totals: InvocationTotals = { ...emptySummary(), invocations: 0, finishedAt: 0 };
for (;;) {
  const summary = await dispatch(runtime, new Date(runtime.clock.now().getTime() + WORK_MS));
  totals.invocations++;
  for (const key of Object.keys(emptySummary()) as (keyof DrainSummary)[]) totals[key] += summary[key];
  if (summary.remaining === 0) break;
  if (summary.claimed === 0) await sleep(IDLE_PAUSE_MS);
}
totals.finishedAt = Date.now();
writeFileSync(resultFile, JSON.stringify(totals));
await closeRuntime();
