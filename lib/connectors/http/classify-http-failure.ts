import { AccessTokenRejectedError, PermanentError, RateLimitedError, RetryableError } from '../../errors.js';

/** A failed HTTP call as every connector's client sees it, before any vendor-specific reading. */
export interface HttpFailure {
  /** HTTP status; undefined for network errors and timeouts. */
  status: number | undefined;
  /** The `Retry-After` header, if any. */
  retryAfter: string | null;
  /** What to say about it: the vendor's message, or the transport error (ECONNRESET, timeout…). */
  description: string;
}

/** How long a 429 without `Retry-After` waits. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;
/**
 * The shortest wait: `Retry-After: 0`, or a date already past by the vendor's clock, would
 * otherwise put the task straight back in line for the same lane, again and again.
 */
export const MIN_RATE_LIMIT_WAIT_MS = 1_000;

/**
 * The status ladder shared by every REST/GraphQL connector; a connector reads its vendor's
 * error bodies first (quota reasons, revoked grants) and falls back to this:
 * - no response (network, timeout), 408, 5xx → retry with backoff;
 * - 401 → the access token was rejected (the token session refreshes once);
 * - 429 → rate limited until `Retry-After` (or 30 s), spending no attempt;
 * - other 4xx → permanent.
 */
export function classifyHttpFailure(failure: HttpFailure, now: Date): Error {
  const { status, description } = failure;
  if (status === undefined) return new RetryableError(`request failed: ${description}`);
  if (status === 401) return new AccessTokenRejectedError(description);
  if (status === 429) return rateLimitedFor(failure, now, `rate limited (${description})`);
  // A 503 (or any 5xx) that says when to come back is a wait, not a failure (RFC 9110 §10.2.3).
  if (status >= 500 && failure.retryAfter) return rateLimitedFor(failure, now, `unavailable until Retry-After (${description})`);
  if (status >= 500 || status === 408) return new RetryableError(description);
  if (status >= 400) return new PermanentError(description);
  return new RetryableError(`unexpected status ${description}`);
}

/** A RateLimitedError that ends when the server's `Retry-After` says (or after 30 s). */
export function rateLimitedFor(failure: Pick<HttpFailure, 'retryAfter'>, now: Date, message: string): RateLimitedError {
  return new RateLimitedError(message, new Date(now.getTime() + retryAfterMs(failure.retryAfter, now)));
}

/** `Retry-After` is delay-seconds or an HTTP date (RFC 9110 §10.2.3); at least a second. */
export function retryAfterMs(header: string | null, now: Date): number {
  if (!header) return DEFAULT_RATE_LIMIT_WAIT_MS;
  if (/^\d+$/.test(header.trim())) return Math.max(MIN_RATE_LIMIT_WAIT_MS, Number(header.trim()) * 1_000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? DEFAULT_RATE_LIMIT_WAIT_MS : Math.max(MIN_RATE_LIMIT_WAIT_MS, at - now.getTime());
}
