import { ConfigError, PermanentError, RateLimitedError, ReauthRequiredError, ValidationError } from '../../errors.js';
import { MIN_RATE_LIMIT_WAIT_MS, rateLimitedFor, retryAfterMs } from '../http/classify-http-failure.js';
import type { VendorFailureReader } from '../http/json-request.js';
import { etsyErrorSchema } from './etsy.schemas.js';

/**
 * How long a daily-limit 429 without `Retry-After` holds the budget: one bucket of the sliding
 * day (SLIDING_DAY). The quota frees gradually as the oldest calls slide out; the client has
 * also told the budget nothing is left (observe remainingToday 0), so after this hold the
 * budget's own counts say when calls may start again.
 */
export const DAILY_LIMIT_HOLD_MS = 900_000;

/** Etsy's error text: `{"error": "…"}`, with the token endpoint's `error_description` after it. */
export function etsyErrorText(body: unknown): string | undefined {
  const parsed = etsyErrorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  return parsed.data.error_description ? `${parsed.data.error}: ${parsed.data.error_description}` : parsed.data.error;
}

/** The 429 Etsy sends when the app key's sliding 24 hours are spent (PLATFORMS.md). */
export function isDailyLimitBody(body: unknown): boolean {
  return /daily rate limit/i.test(etsyErrorSchema.safeParse(body).data?.error ?? '');
}

/**
 * Etsy's API failures (https://developers.etsy.com/documentation/essentials/rate-limits,
 * …/essentials/authentication), read before the shared status ladder:
 * - 403 naming the API key or shared secret (`Shared secret is required in x-api-key header.`)
 *   → the app's credentials are wrong: ConfigError, the operator's;
 * - any other 403 → the grant lacks this endpoint's scope: PermanentError with Etsy's message,
 *   for that entity only (DESIGN.md), the others keep working;
 * - 429 `Exceeded daily rate limit` → wait `Retry-After`, or one bucket of the sliding day;
 * - 429 `Exceeded per second rate limit` → wait `Retry-After`, or a second (not the ladder's 30 s);
 * - anything else → undefined: classifyHttpFailure decides (401, 5xx, other 4xx).
 */
export const readEtsyFailure: VendorFailureReader = (failure, now) => {
  const { status, description } = failure;
  const error = etsyErrorSchema.safeParse(failure.body).data?.error ?? '';
  if (status === 403 && /shared secret|api[ _-]?key/i.test(error)) {
    return new ConfigError(`Etsy refused the app's credentials: check ETSY_API_KEY and ETSY_SHARED_SECRET (${description})`);
  }
  if (status === 403) return new PermanentError(`Etsy refused this request; the grant may lack its scope (${description})`);
  if (status === 429 && isDailyLimitBody(failure.body)) {
    const waitMs = failure.retryAfter ? retryAfterMs(failure.retryAfter, now) : DAILY_LIMIT_HOLD_MS;
    return new RateLimitedError(`daily rate limit of the app key reached (${description})`, new Date(now.getTime() + waitMs));
  }
  if (status === 429 && /per second/i.test(error) && !failure.retryAfter) {
    return new RateLimitedError(`rate limited (${description})`, new Date(now.getTime() + MIN_RATE_LIMIT_WAIT_MS));
  }
  if (status === 429) return rateLimitedFor(failure, now, `rate limited (${description})`);
  return undefined;
};

/**
 * The token endpoint's failures (RFC 6749 §5.2 bodies), read before readEtsyFailure:
 * - `invalid_client` / `unauthorized_client`, or a 401 (client authentication failed) →
 *   ETSY_API_KEY is wrong: ConfigError — never AccessTokenRejectedError, which would refresh again;
 * - refresh: `invalid_grant` → the refresh token is revoked or expired: ReauthRequiredError;
 * - exchange: `invalid_grant` (a used, expired or foreign code, or a verifier that is not its
 *   challenge's) or a refused redirect URI → ValidationError naming the caller's field.
 */
export function readEtsyTokenFailure(grant: 'authorization_code' | 'refresh_token'): VendorFailureReader {
  return (failure, now) => {
    const parsed = etsyErrorSchema.safeParse(failure.body).data;
    const code = parsed?.error;
    const said = parsed?.error_description ?? '';
    if (code === 'invalid_client' || code === 'unauthorized_client' || failure.status === 401) {
      return new ConfigError(`Etsy's token endpoint refused the app: check ETSY_API_KEY (${failure.description})`);
    }
    if (grant === 'refresh_token' && code === 'invalid_grant') return new ReauthRequiredError(`Etsy refused the refresh token (${failure.description})`);
    if (grant === 'authorization_code' && failure.status === 400 && (code === 'invalid_grant' || code === 'invalid_request')) {
      const field = /redirect_uri/i.test(said) ? 'redirect_uri' : code === 'invalid_grant' || /code/i.test(said) ? 'code' : undefined;
      if (field !== undefined) {
        const message =
          field === 'code'
            ? `Etsy refused the authorization code (${failure.description}): it is expired or already used, or its PKCE verifier is not the one of its consent`
            : `Etsy refused the redirect URI (${failure.description}): it must be the consent request's, registered for the app`;
        return new ValidationError(`${field}: ${message}`, [{ path: field, message }]);
      }
    }
    return readEtsyFailure(failure, now);
  };
}
