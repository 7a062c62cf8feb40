import { z } from 'zod';
import { DeadlineReachedError, PermanentError } from '../../errors.js';
import { upsertVideoDailyMetrics, type VideoDayMetrics } from '../../metrics/video-daily-metrics.repository.js';
import { chunkDays } from '../../shared/calendar-days.js';
import type { ConnectorTaskHandler, TaskDeps } from '../connector.js';
import { mapTopVideosReport, TOP_VIDEOS_MAX_RESULTS } from './top-videos-report.mapper.js';
import type { YouTubeClient } from './youtube.client.js';
import type { YouTubeSettings } from './youtube.config.js';

/*
 * Strategy: a chunk is the 7 days ending at `run_for_dt`, one top-videos report per day
 * (7 calls), upserted together on (channel, video, day), so a re-run replaces, never
 * duplicates. Late data is caught by the daily refresh, which re-fetches the last 7 days.
 */

export const dailyChannelPayloadSchema = z.object({
  /** Written by 0001-era tasks; the task's `connection_id` column is what counts now. */
  connection_id: z.number().int().positive().optional(),
  channel_id: z.string().min(1),
  run_for_dt: z.iso.date(),
});
export type DailyChannelPayload = z.infer<typeof dailyChannelPayloadSchema>;

export const CHUNK_DAYS = 7;

/** Nothing is written half-way: the chunk's rows are upserted once all 7 days are fetched. */
export function createDailyChannelHandler(deps: TaskDeps<YouTubeSettings, YouTubeClient>): ConnectorTaskHandler {
  return async (task, { deadline, session }) => {
    const payload = dailyChannelPayloadSchema.safeParse(task.payload);
    if (!payload.success) throw new PermanentError(`invalid daily_channel payload: ${payload.error.message}`);
    const { channel_id, run_for_dt } = payload.data;
    const rows: VideoDayMetrics[] = [];
    for (const day of chunkDays(run_for_dt, CHUNK_DAYS)) {
      // No call starts after the invocation's deadline; the chunk runs again from the start.
      if (deps.clock.now() >= deadline) throw new DeadlineReachedError(`deadline reached before ${day}; the chunk will run again`);
      const table = await session.call((token) => deps.client.queryTopVideosForDay(token, channel_id, day));
      const dayRows = mapTopVideosReport(table, { channelId: channel_id, dt: day });
      if (dayRows.length >= TOP_VIDEOS_MAX_RESULTS) {
        deps.logger.warn('youtube.report_capped', { task_id: task.id, channel_id, day, cap: TOP_VIDEOS_MAX_RESULTS });
      }
      rows.push(...dayRows);
    }
    await upsertVideoDailyMetrics(deps.db, task.tenantId, rows, deps.clock.now());
  };
}
