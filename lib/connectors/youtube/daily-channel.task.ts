import * as z from 'zod';
import { DeadlineReachedError, PermanentError } from '../../errors.js';
import { upsertVideoDailyMetrics, type VideoDayMetrics } from '../../metrics/video-daily-metrics.repository.js';
import { chunkDays } from '../../shared/calendar-days.js';
import { fetchEach } from '../../shared/fetch-each.js';
import type { ConnectorTaskContext, ConnectorTaskHandler, TaskDeps } from '../connector.js';
import { ensureCatalogue } from './catalogue/catalogue-refresh.js';
import { videosPublishedBefore } from './catalogue/video-catalogue.repository.js';
import { inEveryCappedTopList, tailVideos } from './chunk-tail.js';
import { mapTopVideosReport, mapVideoDaysReport, TOP_VIDEOS_MAX_RESULTS } from './top-videos-report.mapper.js';
import { chunkWindowEnd } from './youtube-calendar.js';
import type { YouTubeClient } from './youtube.client.js';
import type { YouTubeSettings } from './youtube.config.js';

/*
 * Strategy: a chunk is the 7 days ending at `run_for_dt`.
 * 1. The top list: one top-videos report per day (≤ 200 videos, the documented cap). Each day is
 *    a step: its rows upserted on (channel, video, day) with the checkpoint, in one transaction.
 * 2. The tail, only when a day hit the cap: the channel's catalogue (`videos`, read from its
 *    uploads playlist when it is not known through the window's end), then one per-video
 *    report over the whole window for each video published by the window's end that is missing
 *    from the top list of at least one capped day (DESIGN.md "Tables", `videos`), upserted
 *    TAIL_STEP videos a step. A video published after the window is never asked for.
 * A retried or reclaimed chunk resumes after its last step; re-runs replace rows, never
 * duplicate them. Late data is caught by the daily refresh, which re-fetches the last 7 days.
 */

export const dailyChannelPayloadSchema = z.object({
  /** Written by 0001-era tasks; the task's `connection_id` column is what counts now. */
  connection_id: z.number().int().positive().optional(),
  channel_id: z.string().min(1),
  run_for_dt: z.iso.date(),
});
export type DailyChannelPayload = z.infer<typeof dailyChannelPayloadSchema>;

/**
 * Version 2: the last top-list day committed (null: none yet), the days whose top list hit the
 * cap with the videos in every one of those lists, and the tail's progress once it started
 * (`after`: the last video fetched, in id order). What the job status shows of each chunk.
 */
export const dailyChannelCheckpointSchema = z.object({
  v: z.literal(2),
  through: z.iso.date().nullable(),
  capped_days: z.array(z.iso.date()),
  in_every_top_list: z.array(z.string()).nullable(),
  tail: z
    .object({
      videos: z.number().int().nonnegative(),
      fetched: z.number().int().nonnegative(),
      /** Every tail video up to this one (id order) is fetched. */
      after: z.string().nullable(),
      /** Fetched past a gap the cursor has not closed yet (a refused call among concurrent ones). */
      ahead: z.array(z.string()).default([]),
    })
    .optional(),
});
export type DailyChannelCheckpoint = z.infer<typeof dailyChannelCheckpointSchema>;

export const CHUNK_DAYS = 7;
/** Tail videos per step: a crash re-fetches at most this many, and a step's rows (≤ 7 each) stay one small transaction. */
export const TAIL_STEP = 20;
/**
 * Per-video calls in flight at once in a chunk. A big channel's tail is hundreds of calls: one
 * at a time, a chunk (and a big channel's daily sync, a single chunk) would take calls ×
 * latency whatever rate is allowed. The budget paces them all the same.
 */
export const TAIL_CONCURRENCY = 4;

const FRESH: DailyChannelCheckpoint = { v: 2, through: null, capped_days: [], in_every_top_list: null };

export function createDailyChannelHandler(deps: TaskDeps<YouTubeSettings, YouTubeClient>): ConnectorTaskHandler {
  return async (task, context) => {
    const payload = dailyChannelPayloadSchema.safeParse(task.payload);
    if (!payload.success) throw new PermanentError(`invalid daily_channel payload: ${payload.error.message}`);
    const { channel_id, run_for_dt } = payload.data;
    const days = chunkDays(run_for_dt, CHUNK_DAYS);
    // A checkpoint this handler cannot vouch for (another version's, or a day outside this
    // chunk) means starting over: re-fetching is safe, skipping a day is not.
    const saved = dailyChannelCheckpointSchema.safeParse(context.checkpoint).data;
    let state = saved && (saved.through === null || days.includes(saved.through)) ? saved : FRESH;

    for (const day of days) {
      if (state.through !== null && day <= state.through) continue;
      // No call starts after the invocation's deadline; the chunk resumes here next time.
      if (deps.clock.now() >= context.deadline) throw new DeadlineReachedError(`deadline reached before ${day}; the chunk resumes there`);
      const table = await context.call((token) => deps.client.queryTopVideosForDay(token, channel_id, day));
      const rows = mapTopVideosReport(table, { channelId: channel_id, dt: day });
      const capped = rows.length >= TOP_VIDEOS_MAX_RESULTS;
      if (capped) deps.logger.info('youtube.report_capped', { task_id: task.id, channel_id, day, cap: TOP_VIDEOS_MAX_RESULTS });
      const next: DailyChannelCheckpoint = capped
        ? { ...state, through: day, capped_days: [...state.capped_days, day], in_every_top_list: inEveryCappedTopList(state.in_every_top_list, rows.map((row) => row.videoId)) }
        : { ...state, through: day };
      await commitRows(deps, task.tenantId, context, rows, next);
      state = next;
    }
    if (state.capped_days.length === 0) return; // every top list was complete: 7 calls, as for any small channel

    const windowEnd = chunkWindowEnd(run_for_dt);
    await ensureCatalogue(deps, context, channel_id, windowEnd);
    const tail = tailVideos(await videosPublishedBefore(deps.db, channel_id, windowEnd), state.in_every_top_list ?? []);
    await fetchTail(deps, task, context, { channelId: channel_id, startDate: days[0] as string, endDate: run_for_dt }, tail, state);
  };
}

/**
 * One per-video report per tail video not fetched yet, TAIL_CONCURRENCY at a time, committed a
 * step of TAIL_STEP videos at a time. When a call fails or time runs out, what came back is
 * committed all the same — the step's videos up to the first one missing move the cursor, and
 * any fetched past that gap are kept as `ahead` — so no video is asked for twice.
 */
async function fetchTail(
  deps: TaskDeps<YouTubeSettings, YouTubeClient>,
  task: { id: number; tenantId: string },
  context: ConnectorTaskContext,
  chunk: { channelId: string; startDate: string; endDate: string },
  tail: readonly string[],
  from: DailyChannelCheckpoint,
): Promise<void> {
  let progress = { videos: tail.length, fetched: from.tail?.fetched ?? 0, after: from.tail?.after ?? null, ahead: from.tail?.ahead ?? [] };
  const done = new Set(progress.ahead);
  const pending = tail.filter((videoId) => (progress.after === null || videoId > progress.after) && !done.has(videoId));
  if (!from.tail) {
    deps.logger.info('youtube.tail_fetch', { task_id: task.id, channel_id: chunk.channelId, end: chunk.endDate, capped_days: from.capped_days.length, tail_videos: tail.length });
    // The tail's size is a step of its own: the job status counts it from now on (and an empty tail is done).
    await commitRows(deps, task.tenantId, context, [], { ...from, tail: progress });
  }
  const fetchVideo = async (videoId: string) => {
    const table = await context.call((token) => deps.client.queryVideoDays(token, chunk.channelId, videoId, { startDate: chunk.startDate, endDate: chunk.endDate }));
    return mapVideoDaysReport(table, { channelId: chunk.channelId, videoId });
  };
  for (let start = 0; start < pending.length; start += TAIL_STEP) {
    const step = pending.slice(start, start + TAIL_STEP);
    const { results, failure } = await fetchEach(step, fetchVideo, TAIL_CONCURRENCY, () => deps.clock.now() >= context.deadline);
    progress = advanceTail(progress, step, results.map((rows) => rows !== undefined));
    const rows = results.flatMap((videoRows) => videoRows ?? []);
    if (results.some((videoRows) => videoRows !== undefined)) await commitRows(deps, task.tenantId, context, rows, { ...from, tail: progress });
    if (failure !== undefined) throw failure;
    if (results.some((videoRows) => videoRows === undefined)) throw new DeadlineReachedError(`deadline reached in the tail of ${chunk.endDate}; the chunk resumes after ${progress.after ?? 'its top lists'}`);
  }
}

type TailProgress = NonNullable<DailyChannelCheckpoint['tail']>;

/**
 * Pure: the tail's progress after a step (`fetched[i]`: whether `step[i]` came back). The cursor
 * moves over the step's videos up to the first missing one; those fetched past it wait in
 * `ahead` until the cursor passes them.
 */
export function advanceTail(progress: TailProgress, step: readonly string[], fetched: readonly boolean[]): TailProgress {
  const missing = fetched.indexOf(false);
  const through = missing === -1 ? step.length : missing;
  const after = through > 0 ? (step[through - 1] as string) : progress.after;
  const ahead = [...progress.ahead, ...step.filter((_, i) => i > through && fetched[i])].filter((videoId) => after === null || videoId > after);
  return { videos: progress.videos, fetched: progress.fetched + fetched.filter(Boolean).length, after, ahead };
}

function commitRows(deps: TaskDeps<YouTubeSettings, YouTubeClient>, tenantId: string, context: ConnectorTaskContext, rows: readonly VideoDayMetrics[], checkpoint: DailyChannelCheckpoint): Promise<void> {
  return context.commitStep((trx) => upsertVideoDailyMetrics(trx, tenantId, rows, deps.clock.now()).then(() => {}), checkpoint);
}
