import { describe, expect, it } from '@jest/globals';
import { addDays, computeBackfillRunForDates } from '../../../lib/shared/calendar-days.js';

describe('computeBackfillRunForDates', () => {
  it('covers 14 days with 2 weekly chunks ending at endDt', () => {
    expect(computeBackfillRunForDates('2026-11-20', 14, 7)).toEqual(['2026-11-13', '2026-11-20']);
  });

  it('covers 10 days with 2 chunks (overshoot allowed)', () => {
    expect(computeBackfillRunForDates('2026-11-20', 10, 7)).toEqual(['2026-11-13', '2026-11-20']);
  });

  it('gives one chunk for a week and 12 for the default 84 days', () => {
    expect(computeBackfillRunForDates('2026-03-01', 7, 7)).toEqual(['2026-03-01']);
    expect(computeBackfillRunForDates('2026-03-01', 84, 7)).toHaveLength(12);
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(computeBackfillRunForDates('2024-03-03', 14, 7)).toEqual(['2024-02-25', '2024-03-03']);
    expect(computeBackfillRunForDates('2027-01-03', 14, 7)).toEqual(['2026-12-27', '2027-01-03']);
  });

  it.each([[1, 1], [7, 7], [10, 7], [13, 5], [84, 7], [90, 7], [365, 7], [365, 30]])(
    'properties for %i days in %i-day chunks: sorted, unique, every day covered, overshoot below a chunk',
    (days, chunk) => {
      const end = '2026-11-20';
      const dates = computeBackfillRunForDates(end, days, chunk);
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates).size).toBe(dates.length);
      expect(dates.at(-1)).toBe(end);
      const covered = new Set(dates.flatMap((runFor) => Array.from({ length: chunk }, (_, i) => addDays(runFor, -i))));
      for (let i = 0; i < days; i++) expect(covered.has(addDays(end, -i))).toBe(true);
      const overshoot = covered.size - days;
      expect(overshoot).toBeGreaterThanOrEqual(0);
      expect(overshoot).toBeLessThan(chunk);
    },
  );

  it('rejects nonsense arguments', () => {
    expect(() => computeBackfillRunForDates('2026-11-20', 0, 7)).toThrow(RangeError);
    expect(() => computeBackfillRunForDates('2026-11-20', 7, 0)).toThrow(RangeError);
    expect(() => computeBackfillRunForDates('20-11-2026', 7, 7)).toThrow(RangeError);
  });
});
