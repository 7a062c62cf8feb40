/**
 * Pure backfill planning over `YYYY-MM-DD` days (no time zones inside: a day is a label).
 */

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function addDays(day: string, days: number): string {
  return new Date(parseDay(day) + days * DAY_MS).toISOString().slice(0, 10);
}

function parseDay(day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!ISO_DAY.test(day) || Number.isNaN(ms)) throw new RangeError(`not a YYYY-MM-DD day: "${day}"`);
  return ms;
}

/**
 * The `run_for_dt` values of a backfill of `backfillDays` days ending at `endDt`: chunks of
 * `chunkDays` days, each named by its last day, sorted and unique. The earliest chunk
 * overshoots the range when `backfillDays` is not a multiple of `chunkDays` (10 days → 2
 * weekly chunks = 14 days), so every requested day is covered by exactly one chunk.
 */
export function computeBackfillRunForDates(endDt: string, backfillDays: number, chunkDays: number): string[] {
  parseDay(endDt);
  if (!Number.isInteger(backfillDays) || backfillDays < 1) throw new RangeError(`backfillDays must be a positive integer, got ${backfillDays}`);
  if (!Number.isInteger(chunkDays) || chunkDays < 1) throw new RangeError(`chunkDays must be a positive integer, got ${chunkDays}`);
  const chunks = Math.ceil(backfillDays / chunkDays);
  return Array.from({ length: chunks }, (_, i) => addDays(endDt, -(chunks - 1 - i) * chunkDays));
}

/** The days of the chunk named `runForDt`, oldest first. */
export function chunkDays(runForDt: string, days: number): string[] {
  return Array.from({ length: days }, (_, i) => addDays(runForDt, i - days + 1));
}

/** Made on first use: the first time-zone formatter loads ICU's zone data, ~10 MB that a cold start without YouTube work never needs. */
let pacificFormat: Intl.DateTimeFormat | undefined;

/** The calendar day in America/Los_Angeles: YouTube Analytics reports days, and resets quotas, in Pacific time. */
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
