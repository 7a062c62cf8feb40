import { renderError } from './render-error.js';
import type { Context } from './run-cli.js';
import { ndjsonDisplay, progressBarsDisplay } from './watch-displays.js';
import { abortableSleep, type WatchDisplay } from './watch-jobs.js';
import type { WatchRow } from './watch-rows.js';

/** What a watch loop (jobs, a data-backfill run) is given to poll and draw with. */
export interface WatchLoop<T> {
  display: WatchDisplay<T>;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  onTransientFailure: (error: unknown, inARow: number) => void;
}

/**
 * Runs a watch with its display — NDJSON with `--json`, else progress bars drawn by `rows` (the
 * jobs' own when none) — stopping on Ctrl-C and saying each transient failure; the display is
 * stopped and the interrupt handler removed however it ends.
 */
export async function withWatchLoop<T, R>(context: Context, intervalMs: number, rows: ((all: readonly T[], now: Date) => WatchRow[]) | undefined, watch: (loop: WatchLoop<T>) => Promise<R>): Promise<R> {
  const { io, json, err } = context;
  const interrupt = new AbortController();
  const unsubscribe = io.onInterrupt?.(() => interrupt.abort()) ?? (() => {});
  const bars = { stream: io.stdout, intervalMs, ...(io.now ? { now: io.now } : {}) };
  const display = json ? ndjsonDisplay<T>((text) => io.stdout.write(text)) : rows ? progressBarsDisplay<T>({ ...bars, rows }) : (progressBarsDisplay(bars) as unknown as WatchDisplay<T>);
  try {
    return await watch({
      display,
      sleep: io.sleep ?? abortableSleep,
      signal: interrupt.signal,
      onTransientFailure: (error, inARow) => err(`${renderError(error)} (retrying, ${inARow} in a row)`),
    });
  } finally {
    display.stop();
    unsubscribe();
  }
}
