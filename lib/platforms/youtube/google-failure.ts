import { ConfigError, PermanentError, RateLimitedError, ReauthRequiredError, RetryableError } from '../../errors.js';
import { nextPacificMidnight } from '../../backfill/backfill-plan.js';
import { googleErrorSchema } from './youtube.schemas.js';

/** The API rejected the access token (401): refresh once, then the account needs re-authorization. */
export class AccessTokenRejectedError extends Error {
  override readonly name = 'AccessTokenRejectedError';
}

export interface GoogleFailure {
  /** HTTP status; undefined for network errors and timeouts. */
  status: number | undefined;
  body: unknown;
  retryAfter: string | null;
  /** e.g. ECONNRESET, ETIMEDOUT, or the error's message when there was no response. */
  transportError?: string;
}

const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;

/**
 * Turns a failed Google call into the typed error that decides what the queue does
 * (lib/queue/retry-decision.ts). Reasons and statuses follow
 * https://developers.google.com/youtube/v3/docs/errors and the Analytics API's errors:
 * - 401 → the token was rejected (the caller refreshes once, then needs re-authorization);
 * - OAuth `invalid_grant` → the refresh token is revoked or expired: re-authorization;
 * - OAuth `invalid_client` → the app's credentials are wrong: configuration;
 * - 403 `quotaExceeded` / `dailyLimitExceeded` → wait for the quota reset, midnight Pacific;
 * - 429, 403 `rateLimitExceeded` / `userRateLimitExceeded` → wait `Retry-After` (or 30 s);
 * - 403 `insufficientPermissions` → the grant lacks a scope: re-authorization;
 * - other 400/403/404 → permanent, with Google's message;
 * - 5xx, network errors, timeouts → retry with backoff.
 */
export function classifyGoogleFailure(failure: GoogleFailure, now: Date): Error {
  const { status } = failure;
  const parsed = googleErrorSchema.safeParse(failure.body);
  const envelope = parsed.success ? parsed.data : undefined;
  const oauthError = typeof envelope?.error === 'string' ? envelope.error : undefined;
  const apiError = typeof envelope?.error === 'object' ? envelope.error : undefined;
  const reasons = apiError?.errors?.map((e) => e.reason ?? '') ?? [];
  const message = apiError?.message ?? envelope?.error_description ?? oauthError ?? failure.transportError ?? 'no response body';
  const describe = `${status ?? 'network'} ${reasons[0] ?? oauthError ?? ''}: ${message}`.replace(/ +:/, ':');

  if (status === undefined) return new RetryableError(`request failed: ${message}`);
  if (oauthError === 'invalid_grant') return new ReauthRequiredError(`refresh token rejected (${describe})`);
  // The OAuth app itself was refused: GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET are wrong.
  if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
    return new ConfigError(`Google rejected the OAuth client; check GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (${describe})`);
  }
  if (status === 401) return new AccessTokenRejectedError(describe);
  if (reasons.some((r) => r === 'quotaExceeded' || r === 'dailyLimitExceeded')) {
    return new RateLimitedError(`daily quota exhausted (${describe})`, nextPacificMidnight(now));
  }
  if (status === 429 || reasons.some((r) => r === 'rateLimitExceeded' || r === 'userRateLimitExceeded')) {
    return new RateLimitedError(`rate limited (${describe})`, new Date(now.getTime() + retryAfterMs(failure.retryAfter, now)));
  }
  if (status === 403 && reasons.includes('insufficientPermissions')) return new ReauthRequiredError(`missing permission (${describe})`);
  if (status >= 500 || status === 408) return new RetryableError(describe);
  if (status >= 400) return new PermanentError(describe);
  return new RetryableError(`unexpected status ${describe}`);
}

/** `Retry-After` is delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now: Date): number {
  if (!header) return DEFAULT_RATE_LIMIT_WAIT_MS;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1_000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? DEFAULT_RATE_LIMIT_WAIT_MS : Math.max(0, at - now.getTime());
}
