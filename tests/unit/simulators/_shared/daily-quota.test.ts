import { describe, expect, it } from '@jest/globals';
import { DailyQuota } from '../../../../dev/simulators/_shared/daily-quota.js';

describe('DailyQuota', () => {
  it('allows `limit` calls per day and starts afresh on a new day', () => {
    let day = 'd1';
    const quota = new DailyQuota(2, () => day);
    expect([1, 2, 3].map(() => quota.tryConsume())).toEqual([true, true, false]);
    day = 'd2';
    expect(quota.tryConsume()).toBe(true);
  });

  it('resets when the given calendar turns, whatever its time zone', () => {
    let now = new Date('2025-03-10T06:59:00Z'); // 23:59 in Los Angeles, already the 10th in UTC
    const dayIn = (timeZone: string) => () => new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
    const utc = new DailyQuota(1, dayIn('UTC'));
    const pacific = new DailyQuota(1, dayIn('America/Los_Angeles'));
    expect([utc.tryConsume(), pacific.tryConsume()]).toEqual([true, true]);
    now = new Date('2025-03-10T07:00:00Z'); // midnight in Los Angeles; the same UTC day
    expect([utc.tryConsume(), pacific.tryConsume()]).toEqual([false, true]);
  });

  it('does not count refused calls, and a zero quota refuses everything', () => {
    let day = 'd1';
    const quota = new DailyQuota(1, () => day);
    expect([quota.tryConsume(), quota.tryConsume(), quota.tryConsume()]).toEqual([true, false, false]);
    day = 'd2';
    expect([quota.tryConsume(), quota.tryConsume()]).toEqual([true, false]);
    expect(new DailyQuota(0, () => day).tryConsume()).toBe(false);
  });

  it('counts units: refuses a call whose units no longer fit, tells today\'s use, and starts afresh on demand', () => {
    let day = 'd1';
    const quota = new DailyQuota(100, () => day);
    expect([quota.tryConsume(50), quota.tryConsume(50), quota.tryConsume(50), quota.tryConsume(0)]).toEqual([true, true, false, true]);
    expect(quota.used()).toBe(100);
    quota.startAfresh();
    expect([quota.used(), quota.tryConsume(60)]).toEqual([0, true]);
    quota.setLimit(Infinity);
    expect(quota.tryConsume(1e6)).toBe(true);
    day = 'd2';
    expect(quota.used()).toBe(0);
  });
});
