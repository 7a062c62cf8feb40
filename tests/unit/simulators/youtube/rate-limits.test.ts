import { describe, expect, it } from '@jest/globals';
import { DailyQuota } from '../../../../dev/simulators/youtube/daily-quota.js';
import { SlidingWindowLimiter } from '../../../../dev/simulators/youtube/rate-limiter.js';

describe('SlidingWindowLimiter', () => {
  it('accepts at most `limit` requests in any window, not counting rejections', () => {
    const limiter = new SlidingWindowLimiter(2, 1000);
    expect([0, 100, 200].map((t) => limiter.tryAcquire(t))).toEqual([true, true, false]);
    expect(limiter.retryAfterSeconds(200)).toBe(1);
    expect(limiter.tryAcquire(999)).toBe(false);
    expect(limiter.tryAcquire(1000)).toBe(true); // the request at 0 left the window
    expect(limiter.tryAcquire(1050)).toBe(false);
    expect(limiter.tryAcquire(1100)).toBe(true);
  });
});

describe('DailyQuota', () => {
  it('allows `limit` calls per day and starts afresh on a new day', () => {
    const quota = new DailyQuota(2);
    expect(['d1', 'd1', 'd1'].map((day) => quota.tryConsume(day))).toEqual([true, true, false]);
    expect(quota.tryConsume('d2')).toBe(true);
  });
});
