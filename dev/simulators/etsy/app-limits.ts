/**
 * Etsy's limits per app key (https://developers.etsy.com/documentation/essentials/rate-limits):
 * requests per second, then requests in a sliding 24 hours, evaluated in that order. Every request
 * counts, refused ones too. Successful answers carry `x-limit-per-second`,
 * `x-remaining-this-second`, `x-limit-per-day` and `x-remaining-today`; over a limit → 429 with
 * `{"error": …}` and `retry-after`.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { SlidingWindowLimiter } from '../_shared/rate-limiter.js';
import { DAILY_LIMIT, etsyError, PER_SECOND_LIMIT } from './etsy-errors.js';

const DAY_MS = 86_400_000;

export class AppLimits {
  private readonly perSecond: SlidingWindowLimiter;
  private readonly perDay: SlidingWindowLimiter;
  private readonly ratePerSecond: number;
  private readonly dailyLimit: number;

  constructor(ratePerSecond: number, dailyLimit: number) {
    [this.ratePerSecond, this.dailyLimit] = [ratePerSecond, dailyLimit];
    this.perSecond = new SlidingWindowLimiter(ratePerSecond, { windowMs: 1000, countRefused: true });
    this.perDay = new SlidingWindowLimiter(dailyLimit, { windowMs: DAY_MS, countRefused: true });
  }

  /** Counts the request in both windows; the 429 when either refuses it, else null. */
  admit(nowMs: number): SimResponse | null {
    const withinSecond = this.perSecond.tryAcquire(nowMs);
    const withinDay = this.perDay.tryAcquire(nowMs);
    if (!withinSecond) return etsyError(429, PER_SECOND_LIMIT, { 'retry-after': String(this.perSecond.retryAfterSeconds(nowMs)) });
    if (!withinDay) return etsyError(429, DAILY_LIMIT, { 'retry-after': String(this.perDay.retryAfterSeconds(nowMs)) });
    return null;
  }

  /** The headers of a successful answer, counting the request just admitted. */
  headers(nowMs: number): Record<string, string> {
    return {
      'x-limit-per-second': String(this.ratePerSecond),
      'x-remaining-this-second': String(this.perSecond.remaining(nowMs)),
      'x-limit-per-day': String(this.dailyLimit),
      'x-remaining-today': String(this.perDay.remaining(nowMs)),
    };
  }
}
