import { describe, expect, it } from '@jest/globals';
import { formatAgo, formatDuration, formatEta, formatTimestamp } from '../../../cli/format-time.js';

const NOW = new Date('2026-05-01T10:00:00.000Z');
const plus = (seconds: number) => new Date(NOW.getTime() + seconds * 1_000).toISOString();

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.4, '0s'],
    [45, '45s'],
    [59.6, '1m'],
    [60, '1m'],
    [200, '3m 20s'],
    [3_600, '1h'],
    [3_720, '1h 2m'],
    [3_725, '1h 2m'],
    [86_400, '1d'],
    [90_000, '1d 1h'],
    [86_460, '1d'],
    [-1, '—'],
    [Number.NaN, '—'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatEta, formatAgo, formatTimestamp', () => {
  it('says how long until the ETA, and "any moment" once it has passed', () => {
    expect(formatEta(plus(200), NOW)).toBe('in 3m 20s');
    expect(formatEta(plus(-30), NOW)).toBe('any moment');
    expect(formatEta(null, NOW)).toBe('—');
    expect(formatEta('not a time', NOW)).toBe('—');
  });

  it('says how long ago a time was', () => {
    expect(formatAgo(plus(-3_720), NOW)).toBe('1h 2m ago');
    expect(formatAgo(plus(0), NOW)).toBe('just now');
    expect(formatAgo(undefined, NOW)).toBe('—');
  });

  it('prints the UTC time to the second and how long ago', () => {
    expect(formatTimestamp('2026-05-01T09:57:00.123Z', NOW)).toBe('2026-05-01 09:57:00Z (3m ago)');
    expect(formatTimestamp('2026-05-01T11:57:00+02:00', NOW)).toBe('2026-05-01 09:57:00Z (3m ago)');
    expect(formatTimestamp(null, NOW)).toBe('—');
  });
});
