import { describe, expect, it } from '@jest/globals';
import { SlidingWindowLimiter } from '../../../../dev/simulators/_shared/rate-limiter.js';

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

  it('counts whole seconds to Retry-After for longer windows, rounding up, and never less than 1', () => {
    const perMinute = new SlidingWindowLimiter(1, 60_000);
    expect(perMinute.retryAfterSeconds(0)).toBe(60); // nothing accepted yet: a full window is the bound
    expect(perMinute.tryAcquire(1_000)).toBe(true);
    expect(perMinute.tryAcquire(1_500)).toBe(false);
    expect(perMinute.retryAfterSeconds(1_500)).toBe(60); // 59.5 s rounded up
    expect(perMinute.retryAfterSeconds(60_999)).toBe(1);
    expect(perMinute.tryAcquire(61_000)).toBe(true);
  });

  it('defaults to a one-second window', () => {
    const perSecond = new SlidingWindowLimiter(1);
    expect([0, 999, 1000].map((t) => perSecond.tryAcquire(t))).toEqual([true, false, true]);
  });
});
