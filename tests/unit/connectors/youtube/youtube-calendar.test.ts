import { describe, expect, it } from '@jest/globals';
import { latestReportDay, nextPacificMidnight, pacificDate } from '../../../../lib/connectors/youtube/youtube-calendar.js';

describe('report days', () => {
  it('uses the Pacific calendar day, across DST', () => {
    expect(pacificDate(new Date('2026-11-22T07:59:00Z'))).toBe('2026-11-21'); // PST = UTC−8
    expect(pacificDate(new Date('2026-11-22T08:00:00Z'))).toBe('2026-11-22');
    expect(pacificDate(new Date('2026-07-01T06:59:00Z'))).toBe('2026-06-30'); // PDT = UTC−7
    expect(pacificDate(new Date('2026-07-01T07:00:00Z'))).toBe('2026-07-01');
  });

  it('ends backfills two days behind Pacific today (YouTube data latency)', () => {
    expect(latestReportDay(new Date('2026-11-22T12:00:00Z'))).toBe('2026-11-20');
  });
});

describe('nextPacificMidnight', () => {
  it('is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    expect(nextPacificMidnight(new Date('2026-11-22T12:00:00Z')).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(nextPacificMidnight(new Date('2026-07-01T12:00:00Z')).toISOString()).toBe('2026-07-02T07:00:00.000Z');
  });
});
