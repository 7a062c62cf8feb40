import { ConfigError, PermanentError, RateLimitedError, ReauthRequiredError, ValidationError } from '../../errors.js';
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
    const reason = reasons[0];
    if (reason && status >= 400 && status < 500 && status !== 401 && status !== 429) return new GoogleRefusal(describe, status, reason);
  }
  return classifyHttpFailure({ status, retryAfter: failure.retryAfter, description: status === undefined ? message : describe }, now);
}

/**
 * Google refused this one request for a reason it names (`videoNotFound`, `playlistNotFound`,
 * `playlistItemsNotAccessible`, …): permanent for the request, and the caller may act on the
 * reason (a playlist already gone need not be deleted; a refused video fails alone).
 */
export class GoogleRefusal extends PermanentError {
  override readonly name = 'GoogleRefusal';
  readonly status: number;
  readonly reason: string;
  constructor(message: string, status: number, reason: string) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

/** What the caller of a code exchange chose: the code, and the redirect URI unless the default was used. */
export interface CodeExchangeRequest {
  redirectUriFromCaller: boolean;
  cause?: unknown;
}

/**
 * Google's token endpoint refusing an authorization-code exchange for a reason the caller
 * caused: a ValidationError (a 4xx at the edge) naming the caller's field; undefined for any
 * other failure, which is classified as every call's is (classifyGoogleFailure). Google answers
 * these with 400 and an RFC 6749 §5.2 body, `{ error, error_description }`
 * (https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code):
 * - `invalid_grant` — the code is malformed, expired, already used, or was issued for another
 *   redirect URI (RFC 6749 §5.2) → `code`;
 * - `redirect_uri_mismatch` — the redirect URI is not the consent request's, or not registered
 *   for the OAuth client → `redirect_uri`;
 * - `invalid_request` — a parameter is missing or malformed, named in the description
 *   (`Invalid parameter value for redirect_uri: …`, `Missing required parameter: code`): the
 *   caller's `redirect_uri` or, by default, `code`; one of our own parameters (the client id,
 *   `grant_type`) is not the caller's doing.
 */
export function codeExchangeRejection(failure: GoogleFailure, request: CodeExchangeRequest): ValidationError | undefined {
  if (failure.status !== 400) return undefined;
  const parsed = googleErrorSchema.safeParse(failure.body);
  const error = parsed.success && typeof parsed.data.error === 'string' ? parsed.data.error : undefined;
  if (error === undefined) return undefined;
  const description = parsed.data?.error_description ?? '';
  const field = fieldBlamed(error, description);
  if (field === undefined) return undefined;
  const google = `${error}${description ? `: ${description}` : ''}`;
  const message =
    field === 'code'
      ? `Google refused the authorization code (${google}): it is malformed, expired or already used, or was issued for another redirect_uri`
      : `Google refused the redirect URI (${google}): it must be the one the consent request used, registered for the OAuth client` +
        (request.redirectUriFromCaller ? '' : '; none was sent, so GOOGLE_REDIRECT_URI was used');
  return new ValidationError(`${field}: ${message}`, [{ path: field, message }], { cause: request.cause });
}

function fieldBlamed(error: string, description: string): 'code' | 'redirect_uri' | undefined {
  if (error === 'invalid_grant') return 'code';
  if (error === 'redirect_uri_mismatch') return 'redirect_uri';
  if (error !== 'invalid_request') return undefined;
  if (/redirect_uri/i.test(description)) return 'redirect_uri';
  if (/client|grant_type/i.test(description)) return undefined;
  return 'code';
}
