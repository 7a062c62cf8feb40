/**
 * A sliding-window limiter (at most `limit` accepted requests in any `windowMs`), standing in for a
 * vendor's per-interval limits: Google's per-project queries per interval (429 RESOURCE_EXHAUSTED,
 * https://cloud.google.com/apis/design/errors), Etsy's per-second and sliding 24-hour limits,
 * Printify's requests per minute. By default refused requests do not count, so a client that backs
 * off gets through; `countRefused` makes them count as well, as Etsy counts every call an app key
 * makes (https://developers.etsy.com/documentation/essentials/rate-limits).
 */
export interface SlidingWindowOptions {
  /** Default 1000. */
  windowMs?: number;
  /** Refused requests fill the window too. Default false. */
  countRefused?: boolean;
}

export class SlidingWindowLimiter {
  /** Arrival times still in the window start at `head` (a queue without shifting a 10,000-long array). */
  private times: number[] = [];
  private head = 0;
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly countRefused: boolean;

  constructor(limit: number, window: number | SlidingWindowOptions = 1000) {
    const options = typeof window === 'number' ? { windowMs: window } : window;
    this.limit = limit;
    this.windowMs = options.windowMs ?? 1000;
    this.countRefused = options.countRefused ?? false;
  }

  tryAcquire(nowMs: number): boolean {
    this.expire(nowMs);
    const accepted = this.counted() < this.limit;
    if (accepted || this.countRefused) this.times.push(nowMs);
    return accepted;
  }

  /** How many more requests the window would accept now. */
  remaining(nowMs: number): number {
    this.expire(nowMs);
    return Math.max(0, this.limit - this.counted());
  }

  /** Whole seconds until the window accepts a request again (at least 1), for the Retry-After header. */
  retryAfterSeconds(nowMs: number): number {
    this.expire(nowMs);
    // The window accepts again once all but limit − 1 of the counted requests have left it.
    const blocking = this.times[this.head + Math.max(0, this.counted() - this.limit)] ?? nowMs;
    return Math.max(1, Math.ceil((blocking + this.windowMs - nowMs) / 1000));
  }

  private counted(): number {
    return this.times.length - this.head;
  }

  private expire(nowMs: number): void {
    while ((this.times[this.head] ?? Infinity) <= nowMs - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) [this.times, this.head] = [this.times.slice(this.head), 0];
  }
}
