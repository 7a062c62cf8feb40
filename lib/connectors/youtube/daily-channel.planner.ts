import { computeBackfillRunForDates } from '../../shared/calendar-days.js';
import type { JobPlanner, PlannedTask } from '../connector.js';
import { CHUNK_DAYS, type DailyChannelPayload } from './daily-channel.task.js';
import { DAILY_CHANNEL_KIND, dailyChannelKey } from './task-keys.js';
import { latestReportDay } from './youtube-calendar.js';
import type { YouTubeSettings } from './youtube.config.js';

/** Daily freshness runs before history: lower priority numbers are claimed first. */
export const SYNC_PRIORITY = 0;
export const BACKFILL_PRIORITY = 10;
/** Analytics queries per chunk: one top-videos report per day. */
const CALLS_PER_CHUNK = CHUNK_DAYS;

/**
 * Pure: the chunks of `days` days ending at the latest report day (Pacific, two days back),
 * each named by its last day. Chunk keys are stable within a day, so planning the same range
 * twice enqueues nothing new; on a later day they move with the end date.
 */
function planChunks(priority: number): JobPlanner<YouTubeSettings> {
  return ({ connection, params, settings }, now) => {
    const days = params.days ?? settings.backfillDays;
    const endDt = latestReportDay(now);
    const tasks: PlannedTask[] = computeBackfillRunForDates(endDt, days, CHUNK_DAYS).map((runForDt) => ({
      kind: DAILY_CHANNEL_KIND,
      dedupeKey: dailyChannelKey(connection.tenantId, connection.externalAccountId, runForDt),
      payload: { channel_id: connection.externalAccountId, run_for_dt: runForDt } satisfies DailyChannelPayload,
      priority,
    }));
    return {
      tasks,
      config: { days, end_dt: endDt, chunk_days: CHUNK_DAYS, force: params.force ?? false },
      estimate: { apiCalls: tasks.length * CALLS_PER_CHUNK },
    };
  };
}

export const planDataCollection = planChunks(BACKFILL_PRIORITY);
export const planSync = planChunks(SYNC_PRIORITY);
