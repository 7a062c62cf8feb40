/**
 * Spaces calls evenly at `perSecond` (one slot every 1000/perSecond ms, with a small margin
 * so timer jitter never puts perSecond+1 calls in one second), and pauses everyone when the
 * server says to back off. Hand-written: the scheduling rule is the pure `reserveSlot`;
 * libraries such as bottleneck bring clustering we do not need.
 */
export interface RateLimiter {
  /** Resolves when the caller may send one request. */
  acquire(): Promise<void>;
  /** No request starts before `until` (a 429's Retry-After, seen by one caller, applies to all). */
  pauseUntil(until: Date): void;
}

const SAFETY_MARGIN = 1.02;

/** Pure: the start time of the next slot and the state after reserving it. */
export function reserveSlot(nextFreeMs: number, nowMs: number, intervalMs: number): { startMs: number; nextFreeMs: number } {
  const startMs = Math.max(nowMs, nextFreeMs);
  return { startMs, nextFreeMs: startMs + intervalMs };
}

export function createRateLimiter(perSecond: number, now: () => number = Date.now): RateLimiter {
  const intervalMs = (1_000 / perSecond) * SAFETY_MARGIN;
  let nextFreeMs = 0;
  return {
    async acquire() {
      const slot = reserveSlot(nextFreeMs, now(), intervalMs);
      nextFreeMs = slot.nextFreeMs;
      const wait = slot.startMs - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    },
    pauseUntil(until) {
      nextFreeMs = Math.max(nextFreeMs, until.getTime());
    },
  };
}
