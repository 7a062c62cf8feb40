import { describe, expect, it } from '@jest/globals';
import { addDays, daysBetween, eachDay, isIsoDay, pacificToday } from '../../../../dev/simulators/youtube/dates.js';

describe('dates', () => {
  it('takes the Pacific calendar day', () => {
    expect(pacificToday(new Date('2025-03-10T06:59:00Z'))).toBe('2025-03-09'); // 23:59 PDT
    expect(pacificToday(new Date('2025-03-10T07:00:00Z'))).toBe('2025-03-10');
    expect(pacificToday(new Date('2025-01-10T07:59:00Z'))).toBe('2025-01-09'); // 23:59 PST
  });

  it('validates and walks days', () => {
    expect(isIsoDay('2024-02-29')).toBe(true);
    expect(isIsoDay('2025-02-29')).toBe(false);
    expect(isIsoDay('2025-1-01')).toBe(false);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(daysBetween('2025-03-01', '2025-02-27')).toBe(-2);
    expect(eachDay('2025-02-27', '2025-03-01')).toEqual(['2025-02-27', '2025-02-28', '2025-03-01']);
    expect(eachDay('2025-03-02', '2025-03-01')).toEqual([]);
  });
});
