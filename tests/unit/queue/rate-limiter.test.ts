import { describe, expect, it } from '@jest/globals';
import { RateLimitedError } from '../../../lib/errors.js';
import { createRateLimiter, MAX_WAIT_MS, reserveSlot, windowWaitMs } from '../../../lib/shared/rate-limiter.js';

describe('windowWaitMs', () => {
  it('lets a call start while fewer than `limit` started within the window', () => {
    expect(windowWaitMs([], 1_000, 3, 1_000)).toBe(0);
    expect(windowWaitMs([100, 200], 1_000, 3, 1_000)).toBe(0);
  });

  it('holds a call that would be the limit+1st start in any window: late timers cannot bunch calls', () => {
    // Three starts bunched at 950–990 (timers fired late); a fourth at 1,000 waits until 1,950.
    expect(windowWaitMs([100, 950, 970, 990], 1_000, 3, 1_000)).toBe(950);
    expect(windowWaitMs([100, 950, 970, 990], 1_950, 3, 1_000)).toBe(0);
  });
});

describe('reserveSlot', () => {
  it('starts now when free, else at the next free slot, and spaces slots by the interval', () => {
    expect(reserveSlot(0, 1_000, 100)).toEqual({ startMs: 1_000, nextFreeMs: 1_100 });
    expect(reserveSlot(1_100, 1_050, 100)).toEqual({ startMs: 1_100, nextFreeMs: 1_200 });
  });
});

describe('createRateLimiter', () => {
  it('fails fast during a long hold instead of sleeping through it', async () => {
    let clock = 1_000_000;
    const limiter = createRateLimiter(10, () => clock);
    limiter.pauseUntil(new Date(clock + MAX_WAIT_MS + 1));
    await expect(limiter.acquire()).rejects.toBeInstanceOf(RateLimitedError);
    clock += MAX_WAIT_MS + 2;
    await expect(limiter.acquire()).resolves.toBeUndefined();
  });
});
