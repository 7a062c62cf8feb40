import type { ChunkCompleteness, Job } from './admin-schemas.js';
import { formatCount } from './format-table.js';
import { percentOf, type ScopeProgress } from './job-scopes.js';

/**
 * The days of a YouTube metrics chunk (lib/connectors/youtube/daily-channel.task.ts CHUNK_DAYS;
 * not imported: that module loads the connector, which the CLI has no use for).
 */
const CHUNK_DAYS = 7;

/**
 * `2026-11-20  capped 7/7 days  tail 1,337/1,351 videos (running)`, `2026-11-27  complete`:
 * one chunk of a YouTube metrics job, its status named until it succeeded.
 */
export function chunkLine(chunk: ChunkCompleteness): string {
  const state = chunk.top_list === 'capped' ? `${cappedText(chunk)}  ${tailText(chunk)}` : chunk.top_list;
  return `${chunk.run_for_dt}  ${state}${chunk.status === 'succeeded' ? '' : ` (${chunk.status})`}`;
}

/**
 * The tails `jobs watch` draws a bar for, as scope rows: each capped chunk that has not
 * succeeded (a finished one shows in `jobs show`), in the job's order.
 */
export function tailProgressOf(job: Job): ScopeProgress[] {
  return (job.chunk_completeness ?? [])
    .filter((chunk) => chunk.top_list === 'capped' && chunk.status !== 'succeeded')
    .map((chunk) => {
      const progress = { done: chunk.tail_fetched, total: chunk.tail_videos ?? 0 };
      return {
        name: `${chunk.run_for_dt} tail videos`,
        status: chunk.status,
        ...progress,
        percent: percentOf(progress),
        message: typeof chunk.tail_videos === 'number' ? cappedText(chunk) : `${cappedText(chunk)} · tail not counted yet`,
      };
    });
}

/** `capped 7/7 days`: how many of the chunk's days filled their top list. */
function cappedText(chunk: ChunkCompleteness): string {
  return `capped ${chunk.capped_days}/${CHUNK_DAYS} days`;
}

/** `tail 1,337/1,351 videos`, or that the tail is not known yet (the catalogue is being read). */
function tailText(chunk: ChunkCompleteness): string {
  return typeof chunk.tail_videos === 'number' ? `tail ${formatCount(chunk.tail_fetched)}/${formatCount(chunk.tail_videos)} videos` : 'tail not counted yet';
}
