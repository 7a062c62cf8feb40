import { RateLimitedError } from '../errors.js';

/**
 * Spaces calls evenly at `perSecond` (one slot every 1000/perSecond ms, with a small margin
 * so timer jitter never puts perSecond+1 calls in one second), and holds everyone back when
 * the server says so. A short hold (a 429's Retry-After) is waited out; a long one (a daily
 * quota until midnight Pacific) fails fast, so tasks are rescheduled without calling the API.
 * Hand-written: the scheduling rules are the pure `reserveSlot` and `windowWaitMs`; libraries such as bottleneck
 * bring clustering we do not need.
 */
export interface RateLimiter {
  /** Resolves when the caller may send one request; throws RateLimitedError during a long hold. */
  acquire(): Promise<void>;
  /** No request starts before `until` (one caller's 429 or quota error applies to all). */
  pauseUntil(until: Date): void;
  /** Changes the rate for the calls that follow (the admin's rate-limit config, applied per dispatch). */
  setRate(perSecond: number): void;
  readonly perSecond: number;
}

const SAFETY_MARGIN = 1.02;
/** Holds longer than this are not waited out inside an invocation. */
export const MAX_WAIT_MS = 10_000;

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createRateLimiter(initialPerSecond: number, now: () => number = Date.now): RateLimiter {
  let perSecond = initialPerSecond;
  let intervalMs = (1_000 / perSecond) * SAFETY_MARGIN;
  let nextFreeMs = 0;
  let heldUntilMs = 0;
  const starts: number[] = [];
  const windowMs = 1_000 * SAFETY_MARGIN;
  return {
    async acquire() {
      const current = now();
      if (heldUntilMs - current > MAX_WAIT_MS) {
        throw new RateLimitedError(`requests held until ${new Date(heldUntilMs).toISOString()}`, new Date(heldUntilMs));
      }
      const slot = reserveSlot(Math.max(nextFreeMs, heldUntilMs), current, intervalMs);
      nextFreeMs = slot.nextFreeMs;
      const wait = slot.startMs - current;
      if (wait > 0) await sleep(wait);
      // Checked and recorded with no await in between: one thread, so no two calls both pass.
      // Each wait is at most one window, so a clock that jumps cannot park a caller for long.
      // Whole calls per window: a fractional rate (0.5/s) is paced by the interval alone.
      const limit = Math.max(1, Math.floor(perSecond));
      for (let extra = windowWaitMs(starts, now(), limit, windowMs); extra > 0; extra = windowWaitMs(starts, now(), limit, windowMs)) {
        await sleep(Math.min(extra, windowMs));
        if (heldUntilMs - now() > MAX_WAIT_MS) throw new RateLimitedError(`requests held until ${new Date(heldUntilMs).toISOString()}`, new Date(heldUntilMs));
      }
      starts.push(now());
      if (starts.length > limit) starts.splice(0, starts.length - limit);
    },
    pauseUntil(until) {
      heldUntilMs = Math.max(heldUntilMs, until.getTime());
    },
    setRate(next) {
      if (!(next > 0)) throw new RangeError(`a rate must be positive, got ${next}`);
      perSecond = next;
      intervalMs = (1_000 / perSecond) * SAFETY_MARGIN;
    },
    get perSecond() {
      return perSecond;
    },
  };
}
