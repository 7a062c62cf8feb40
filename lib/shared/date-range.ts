import { ValidationError } from '../errors.js';
import { addDays, parseDay } from './calendar-days.js';

/** The longest range a job may cover: ten years of days. */
export const MAX_RANGE_DAYS = 3650;

/** A job's range as asked for: `days` back from the latest day, or inclusive `YYYY-MM-DD` bounds. */
export interface DateRangeParams {
  days?: number;
  startDate?: string;
  endDate?: string;
}

/** An inclusive range of `days` days, `startDate` through `endDate`. */
export interface DateRange {
  startDate: string;
  endDate: string;
  days: number;
}

type Issue = { path: string; message: string };

/**
 * Pure: the inclusive day range a job covers — `startDate`..`endDate` as given, or `days`
 * (default `defaults.days`) ending at `latestDay`, the platform's latest complete day, which
 * no range may pass: the platform has no data for it yet. A malformed range is the caller's
 * mistake: a ValidationError whose issues name each wrong field as the API spells it
 * (`start_date`, `end_date`, `days`).
 */
export function resolveDateRange(params: DateRangeParams, latestDay: string, defaults: { days: number }): DateRange {
  const { days, startDate, endDate } = params;
  const ranged = startDate !== undefined || endDate !== undefined;
  if (days !== undefined && ranged) fail([{ path: 'days', message: 'give either days or start_date and end_date, not both' }]);
  if (!ranged) return lastDays(days ?? defaults.days, latestDay);
  if (startDate === undefined) fail([{ path: 'start_date', message: 'start_date is required with end_date' }]);
  if (endDate === undefined) fail([{ path: 'end_date', message: 'end_date is required with start_date' }]);

  const issues: Issue[] = [];
  const start = dayOrIssue(startDate, 'start_date', issues);
  const end = dayOrIssue(endDate, 'end_date', issues);
  if (end !== undefined && endDate > latestDay) {
    issues.push({ path: 'end_date', message: `end_date ${endDate} is after ${latestDay}, the latest complete report day` });
  }
  if (start !== undefined && end !== undefined) {
    const length = daysBetween(start, end);
    if (length < 1) issues.push({ path: 'start_date', message: `start_date ${startDate} is after end_date ${endDate}` });
    else if (length > MAX_RANGE_DAYS) issues.push({ path: 'start_date', message: `the range ${startDate}..${endDate} is ${length} days; at most ${MAX_RANGE_DAYS}` });
  }
  if (issues.length > 0) fail(issues);
  return { startDate, endDate, days: daysBetween(start!, end!) };
}

function lastDays(days: number, latestDay: string): DateRange {
  if (!Number.isInteger(days) || days < 1 || days > MAX_RANGE_DAYS) fail([{ path: 'days', message: `days must be a whole number from 1 to ${MAX_RANGE_DAYS}, got ${days}` }]);
  return { startDate: addDays(latestDay, -(days - 1)), endDate: latestDay, days };
}

/** Days in the inclusive range, from the UTC midnights of its bounds; < 1 when start is after end. */
function daysBetween(startMs: number, endMs: number): number {
  return Math.round((endMs - startMs) / 86_400_000) + 1;
}

/** The day's UTC midnight, or an issue: Date.parse rolls `2026-02-30` over to March, so the day must read back unchanged. */
function dayOrIssue(day: string, path: string, issues: Issue[]): number | undefined {
  let ms: number | undefined;
  try {
    ms = parseDay(day);
  } catch {
    ms = undefined;
  }
  if (ms !== undefined && new Date(ms).toISOString().slice(0, 10) === day) return ms;
  issues.push({ path, message: `${path} must be a calendar day as YYYY-MM-DD, got "${day}"` });
  return undefined;
}

function fail(issues: Issue[]): never {
  throw new ValidationError(`invalid date range: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
