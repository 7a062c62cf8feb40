/**
 * `pipeline status RUN --watch` and `pipeline rollback RUN --watch`: polls the run until it halts
 * (awaiting an approval, failed, completed), drawing it through the jobs' watch display. Network
 * errors and 5xx are waited out as `jobs watch` does.
 */
import type { AdminClient, Answer } from './admin-client.js';
import { isRunHalted, type Run } from './pipeline-schemas.js';
import { isTransient, type WatchDisplay } from './watch-jobs.js';
import type { WatchRow } from './watch-rows.js';
import { percentOf } from './job-scopes.js';

export interface RunWatchOptions {
  id: string;
  intervalMs: number;
  client: Pick<AdminClient, 'getRun'>;
  display: WatchDisplay<Run>;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  maxConsecutiveFailures?: number;
  onTransientFailure?: (error: unknown, inARow: number) => void;
  /** The answer that started the watch (a rollback's), drawn first. */
  first?: Answer<Run>;
}

/** The run as last seen; undefined when interrupted before any answer. */
export async function watchRun(options: RunWatchOptions): Promise<{ run: Run | undefined; interrupted: boolean }> {
  let last = options.first?.value;
  let failures = 0;
  if (options.first) options.display.update([options.first], [options.first.value]);
  for (;;) {
    if (options.signal?.aborted) return { run: last, interrupted: true };
    try {
      const answer = await options.client.getRun(options.id);
      failures = 0;
      last = answer.value;
      options.display.update([answer], [answer.value]);
      if (isRunHalted(answer.value)) return { run: last, interrupted: false };
    } catch (error) {
      if (!isTransient(error) || ++failures >= (options.maxConsecutiveFailures ?? 5)) throw error;
      options.onTransientFailure?.(error, failures);
    }
    await options.sleep(options.intervalMs, options.signal);
  }
}

/** Pure: a run's bars — the run (its phases done, or its rollback), then its apply batches and soak samples. */
export function runWatchRows(runs: readonly Run[], _now: Date): WatchRow[] {
  const rows = runs.flatMap((run) => {
    const soakSamples = run.definition?.soak ? Math.ceil(run.definition.soak.duration_s / run.definition.soak.interval_s) : 0;
    const phases = ['plan', 'apply', ...(run.definition?.soak ? ['soak'] : []), 'health'];
    // A rollback is drawn as one step of its own: 0/1 while it runs, 1/1 once done.
    const rollback = run.phase === 'rollback';
    const done = rollback ? Number(run.status !== 'running') : run.status === 'running' ? phases.indexOf(run.phase) : phases.indexOf(run.phase) + 1;
    const status = run.status === 'awaiting_approval' ? `awaiting approval of ${run.next_phase}` : run.status;
    return [
      { name: `Run ${run.id} ${run.name}${rollback ? ' rollback' : ''}`, value: Math.max(0, done), total: rollback ? 1 : phases.length, status, message: run.message ?? '' },
      ...(run.apply ? [{ name: '  apply batches', value: run.apply.batches_done, total: run.apply.batches_total, status: `${run.apply.rows_changed} rows changed`, message: '' }] : []),
      ...(run.soak ? [{ name: '  soak samples', value: run.soak.samples, total: Math.max(run.soak.samples, soakSamples), status: run.soak.checks.map((c) => `${c.name} ${c.passed ? 'pass' : 'FAIL'}`).join(', '), message: '' }] : []),
    ];
  });
  const width = Math.max(0, ...rows.map((row) => row.name.length));
  return rows.map(({ name, ...row }) => ({ ...row, label: name.padEnd(width), percent: percentOf({ done: row.value, total: row.total }), eta: '' }));
}
