import { describe, expect, it } from '@jest/globals';
import { AccessTokenRejectedError, PermanentError, RateLimitedError, ReauthRequiredError, RetryableError } from '../../../../lib/errors.js';
import { retryAfterMs } from '../../../../lib/connectors/http/classify-http-failure.js';
import { classifyGoogleFailure } from '../../../../lib/connectors/youtube/google-failure.js';

const now = new Date('2026-11-22T12:00:00Z');
const envelope = (code: number, reason: string, message = 'm') => ({ error: { code, message, errors: [{ reason, domain: 'global', message }] } });

describe('classifyGoogleFailure', () => {
  it('401 means the access token was rejected', () => {
    expect(classifyGoogleFailure({ status: 401, body: envelope(401, 'authError'), retryAfter: null }, now)).toBeInstanceOf(AccessTokenRejectedError);
  });

  it('invalid_grant needs re-authorization', () => {
    const error = classifyGoogleFailure({ status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }, retryAfter: null }, now);
    expect(error).toBeInstanceOf(ReauthRequiredError);
    expect(error.message).toContain('Token has been expired or revoked.');
  });

  it('quotaExceeded waits until midnight Pacific', () => {
    const error = classifyGoogleFailure({ status: 403, body: envelope(403, 'quotaExceeded'), retryAfter: null }, now);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAt.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('429 honours Retry-After in seconds or as a date, else waits 30 s', () => {
    const seconds = classifyGoogleFailure({ status: 429, body: envelope(429, 'rateLimitExceeded'), retryAfter: '7' }, now) as RateLimitedError;
    expect(seconds.retryAt.getTime() - now.getTime()).toBe(7_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs(null, now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBe(30_000);
  });

  it('5xx and network failures are retryable; 400 is permanent with the API message', () => {
    expect(classifyGoogleFailure({ status: 503, body: envelope(503, 'backendError'), retryAfter: null }, now)).toBeInstanceOf(RetryableError);
    expect(classifyGoogleFailure({ status: undefined, body: undefined, retryAfter: null, transportError: 'ECONNRESET' }, now)).toBeInstanceOf(RetryableError);
    const bad = classifyGoogleFailure({ status: 400, body: envelope(400, 'badRequest', 'The query is not supported.'), retryAfter: null }, now);
    expect(bad).toBeInstanceOf(PermanentError);
    expect(bad.message).toBe('400 badRequest: The query is not supported.');
  });

  it('a missing scope needs re-authorization', () => {
    expect(classifyGoogleFailure({ status: 403, body: envelope(403, 'insufficientPermissions'), retryAfter: null }, now)).toBeInstanceOf(ReauthRequiredError);
  });
});
