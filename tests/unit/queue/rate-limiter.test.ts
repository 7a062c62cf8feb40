import { describe, expect, it } from '@jest/globals';
import { RateLimitedError } from '../../../lib/errors.js';
import { createRateLimiter, MAX_WAIT_MS, MIN_REQUESTS_PER_SECOND, nextFreeAfterRateChange, reserveSlot, windowWaitMs } from '../../../lib/shared/rate-limiter.js';

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

describe('nextFreeAfterRateChange', () => {
  it('puts the next slot one new interval after the last one reserved, faster or slower', () => {
    expect(nextFreeAfterRateChange(1_000, 102)).toBe(1_102);
    expect(nextFreeAfterRateChange(1_000, 10_200)).toBe(11_200);
    expect(nextFreeAfterRateChange(undefined, 102)).toBe(0);
  });
});

/** The error `promise` rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<RateLimitedError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(RateLimitedError);
  return error as RateLimitedError;
}

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

describe('createRateLimiter: never waits longer than MAX_WAIT_MS', () => {
  // 0.1 a second: slots 10,200 ms apart (with the 2% margin), further than MAX_WAIT_MS.
  const SLOW = 0.1;
  const SLOW_INTERVAL_MS = 10_200;
  /** Far below the 10 s a wrong limiter would sleep: such a limiter fails the test fast. */
  const QUICK = 3_000;
  /** Real time, moved on by `skip`: waits stay real, so a wrong limiter cannot spin on a frozen clock. */
  const skippingClock = () => {
    let offset = 0;
    return { now: () => Date.now() + offset, skip: (ms: number) => void (offset += ms) };
  };

  it(
    'a slot further away than MAX_WAIT_MS is refused with that slot as retryAt, and not reserved',
    async () => {
      const clock = skippingClock();
      const limiter = createRateLimiter(SLOW, clock.now);
      const first = clock.now();
      await limiter.acquire();
      const error = await rejection(limiter.acquire());
      expect(error.message).toMatch(/^next request slot at .+ \(0\.1 requests\/s\), more than 10000 ms away$/);
      const refused = error.retryAt.getTime();
      expect(refused - first).toBeGreaterThanOrEqual(SLOW_INTERVAL_MS);
      expect(refused - first).toBeLessThan(SLOW_INTERVAL_MS + 100);
      // Not reserved: the next caller is offered the same slot, not one after it.
      expect((await rejection(limiter.acquire())).retryAt.getTime()).toBe(refused);
      clock.skip(SLOW_INTERVAL_MS);
      await expect(limiter.acquire()).resolves.toBeUndefined();
    },
    QUICK,
  );

  it(
    'raising the rate takes effect at once: the next slot follows the new interval, not the old one',
    async () => {
      const limiter = createRateLimiter(SLOW);
      await limiter.acquire();
      limiter.setRate(100);
      const before = Date.now();
      await expect(limiter.acquire()).resolves.toBeUndefined();
      expect(Date.now() - before).toBeLessThan(1_000);
    },
    QUICK,
  );

  it(
    'lowering the rate spaces the next slot by the new interval',
    async () => {
      const limiter = createRateLimiter(100);
      const first = Date.now();
      await limiter.acquire();
      limiter.setRate(SLOW);
      const refused = (await rejection(limiter.acquire())).retryAt.getTime();
      expect(refused - first).toBeGreaterThanOrEqual(SLOW_INTERVAL_MS);
      expect(refused - first).toBeLessThan(SLOW_INTERVAL_MS + 100);
    },
    QUICK,
  );

  it(
    'a hold set while a caller waits for its slot stops it: refused when long, waited out when short',
    async () => {
      const limiter = createRateLimiter(10);
      await limiter.acquire();
      // The next slot is 102 ms away; another caller's 429 holds everyone meanwhile.
      const waiting = limiter.acquire();
      const heldUntil = Date.now() + MAX_WAIT_MS + 5_000;
      limiter.pauseUntil(new Date(heldUntil));
      const held = await rejection(waiting);
      expect(held.retryAt.getTime()).toBe(heldUntil);
      expect(held.message).toBe(`requests held until ${new Date(heldUntil).toISOString()}`);

      const short = createRateLimiter(10);
      await short.acquire();
      const next = short.acquire();
      const shortHold = Date.now() + 300;
      short.pauseUntil(new Date(shortHold));
      await next;
      expect(Date.now()).toBeGreaterThanOrEqual(shortHold);
    },
    QUICK,
  );

  it('the slowest rate a budget may be set to still sends a second call within MAX_WAIT_MS', () => {
    expect((1_000 / MIN_REQUESTS_PER_SECOND) * 1.02).toBeLessThan(MAX_WAIT_MS);
  });
});
