/**
 * Pure day arithmetic and chunking over `YYYY-MM-DD` days (no time zones inside: a day is a
 * label). A platform's own calendar (YouTube's Pacific day) lives in its connector.
 */

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function addDays(day: string, days: number): string {
  return new Date(parseDay(day) + days * DAY_MS).toISOString().slice(0, 10);
}

export function parseDay(day: string): number {
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
