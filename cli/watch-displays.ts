/**
 * Where `jobs watch` shows its polls: progress bars (cli-progress), redrawn in place on a
 * terminal and printed as plain blocks of lines elsewhere so logs and CI keep the progress;
 * or NDJSON, one line per job per poll, exactly the API's job JSON.
 */
import cliProgress from 'cli-progress';
import type { Job } from './admin-schemas.js';
import type { WatchDisplay } from './watch-jobs.js';
import { formatWatchRow, watchRows, type WatchRow } from './watch-rows.js';

export function ndjsonDisplay<T = Job>(write: (text: string) => void): WatchDisplay<T> {
  return {
    update: (polled) => {
      for (const answer of polled) write(`${JSON.stringify(answer.json)}\n`);
    },
    stop: () => {},
  };
}

export interface BarsDisplayOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** Off a terminal, one block of lines per this many ms (the poll interval). */
  intervalMs: number;
  now?: () => Date;
}

/** Jobs' bars (watch-rows.ts); other watched things (a data-backfill run) bring their own rows. */
export function progressBarsDisplay(options: BarsDisplayOptions): WatchDisplay;
export function progressBarsDisplay<T>(options: BarsDisplayOptions & { rows: (all: readonly T[], now: Date) => WatchRow[] }): WatchDisplay<T>;
export function progressBarsDisplay<T>(options: BarsDisplayOptions & { rows?: (all: readonly T[], now: Date) => WatchRow[] }): WatchDisplay<T> {
  const rowsOf = options.rows ?? (watchRows as unknown as (all: readonly T[], now: Date) => WatchRow[]);
  const now = options.now ?? (() => new Date());
  const multibar = new cliProgress.MultiBar({
    stream: options.stream,
    noTTYOutput: true,
    notTTYSchedule: options.intervalMs,
    hideCursor: true,
    clearOnComplete: false,
    // Rows are drawn from their payload: the bar, percent and counts are the server's, not cli-progress's own estimate.
    format: (_options, _params, payload: { row: WatchRow }) => formatWatchRow(payload.row),
  });
  // Bars are slots drawn from their row: a job or scope that appears later shifts the rows
  // below it down a slot instead of being removed and redrawn (which, off a terminal,
  // would print a partial block per removal).
  const bars: cliProgress.SingleBar[] = [];
  return {
    update: (_polled, all: readonly T[]) => {
      const rows = rowsOf(all, now());
      rows.forEach((row, index) => {
        const bar = bars[index];
        if (bar === undefined) {
          bars.push(multibar.create(row.total, row.value, { row }));
          return;
        }
        bar.setTotal(row.total);
        bar.update(row.value, { row });
      });
      for (const extra of bars.splice(rows.length)) multibar.remove(extra);
    },
    // A watch that found nothing drew nothing: leave the terminal as it was.
    stop: () => {
      if (bars.length > 0) multibar.stop();
    },
  };
}
