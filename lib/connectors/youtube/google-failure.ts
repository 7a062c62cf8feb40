import { ConfigError, RateLimitedError, ReauthRequiredError } from '../../errors.js';
import { classifyHttpFailure, rateLimitedFor } from '../http/classify-http-failure.js';
import { nextPacificMidnight } from './youtube-calendar.js';
import { googleErrorSchema } from './youtube.schemas.js';

export interface GoogleFailure {
  /** HTTP status; undefined for network errors and timeouts. */
  status: number | undefined;
  body: unknown;
  retryAfter: string | null;
  /** e.g. ECONNRESET, ETIMEDOUT, or the error's message when there was no response. */
  transportError?: string;
}

/**
 * Reads Google's error bodies (https://developers.google.com/youtube/v3/docs/errors and the
 * Analytics API's errors), then falls back to the shared status ladder:
 * - OAuth `invalid_grant` → the refresh token is revoked or expired: re-authorization;
 * - OAuth `invalid_client` → the app's credentials are wrong: configuration;
 * - 403 `quotaExceeded` / `dailyLimitExceeded` → wait for the quota reset, midnight Pacific;
 * - 403 `rateLimitExceeded` / `userRateLimitExceeded` → wait `Retry-After` (or 30 s), like 429;
 * - 403 `insufficientPermissions` → the grant lacks a scope: re-authorization;
 * - anything else → classifyHttpFailure (401, 429, 5xx, other 4xx, network).
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

  if (status !== undefined) {
    if (oauthError === 'invalid_grant') return new ReauthRequiredError(`refresh token rejected (${describe})`);
    // The OAuth app itself was refused: GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET are wrong.
    if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
      return new ConfigError(`Google rejected the OAuth client; check GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (${describe})`);
    }
    if (reasons.some((r) => r === 'quotaExceeded' || r === 'dailyLimitExceeded')) {
      return new RateLimitedError(`daily quota exhausted (${describe})`, nextPacificMidnight(now));
    }
    if (reasons.some((r) => r === 'rateLimitExceeded' || r === 'userRateLimitExceeded')) return rateLimitedFor(failure, now, `rate limited (${describe})`);
    if (status === 403 && reasons.includes('insufficientPermissions')) return new ReauthRequiredError(`missing permission (${describe})`);
  }
  return classifyHttpFailure({ status, retryAfter: failure.retryAfter, description: status === undefined ? message : describe }, now);
}
