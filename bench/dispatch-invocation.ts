/**
 * One cron invocation of the dispatch function, as its own process (bench/commerce.bench.ts
 * starts one per invocation): the process-wide runtime built from the environment, as a warm
 * function instance has it, then — on SIGUSR2 — one call of `api/jobs/dispatch.ts` as Vercel's
 * cron makes it (POST with CRON_SECRET; no platform deadline outside Vercel, so the function's
 * own 60 s less its 25 s reserve: work starts for 35 s). Writes its answer, its times and the
 * process's peak RSS to BENCH_RESULT_FILE, then exits. A crash exits without writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import v8 from 'node:v8';
import dispatchFunction from '../api/jobs/dispatch.js';
import type { DispatchSummary } from '../lib/dispatcher/dispatch.js';
import { closeRuntime, getConfig, getRuntime } from '../lib/runtime.js';

export interface InvocationResult {
  status: number;
  summary: DispatchSummary | null;
  startedAt: number;
  finishedAt: number;
  /** The process's peak resident set, in bytes (peakRssBytes). */
  maxRssBytes: number;
  /** The resident set once the runtime was built, before the call: what the call itself adds is the difference. */
  readyRssBytes: number;
  /**
   * The most V8 heap in use (live objects and garbage not yet collected) and the largest young
   * generation, sampled every 250 ms during the call: what the resident set is made of.
   */
  peakHeapUsedBytes: number;
  peakNewSpaceBytes: number;
}

const resultFile = process.env.BENCH_RESULT_FILE;
if (!resultFile) throw new Error('BENCH_RESULT_FILE is required: where this invocation writes its result');

await getRuntime();
// A signal listener does not keep Node running: on SQLite nothing else would while it waits.
const waiting = setInterval(() => {}, 60_000);
const readyRssBytes = process.memoryUsage().rss;
const go = new Promise<void>((resolve) => process.once('SIGUSR2', () => resolve()));
console.log('ready');
await go;
clearInterval(waiting);

const startedAt = Date.now();
const peaks = { heapUsed: 0, newSpace: 0 };
const sampler = setInterval(() => {
  peaks.heapUsed = Math.max(peaks.heapUsed, process.memoryUsage().heapUsed);
  const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  peaks.newSpace = Math.max(peaks.newSpace, young?.space_size ?? 0);
}, 250);
const response = await dispatchFunction.fetch(new Request('http://localhost/api/jobs/dispatch', { method: 'POST', headers: { authorization: `Bearer ${getConfig().cronSecret}` } }));
const body = (await response.json()) as DispatchSummary | { error: unknown };
const result: InvocationResult = {
  status: response.status,
  summary: response.status === 200 ? (body as DispatchSummary) : null,
  startedAt,
  finishedAt: Date.now(),
  maxRssBytes: peakRssBytes(),
  readyRssBytes,
  peakHeapUsedBytes: peaks.heapUsed,
  peakNewSpaceBytes: peaks.newSpace,
};
clearInterval(sampler);
if (response.status !== 200) console.error(`dispatch answered ${response.status}: ${JSON.stringify(body)}`);
writeFileSync(resultFile, JSON.stringify(result));
await closeRuntime();
process.exit(0);

/**
 * The peak resident set of this process's own memory: Linux's VmHWM. getrusage's maxRSS
 * (process.resourceUsage()) is no good here: Linux carries the high-water mark across fork and
 * exec, so a child of a large harness reports the harness's. Elsewhere maxRSS is all there is.
 */
function peakRssBytes(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1_024;
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS * 1_024;
}
