import { addDays } from '../../shared/calendar-days.js';
import { nextZonedDayStart, startOfZonedDay, zonedDate } from '../../shared/zoned-day.js';

/**
 * YouTube's calendar: Analytics reports days, and quotas reset, in America/Los_Angeles
 * (PLATFORMS.md, YouTube).
 */
export const YOUTUBE_TIME_ZONE = 'America/Los_Angeles';

/** The calendar day in America/Los_Angeles. */
export function pacificDate(now: Date): string {
  return zonedDate(now, YOUTUBE_TIME_ZONE);
}

/**
 * YouTube Analytics data lags 2–3 days. Backfills and the daily refresh both end two days
 * behind Pacific today: the newest day may still be partial, but each daily run re-fetches
 * the 7 days before it, so every day is fetched again on six later runs and late data lands.
 */
export const YOUTUBE_REPORT_LAG_DAYS = 2;

export function latestReportDay(now: Date): string {
  return addDays(pacificDate(now), -YOUTUBE_REPORT_LAG_DAYS);
}

/** The next midnight in America/Los_Angeles, when YouTube's daily quotas reset. */
export function nextPacificMidnight(now: Date): Date {
  return nextZonedDayStart(now, YOUTUBE_TIME_ZONE);
}

/** When a chunk's window ends: midnight Pacific after its last day. A video published before then can have a row in it. */
export function chunkWindowEnd(runForDt: string): Date {
  return startOfZonedDay(addDays(runForDt, 1), YOUTUBE_TIME_ZONE);
}
