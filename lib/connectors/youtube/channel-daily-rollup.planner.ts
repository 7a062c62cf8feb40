import { resolveDateRange } from '../../shared/date-range.js';
import type { JobPlanner } from '../connector.js';
import type { ChannelDailyRollupPayload } from './channel-daily-rollup.task.js';
import { SYNC_PRIORITY } from './daily-channel.planner.js';
import { CHANNEL_DAILY_ROLLUP_KIND, channelDailyRollupKey } from './task-keys.js';
import { latestReportDay } from './youtube-calendar.js';
import type { YouTubeSettings } from './youtube.config.js';

/**
 * Pure: the `analytics-generation` job — one rollup task over the range (`days` ending at the
 * latest report day, or `startDate`..`endDate`, validated as a collection's range is). It makes
 * no API call and spends no quota, so it runs at the freshness priority: a derived table
 * should follow its source as soon as the collection that changed it is done.
 */
export const planAnalyticsGeneration: JobPlanner<YouTubeSettings> = ({ connection, params, settings }, now) => {
  const range = resolveDateRange(params, latestReportDay(now), { days: settings.backfillDays });
  const channelId = connection.externalAccountId;
  return {
    tasks: [
      {
        kind: CHANNEL_DAILY_ROLLUP_KIND,
        dedupeKey: channelDailyRollupKey(connection.tenantId, channelId, range.startDate, range.endDate),
        payload: { channel_id: channelId, start_date: range.startDate, end_date: range.endDate } satisfies ChannelDailyRollupPayload,
        priority: SYNC_PRIORITY,
      },
    ],
    config: { start_date: range.startDate, end_date: range.endDate, days: range.days, force: params.force ?? false },
    estimate: { apiCalls: 0, quotaUnits: 0 },
  };
};
