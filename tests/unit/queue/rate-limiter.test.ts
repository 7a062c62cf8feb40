import { describe, expect, it } from '@jest/globals';
import { RateLimitedError } from '../../../lib/errors.js';
import { createRateLimiter, MAX_WAIT_MS, reserveSlot } from '../../../lib/shared/rate-limiter.js';

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
