import * as z from 'zod';
import { DeadlineReachedError, PermanentError } from '../../errors.js';
import { upsertVideoDailyMetrics } from '../../metrics/video-daily-metrics.repository.js';
import { chunkDays } from '../../shared/calendar-days.js';
import type { ConnectorTaskHandler, TaskDeps } from '../connector.js';
import { mapTopVideosReport, TOP_VIDEOS_MAX_RESULTS } from './top-videos-report.mapper.js';
import type { YouTubeClient } from './youtube.client.js';
import type { YouTubeSettings } from './youtube.config.js';

/*
 * Strategy: a chunk is the 7 days ending at `run_for_dt`, one top-videos report per day.
 * Each day is a step: its rows are upserted on (channel, video, day) with the checkpoint
 * `{ through: day }` in one transaction, so a retried or reclaimed chunk resumes at the next
 * day and a re-run replaces rows, never duplicates them. Late data is caught by the daily
 * refresh, which re-fetches the last 7 days.
 */

export const dailyChannelPayloadSchema = z.object({
  /** Written by 0001-era tasks; the task's `connection_id` column is what counts now. */
  connection_id: z.number().int().positive().optional(),
  channel_id: z.string().min(1),
  run_for_dt: z.iso.date(),
});
export type DailyChannelPayload = z.infer<typeof dailyChannelPayloadSchema>;

/** Version 1: the last day committed, one of the chunk's own days. */
const checkpointSchema = z.object({ v: z.literal(1), through: z.iso.date() });

export const CHUNK_DAYS = 7;

export function createDailyChannelHandler(deps: TaskDeps<YouTubeSettings, YouTubeClient>): ConnectorTaskHandler {
  return async (task, { deadline, checkpoint, commitStep, call }) => {
    const payload = dailyChannelPayloadSchema.safeParse(task.payload);
    if (!payload.success) throw new PermanentError(`invalid daily_channel payload: ${payload.error.message}`);
    const { channel_id, run_for_dt } = payload.data;
    const days = chunkDays(run_for_dt, CHUNK_DAYS);
    // A checkpoint this handler cannot vouch for (another version's, or a day outside this
    // chunk) means starting over: re-fetching is safe, skipping a day is not.
    const saved = checkpointSchema.safeParse(checkpoint).data?.through;
    const through = saved !== undefined && days.includes(saved) ? saved : undefined;
    for (const day of days) {
      if (through !== undefined && day <= through) continue;
      // No call starts after the invocation's deadline; the chunk resumes here next time.
      if (deps.clock.now() >= deadline) throw new DeadlineReachedError(`deadline reached before ${day}; the chunk resumes there`);
      const table = await call((token) => deps.client.queryTopVideosForDay(token, channel_id, day));
      const rows = mapTopVideosReport(table, { channelId: channel_id, dt: day });
      if (rows.length >= TOP_VIDEOS_MAX_RESULTS) {
        deps.logger.warn('youtube.report_capped', { task_id: task.id, channel_id, day, cap: TOP_VIDEOS_MAX_RESULTS });
      }
      await commitStep((trx) => upsertVideoDailyMetrics(trx, task.tenantId, rows, deps.clock.now()).then(() => {}), { v: 1, through: day });
    }
  };
}
