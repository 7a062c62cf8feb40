import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../../lib/errors.js';
import { MAX_RANGE_DAYS, resolveDateRange, type DateRangeParams } from '../../../lib/shared/date-range.js';

const LATEST = '2026-11-27';
const DEFAULTS = { days: 84 };

/** The ValidationError's issues, or a failure when it resolves. */
function issuesOf(params: DateRangeParams): { path: string; message: string }[] {
  try {
    resolveDateRange(params, LATEST, DEFAULTS);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
  throw new Error(`resolved ${JSON.stringify(params)}`);
}

describe('resolveDateRange', () => {
  it('takes days back from the latest day, inclusive', () => {
    expect(resolveDateRange({ days: 7 }, LATEST, DEFAULTS)).toEqual({ startDate: '2026-11-21', endDate: LATEST, days: 7 });
    expect(resolveDateRange({ days: 1 }, LATEST, DEFAULTS)).toEqual({ startDate: LATEST, endDate: LATEST, days: 1 });
  });

  it('uses the default days when neither days nor a range is given', () => {
    expect(resolveDateRange({}, LATEST, DEFAULTS)).toEqual({ startDate: '2026-09-05', endDate: LATEST, days: 84 });
    expect(resolveDateRange({ force: true } as DateRangeParams, LATEST, { days: 10 })).toEqual({ startDate: '2026-11-18', endDate: LATEST, days: 10 });
  });

  it('takes a start/end range as given, counting both ends, across a leap day and a year end', () => {
    expect(resolveDateRange({ startDate: '2026-11-27', endDate: '2026-11-27' }, LATEST, DEFAULTS)).toEqual({ startDate: '2026-11-27', endDate: '2026-11-27', days: 1 });
    expect(resolveDateRange({ startDate: '2024-02-28', endDate: '2024-03-01' }, LATEST, DEFAULTS).days).toBe(3);
    expect(resolveDateRange({ startDate: '2025-12-30', endDate: '2026-01-02' }, LATEST, DEFAULTS).days).toBe(4);
  });

  it(`allows exactly ${MAX_RANGE_DAYS} days and no more`, () => {
    const start = '2016-12-01'; // 2016-12-01..2026-11-27 is 3649 days
    expect(resolveDateRange({ startDate: start, endDate: LATEST }, LATEST, DEFAULTS).days).toBe(3649);
    expect(resolveDateRange({ startDate: '2016-11-30', endDate: LATEST }, LATEST, DEFAULTS).days).toBe(MAX_RANGE_DAYS);
    expect(issuesOf({ startDate: '2016-11-29', endDate: LATEST })).toEqual([{ path: 'start_date', message: `the range 2016-11-29..${LATEST} is 3651 days; at most ${MAX_RANGE_DAYS}` }]);
    expect(resolveDateRange({ days: MAX_RANGE_DAYS }, LATEST, DEFAULTS).startDate).toBe('2016-11-30');
    expect(issuesOf({ days: MAX_RANGE_DAYS + 1 }).map((i) => i.path)).toEqual(['days']);
  });

  it('names start_date when it is after end_date', () => {
    expect(issuesOf({ startDate: '2026-11-10', endDate: '2026-11-09' })).toEqual([{ path: 'start_date', message: 'start_date 2026-11-10 is after end_date 2026-11-09' }]);
  });

  it('names end_date, and the latest complete day, when the range ends after it', () => {
    expect(issuesOf({ startDate: '2026-11-20', endDate: '2026-11-28' })).toEqual([{ path: 'end_date', message: 'end_date 2026-11-28 is after 2026-11-27, the latest complete report day' }]);
  });

  it('names every problem of a range at once', () => {
    expect(issuesOf({ startDate: '2026-12-05', endDate: '2026-12-01' }).map((i) => i.path)).toEqual(['end_date', 'start_date']);
  });

  it('names the missing half of a range', () => {
    expect(issuesOf({ startDate: '2026-11-01' })).toEqual([{ path: 'end_date', message: 'end_date is required with start_date' }]);
    expect(issuesOf({ endDate: '2026-11-01' })).toEqual([{ path: 'start_date', message: 'start_date is required with end_date' }]);
  });

  it('names days when it comes with a range', () => {
    expect(issuesOf({ days: 7, startDate: '2026-11-01', endDate: '2026-11-07' }).map((i) => i.path)).toEqual(['days']);
    expect(issuesOf({ days: 7, endDate: '2026-11-07' }).map((i) => i.path)).toEqual(['days']);
  });

  it.each([0, -3, 2.5, Number.NaN])('names days when it is not a whole number of days: %p', (days) => {
    expect(issuesOf({ days }).map((i) => i.path)).toEqual(['days']);
  });

  it.each([
    ['start_date', { startDate: '2026-02-30', endDate: '2026-03-05' }],
    ['start_date', { startDate: '26-11-01', endDate: '2026-11-05' }],
    ['end_date', { startDate: '2026-11-01', endDate: '2026-11-31' }],
    ['end_date', { startDate: '2026-11-01', endDate: 'tomorrow' }],
  ])('names %s when it is not a calendar day', (path, params) => {
    expect(issuesOf(params).map((i) => i.path)).toEqual([path]);
  });

  it('says what is wrong in the error message too', () => {
    expect(() => resolveDateRange({ startDate: '2026-11-10', endDate: '2026-11-09' }, LATEST, DEFAULTS)).toThrow('invalid date range: start_date: start_date 2026-11-10 is after end_date 2026-11-09');
  });
});
