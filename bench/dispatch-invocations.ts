/**
 * Cron invocations of the dispatch function back to back, each a process of its own
 * (bench/dispatch-invocation.ts) so that its peak RSS is its own, as the commerce and Shopify
 * benchmarks drive a backfill: each warmed up (its runtime built) while the one before runs, let
 * go as soon as that one answered, until the queue is empty or the time bound passes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChild, type RunningChild } from '../dev/chaos/child-process.js';
import type { InvocationResult } from './dispatch-invocation.js';

/** Between invocations that found nothing ready (a task waits for its retry time). */
const IDLE_PAUSE_MS = 250;

export interface InvocationRunOptions {
  /** The invocations' whole environment (DATABASE_URL, CRON_SECRET, the connectors' settings…). */
  env: Record<string, string>;
  /** Where each invocation's result and log go (`{prefix}invocation-{n}.json`, `.log`). */
  logDir: string;
  /** Names this run's files apart from another run's in the same directory. */
  prefix?: string;
  maxSeconds: number;
  /** NODE_OPTIONS of the invocations, e.g. a heap or semi-space size. */
  nodeOptions?: string;
}

export interface InvocationRun {
  invocations: InvocationResult[];
  timedOut: boolean;
  /** When the last invocation answered. */
  endedAt: number;
}

export async function runDispatchInvocations(options: InvocationRunOptions): Promise<InvocationRun> {
  const startedAt = Date.now();
  const invocations: InvocationResult[] = [];
  const start = (n: number) => {
    const resultFile = join(options.logDir, `${options.prefix ?? ''}invocation-${n}.json`);
    const logFile = join(options.logDir, `${options.prefix ?? ''}invocation-${n}.log`);
    // Warmed up at the lowest priority: its start (tsx compiling, the runtime built) must not take
    // the CPU of the invocation running meanwhile on this 2-core machine — late requests bunch at
    // the vendor — as another instance's would not on Vercel.
    const env = { ...options.env, BENCH_RESULT_FILE: resultFile, ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}) };
    return { resultFile, logFile, child: startChild({ script: 'bench/dispatch-invocation.ts', env, logFile, ready: /^ready$/m, priority: 19 }) };
  };
  let next = start(0);
  let timedOut = false;
  try {
    for (let n = 0; ; n++) {
      const current = next;
      const child: RunningChild = await current.child;
      setPriority(child.pid, 0);
      process.kill(child.pid, 'SIGUSR2');
      next = start(n + 1);
      const left = options.maxSeconds * 1_000 - (Date.now() - startedAt);
      const bound = new AbortController();
      timedOut = await Promise.race([child.exited.then(() => false), sleep(Math.max(0, left), true, { signal: bound.signal })]);
      bound.abort();
      if (timedOut) {
        await child.kill('SIGKILL');
        break;
      }
      if (!existsSync(current.resultFile)) throw new Error(`invocation ${n} ended without its result; see ${current.logFile}`);
      const result = JSON.parse(readFileSync(current.resultFile, 'utf8')) as InvocationResult;
      invocations.push(result);
      if (result.summary === null) throw new Error(`invocation ${n} answered ${result.status}; see ${current.logFile}`);
      if (result.summary.remaining === 0) break;
      if (result.summary.claimed === 0) await sleep(IDLE_PAUSE_MS);
    }
  } finally {
    await (await next.child.catch(() => null))?.kill('SIGKILL');
  }
  return { invocations, timedOut, endedAt: invocations.at(-1)?.finishedAt ?? Date.now() };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
}

/** What the invocations' resident sets were made of, in bytes: the largest peak, the median before the call, V8's heap and young generation at most. */
export function invocationMemory(invocations: readonly InvocationResult[]) {
  const largest = (pick: (i: InvocationResult) => number) => Math.max(0, ...invocations.map(pick));
  return {
    peakRss: largest((i) => i.maxRssBytes),
    medianPeakRss: median(invocations.map((i) => i.maxRssBytes)),
    readyRss: median(invocations.map((i) => i.readyRssBytes)),
    peakHeapUsed: largest((i) => i.peakHeapUsedBytes),
    peakNewSpace: largest((i) => i.peakNewSpaceBytes),
  };
}
