/**
 * A sliding-window limiter (at most `limit` accepted requests in any `windowMs`), standing in for a
 * vendor's per-interval limits: Google's per-project queries per interval (429 RESOURCE_EXHAUSTED,
 * https://cloud.google.com/apis/design/errors), Etsy's per-second and sliding 24-hour limits,
 * Printify's requests per minute. Rejected requests do not count, so a client that backs off gets through.
 */
export class SlidingWindowLimiter {
  private readonly accepted: number[] = [];
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(limit: number, windowMs = 1000) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  tryAcquire(nowMs: number): boolean {
    while ((this.accepted[0] ?? Infinity) <= nowMs - this.windowMs) this.accepted.shift();
    if (this.accepted.length >= this.limit) return false;
    this.accepted.push(nowMs);
    return true;
  }

  /** Whole seconds until a slot frees up (at least 1), for the Retry-After header. */
  retryAfterSeconds(nowMs: number): number {
    return Math.max(1, Math.ceil(((this.accepted[0] ?? nowMs) + this.windowMs - nowMs) / 1000));
  }
}
