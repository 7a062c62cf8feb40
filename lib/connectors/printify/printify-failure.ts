import { ConfigError, ReauthRequiredError, ValidationError } from '../../errors.js';
import type { VendorFailureReader } from '../http/json-request.js';
import { errorBodySchema } from './printify.schemas.js';

/*
 * How Printify's failures read. The API's own statuses go through the shared ladder
 * (classify-http-failure.ts): 401 → AccessTokenRejectedError (the session refreshes once; a
 * personal token has no refresh token, so the connection then needs re-authorization), 429 →
 * RateLimitedError (Retry-After or 30 s), 5xx → retry, another 4xx (a 403 for a missing scope, a
 * 404 for a shop gone) → permanent for that entity. The token endpoints answer 400
 * `{error, error_description}` (https://developers.printify.com/#convert-grant-code-to-tokens),
 * read here by who must act.
 */

/** The vendor's words from an error body, whichever of its shapes it is. */
export function printifyErrorText(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { error, error_description, message, errors } = parsed.data;
  const code = typeof error === 'string' ? error : error?.message;
  const reason = errors && !Array.isArray(errors) ? (typeof errors === 'string' ? errors : errors.reason) : undefined;
  const words = [code, error_description ?? message ?? reason].filter((part): part is string => typeof part === 'string' && part !== '');
  return words.length > 0 ? words.join(': ') : undefined;
}

/** The OAuth error code of a token endpoint's answer (`invalid_grant`, `invalid_client`, …). */
function oauthError(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success && typeof parsed.data.error === 'string' ? parsed.data.error : undefined;
}

/** A 4xx other than 429: the token endpoint refused what was sent (not a pause or an outage). */
const refused = (status: number | undefined) => status !== undefined && status >= 400 && status < 500 && status !== 429 && status !== 408;

/** The app itself was refused: PRINTIFY_APP_ID is wrong, the operator must act (not the merchant). */
function appRefused(failure: Parameters<VendorFailureReader>[0]): ConfigError | undefined {
  const code = oauthError(failure.body);
  return code === 'invalid_client' || code === 'unauthorized_client' ? new ConfigError(`Printify refused the OAuth app; check PRINTIFY_APP_ID (${failure.description})`) : undefined;
}

/** Refreshing: a refused refresh token means the grant is gone — the merchant must connect again. */
export const readRefreshFailure: VendorFailureReader = (failure) => {
  if (!refused(failure.status)) return undefined;
  return appRefused(failure) ?? new ReauthRequiredError(`Printify refused the refresh token (${failure.description})`);
};

/** Exchanging a code: a refused code (used, expired, for another app) is the caller's to fix. */
export const readCodeExchangeFailure: VendorFailureReader = (failure) => {
  if (!refused(failure.status)) return undefined;
  const message = `Printify refused the authorization code (${failure.description}): it is expired, already used or was issued to another app`;
  return appRefused(failure) ?? new ValidationError(`code: ${message}`, [{ path: 'code', message }]);
};

/** Checking a personal access token: a 401 (unknown, revoked, expired) or 403 (no shops.read scope) is the caller's. */
export const readPersonalTokenFailure: VendorFailureReader = (failure) => {
  if (failure.status !== 401 && failure.status !== 403) return undefined;
  const why = failure.status === 401 ? 'it is unknown, revoked or expired' : 'it lacks the shops.read scope';
  const message = `Printify refused the personal access token (${failure.description}): ${why}`;
  return new ValidationError(`access_token: ${message}`, [{ path: 'access_token', message }]);
};
