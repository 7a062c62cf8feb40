import { computeBackfillRunForDates } from '../../shared/calendar-days.js';
import { resolveDateRange } from '../../shared/date-range.js';
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
 * Quota units per Analytics query. PLATFORMS.md documents no per-query cost for the Analytics
 * API, and the `youtube` budget counts queries (DESIGN.md "Budgets"): one unit a query.
 */
const QUOTA_UNITS_PER_QUERY = 1;

/**
 * Pure: the chunks covering a range — `days` days ending at the latest report day (Pacific, two
 * days back), or `startDate`..`endDate` — each named by its last day, ending at the range's end
 * (the earliest may start before the range, as computeBackfillRunForDates does). Chunk keys are
 * stable for a given end day, so planning the same range twice enqueues nothing new; a `days`
 * range moves with the calendar.
 */
function planChunks(priority: number): JobPlanner<YouTubeSettings> {
  return ({ connection, params, settings }, now) => {
    const range = resolveDateRange(params, latestReportDay(now), { days: settings.backfillDays });
    const tasks: PlannedTask[] = computeBackfillRunForDates(range.endDate, range.days, CHUNK_DAYS).map((runForDt) => ({
      kind: DAILY_CHANNEL_KIND,
      dedupeKey: dailyChannelKey(connection.tenantId, connection.externalAccountId, runForDt),
      payload: { channel_id: connection.externalAccountId, run_for_dt: runForDt } satisfies DailyChannelPayload,
      priority,
    }));
    const apiCalls = tasks.length * CALLS_PER_CHUNK;
    return {
      tasks,
      config: {
        start_date: range.startDate,
        end_date: range.endDate,
        days: range.days,
        // Kept for readers of older answers: the last chunk's day, which is the range's end.
        end_dt: range.endDate,
        chunk_days: CHUNK_DAYS,
        force: params.force ?? false,
      },
      estimate: { apiCalls, quotaUnits: apiCalls * QUOTA_UNITS_PER_QUERY },
    };
  };
}

export const planDataCollection = planChunks(BACKFILL_PRIORITY);
export const planSync = planChunks(SYNC_PRIORITY);
