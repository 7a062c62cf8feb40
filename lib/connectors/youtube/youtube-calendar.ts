import { addDays } from '../../shared/calendar-days.js';

/**
 * YouTube's calendar: Analytics reports days, and quotas reset, in America/Los_Angeles
 * (PLATFORMS.md, YouTube).
 */
/** Made on first use: the first time-zone formatter loads ICU's zone data, ~10 MB a cold start may never need. */
let pacificFormat: Intl.DateTimeFormat | undefined;

/** The calendar day in America/Los_Angeles. */
export function pacificDate(now: Date): string {
  pacificFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' });
  return pacificFormat.format(now);
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
  const tomorrow = addDays(pacificDate(now), 1);
  // Pacific midnight is 07:00 or 08:00 UTC; take the earliest of the two that is that day in Pacific.
  for (const hour of [7, 8]) {
    const candidate = new Date(`${tomorrow}T0${hour}:00:00Z`);
    if (pacificDate(candidate) === tomorrow) return candidate;
  }
  throw new Error(`no Pacific midnight found for ${tomorrow}`);
}
