import { fc, it } from '@fast-check/jest';
import { describe, expect } from '@jest/globals';
import type { Connection } from '../../../../lib/connections/connections.repository.js';
import type { JobParams } from '../../../../lib/connectors/connector.js';
import { planDataCollection, planSync } from '../../../../lib/connectors/youtube/daily-channel.planner.js';
import { CHUNK_DAYS } from '../../../../lib/connectors/youtube/daily-channel.task.js';
import { latestReportDay } from '../../../../lib/connectors/youtube/youtube-calendar.js';
import type { YouTubeSettings } from '../../../../lib/connectors/youtube/youtube.config.js';
import { ValidationError } from '../../../../lib/errors.js';
import { addDays, chunkDays } from '../../../../lib/shared/calendar-days.js';
import { MAX_RANGE_DAYS } from '../../../../lib/shared/date-range.js';

const connection = { id: 1, tenantId: 'acme', platform: 'youtube', externalAccountId: 'UC1' } as Connection;
const settings = { backfillDays: 84 } as YouTubeSettings;
const planners = { 'data-collection': planDataCollection, sync: planSync };

/** Any instant over two decades, so ranges meet leap days, year ends and DST changes. */
const instant = fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true });
const plannerName = fc.constantFrom('data-collection' as const, 'sync' as const);

/** Every day from `start` through `end`, inclusive. */
function daysOf(start: string, end: string): string[] {
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  return days;
}

function plan(name: keyof typeof planners, params: JobParams, now: Date) {
  return planners[name]({ connection, params, settings }, now);
}

/** Chunks (by their days) of a plan, checked against the requested range. */
function expectChunksCover(runForDts: string[], start: string, end: string): void {
  const covered = runForDts.flatMap((runForDt) => chunkDays(runForDt, CHUNK_DAYS));
  // No day is fetched twice, none after the end, and the only days outside the range are the
  // earliest chunk's overshoot before its start (less than a chunk).
  expect(new Set(covered).size).toBe(covered.length);
  expect(runForDts.every((runForDt) => runForDt <= end)).toBe(true);
  expect(runForDts.at(-1)).toBe(end);
  const inRange = covered.filter((day) => day >= start && day <= end).sort();
  expect(inRange).toEqual(daysOf(start, end));
  expect(covered.length - inRange.length).toBeLessThan(CHUNK_DAYS);
  expect(covered.filter((day) => day > end)).toEqual([]);
}

describe('YouTube chunk planning over date ranges (property)', () => {
  it.prop([plannerName, instant, fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 1, max: MAX_RANGE_DAYS })], { numRuns: 200 })(
    'a valid start/end range: the chunks cover every day of it exactly once and none ends after end_date',
    (name, now, endBack, length) => {
      const end = addDays(latestReportDay(now), -endBack);
      const start = addDays(end, -(length - 1));
      const result = plan(name, { startDate: start, endDate: end }, now);
      expectChunksCover(result.tasks.map((task) => (task.payload as { run_for_dt: string }).run_for_dt), start, end);
      expect(result.config).toMatchObject({ start_date: start, end_date: end, days: length, end_dt: end, chunk_days: CHUNK_DAYS });
      expect(result.estimate).toEqual({ apiCalls: result.tasks.length * CHUNK_DAYS, quotaUnits: result.tasks.length * CHUNK_DAYS });
    },
  );

  it.prop([plannerName, instant, fc.integer({ min: 1, max: MAX_RANGE_DAYS })], { numRuns: 100 })('days: the range ends at the latest report day and is covered the same way', (name, now, days) => {
    const end = latestReportDay(now);
    const start = addDays(end, -(days - 1));
    const result = plan(name, { days }, now);
    expectChunksCover(result.tasks.map((task) => (task.payload as { run_for_dt: string }).run_for_dt), start, end);
    expect(result.config).toMatchObject({ start_date: start, end_date: end, days });
  });

  /** An invalid request and the one field its error must name. */
  const invalid = (now: Date) => {
    const latest = latestReportDay(now);
    const back = fc.integer({ min: 0, max: 4000 });
    const validLength = fc.integer({ min: 1, max: MAX_RANGE_DAYS });
    return fc.oneof(
      fc.tuple(back, fc.integer({ min: 1, max: 4000 })).map(([endBack, ahead]) => {
        const end = addDays(latest, -endBack);
        return { params: { startDate: addDays(end, ahead), endDate: end }, field: 'start_date' };
      }),
      fc.tuple(fc.integer({ min: 1, max: 4000 }), validLength).map(([ahead, length]) => {
        const end = addDays(latest, ahead);
        return { params: { startDate: addDays(end, -(length - 1)), endDate: end }, field: 'end_date' };
      }),
      fc.tuple(back, fc.integer({ min: MAX_RANGE_DAYS + 1, max: 40_000 })).map(([endBack, length]) => {
        const end = addDays(latest, -endBack);
        return { params: { startDate: addDays(end, -(length - 1)), endDate: end }, field: 'start_date' };
      }),
      back.map((endBack) => ({ params: { startDate: addDays(latest, -endBack) }, field: 'end_date' })),
      back.map((endBack) => ({ params: { endDate: addDays(latest, -endBack) }, field: 'start_date' })),
      fc.tuple(fc.integer({ min: 1, max: MAX_RANGE_DAYS }), back, validLength, fc.boolean()).map(([days, endBack, length, both]) => {
        const end = addDays(latest, -endBack);
        return { params: both ? { days, startDate: addDays(end, -(length - 1)), endDate: end } : { days, endDate: end }, field: 'days' };
      }),
      fc.oneof(fc.integer({ min: -100, max: 0 }), fc.integer({ min: MAX_RANGE_DAYS + 1, max: 100_000 }), fc.double({ min: 0.1, max: 100, noNaN: true }).filter((d) => !Number.isInteger(d))).map((days) => ({ params: { days }, field: 'days' })),
    );
  };

  it.prop([plannerName, instant.chain((now) => fc.tuple(fc.constant(now), invalid(now)))], { numRuns: 300 })('an invalid range throws a ValidationError naming the right field', (name, [now, { params, field }]) => {
    let thrown: unknown;
    try {
      plan(name, params, now);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).issues.map((issue) => issue.path)).toEqual([field]);
  });
});
