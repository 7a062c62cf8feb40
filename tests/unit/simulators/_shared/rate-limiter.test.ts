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

  it('counts refused requests too when asked, and says how many remain', () => {
    const strict = new SlidingWindowLimiter(2, { windowMs: 1000, countRefused: true });
    expect(strict.remaining(0)).toBe(2);
    expect([0, 100, 200, 300].map((t) => strict.tryAcquire(t))).toEqual([true, true, false, false]);
    expect(strict.remaining(300)).toBe(0);
    // 4 counted: the window accepts again once the one at 200 has left it (at 1200), not at 1000.
    expect(strict.retryAfterSeconds(300)).toBe(1);
    expect(strict.tryAcquire(1000)).toBe(false); // 100, 200, 300 and this one are counted
    expect(strict.tryAcquire(1301)).toBe(true); // only 1000 is left in the window
    expect(strict.remaining(1301)).toBe(0);
  });

  it('gives a long Retry-After for a long window full of refused requests', () => {
    const daily = new SlidingWindowLimiter(1, { windowMs: 86_400_000, countRefused: true });
    expect(daily.tryAcquire(0)).toBe(true);
    expect(daily.tryAcquire(3_600_000)).toBe(false);
    expect(daily.retryAfterSeconds(3_600_000)).toBe(86_400); // the refused call at 1 h holds the window until 25 h
  });

  it('forgets old requests over a long run without losing count', () => {
    const limiter = new SlidingWindowLimiter(10);
    let accepted = 0;
    for (let t = 0; t < 10_000; t += 10) if (limiter.tryAcquire(t)) accepted++;
    expect(accepted).toBe(100); // 10 per second over 10 s
    expect(limiter.remaining(9_990)).toBe(0);
    expect(limiter.remaining(20_000)).toBe(10);
  });
});
