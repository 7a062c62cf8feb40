import { RateLimitedError } from '../errors.js';

/**
 * Spaces calls evenly at `perSecond` (one slot every 1000/perSecond ms, with a small margin
 * so timer jitter never puts perSecond+1 calls in one second), and holds everyone back when
 * the server says so. A caller waits at most MAX_WAIT_MS: a start further away (a slow rate's
 * next slot, a daily quota held until midnight Pacific) fails fast with that start as
 * `retryAt`, so the task is rescheduled instead of stalling the invocation past its deadline.
 * Hand-written: the scheduling rules are the pure `reserveSlot`, `windowWaitMs` and
 * `nextFreeAfterRateChange`; libraries such as bottleneck bring clustering we do not need.
 */
export interface RateLimiter {
  /**
   * Resolves when the caller may send one request, at most MAX_WAIT_MS after the call; throws
   * RateLimitedError (retryAt: the start it would have had) when that start is further away.
   */
  acquire(): Promise<void>;
  /** No request starts before `until` (one caller's 429 or quota error applies to all). */
  pauseUntil(until: Date): void;
  /** Changes the rate for the calls that follow (the admin's rate-limit config, applied per dispatch). */
  setRate(perSecond: number): void;
  readonly perSecond: number;
}

const SAFETY_MARGIN = 1.02;
/** Waits longer than this are not sat out inside an invocation. */
export const MAX_WAIT_MS = 10_000;
/**
 * The slowest rate a budget may be set to: its slots (1000/rate ms, with the margin) must be
 * closer than MAX_WAIT_MS, or a task's second call would always be refused and rescheduled.
 * 0.2/s spaces them 5.1 s apart.
 */
export const MIN_REQUESTS_PER_SECOND = 0.2;

/**
 * Pure: how long a call starting at `nowMs` must still wait so that no `windowMs` holds more
 * than `limit` starts, given the recent starts (oldest first). Evenly spaced slots alone can
 * bunch up when timers fire late (a busy event loop), so the window is checked at the start.
 */
export function windowWaitMs(starts: readonly number[], nowMs: number, limit: number, windowMs: number): number {
  const bound = starts.length >= limit ? starts[starts.length - limit]! : undefined;
  return bound === undefined ? 0 : Math.max(0, bound + windowMs - nowMs);
}

/** Pure: the start time of the next slot and the state after reserving it. */
export function reserveSlot(nextFreeMs: number, nowMs: number, intervalMs: number): { startMs: number; nextFreeMs: number } {
  const startMs = Math.max(nowMs, nextFreeMs);
  return { startMs, nextFreeMs: startMs + intervalMs };
}

/**
 * Pure: the next free slot once the interval changes: one new interval after the last slot
 * reserved. A slot computed from the old, slower rate would otherwise hold the next call back
 * long after the rate was raised.
 */
export function nextFreeAfterRateChange(lastStartMs: number | undefined, intervalMs: number): number {
  return lastStartMs === undefined ? 0 : lastStartMs + intervalMs;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const intervalFor = (perSecond: number) => (1_000 / perSecond) * SAFETY_MARGIN;


export function createRateLimiter(initialPerSecond: number, now: () => number = Date.now): RateLimiter {
  let perSecond = initialPerSecond;
  let intervalMs = intervalFor(perSecond);
  let nextFreeMs = 0;
  let lastStartMs: number | undefined;
  let heldUntilMs = 0;
  const starts: number[] = [];
  const windowMs = 1_000 * SAFETY_MARGIN;
  // Whole calls per window: a fractional rate (0.5/s) is paced by the interval alone.
  const windowLimit = () => Math.max(1, Math.floor(perSecond));
  // The reason, as a task's last_error shows it: the server's hold, or this limiter's own pace.
  const tooFar = (startMs: number) =>
    new RateLimitedError(
      startMs <= heldUntilMs
        ? `requests held until ${new Date(heldUntilMs).toISOString()}`
        : `next request slot at ${new Date(startMs).toISOString()} (${perSecond} requests/s), more than ${MAX_WAIT_MS} ms away`,
      new Date(startMs),
    );
  return {
    async acquire() {
      const calledMs = now();
      const latestMs = calledMs + MAX_WAIT_MS;
      const slot = reserveSlot(Math.max(nextFreeMs, heldUntilMs), calledMs, intervalMs);
      // Refused before reserving: a slot nobody uses must not push back the calls after it.
      if (slot.startMs > latestMs) throw tooFar(slot.startMs);
      nextFreeMs = slot.nextFreeMs;
      lastStartMs = slot.startMs;
      // Until the slot, any hold set meanwhile (another caller's 429) and the sliding window
      // all allow a start. Each sleep is at most one window, so a hold or a clock jump is seen soon.
      for (;;) {
        const current = now();
        const startMs = Math.max(slot.startMs, heldUntilMs, current + windowWaitMs(starts, current, windowLimit(), windowMs));
        // Checked and recorded with no await in between: one thread, so no two calls both pass.
        if (startMs <= current) break;
        if (startMs > latestMs) throw tooFar(startMs);
        await sleep(Math.min(startMs - current, windowMs));
      }
      starts.push(now());
      if (starts.length > windowLimit()) starts.splice(0, starts.length - windowLimit());
    },
    pauseUntil(until) {
      heldUntilMs = Math.max(heldUntilMs, until.getTime());
    },
    setRate(next) {
      if (!(next > 0)) throw new RangeError(`a rate must be positive, got ${next}`);
      perSecond = next;
      intervalMs = intervalFor(perSecond);
      nextFreeMs = nextFreeAfterRateChange(lastStartMs, intervalMs);
    },
    get perSecond() {
      return perSecond;
    },
  };
}
