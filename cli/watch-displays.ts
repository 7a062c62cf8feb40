/**
 * Where `jobs watch` shows its polls: progress bars (cli-progress), redrawn in place on a
 * terminal and printed as plain blocks of lines elsewhere so logs and CI keep the progress;
 * or NDJSON, one line per job per poll, exactly the API's job JSON.
 */
import cliProgress from 'cli-progress';
import type { Job } from './admin-schemas.js';
import type { WatchDisplay } from './watch-jobs.js';
import { formatWatchRow, watchRows, type WatchRow } from './watch-rows.js';

export function ndjsonDisplay(write: (text: string) => void): WatchDisplay {
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

export function progressBarsDisplay(options: BarsDisplayOptions): WatchDisplay {
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
    update: (_polled, all: readonly Job[]) => {
      const rows = watchRows(all, now());
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
