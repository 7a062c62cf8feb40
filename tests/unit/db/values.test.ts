import { describe, expect, it } from '@jest/globals';
import { fromDbJson, fromDbTime, toDbJson, toDbTime } from '../../../db/values.js';

describe('database values', () => {
  it('round-trips timestamps with milliseconds in UTC', () => {
    const date = new Date('2026-11-22T23:59:59.123Z');
    expect(toDbTime(date)).toBe('2026-11-22 23:59:59.123');
    expect(fromDbTime(toDbTime(date))).toEqual(date);
  });

  it('orders timestamps as text the same way as in time', () => {
    const times = ['2026-01-02T00:00:00.001Z', '2025-12-31T23:59:59.999Z', '2026-01-02T00:00:00.000Z'].map((t) => new Date(t));
    const asText = times.map(toDbTime).sort();
    expect(asText.map(fromDbTime)).toEqual([...times].sort((a, b) => a.getTime() - b.getTime()));
  });

  it('reads JSON that arrives as text or already parsed', () => {
    expect(fromDbJson(toDbJson({ a: [1, 'x'] }))).toEqual({ a: [1, 'x'] });
    expect(fromDbJson({ a: 1 })).toEqual({ a: 1 });
    expect(fromDbJson(null)).toBeNull();
  });
});
