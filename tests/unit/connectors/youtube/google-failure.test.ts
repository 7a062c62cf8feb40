import { describe, expect, it } from '@jest/globals';
import { AccessTokenRejectedError, PermanentError, RateLimitedError, ReauthRequiredError, RetryableError, ValidationError } from '../../../../lib/errors.js';
import { retryAfterMs } from '../../../../lib/connectors/http/classify-http-failure.js';
import { classifyGoogleFailure, codeExchangeRejection } from '../../../../lib/connectors/youtube/google-failure.js';

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

// The token endpoint refusing a code exchange: Google's 400 `{ error, error_description }`
// bodies (RFC 6749 §5.2), as its token endpoint sends them.
describe('codeExchangeRejection', () => {
  const oauth = (status: number, error: string, error_description?: string) => ({
    status,
    body: { error, ...(error_description === undefined ? {} : { error_description }) },
    retryAfter: null,
  });
  const fromCaller = { redirectUriFromCaller: true };

  it.each([
    ['invalid_grant', 'Bad Request', 'code'],
    ['invalid_grant', 'Malformed auth code.', 'code'],
    ['redirect_uri_mismatch', 'Bad Request', 'redirect_uri'],
    ['invalid_request', 'Invalid parameter value for redirect_uri: Missing scheme: callback', 'redirect_uri'],
    ['invalid_request', 'Missing required parameter: redirect_uri', 'redirect_uri'],
    ['invalid_request', 'Missing required parameter: code', 'code'],
    ['invalid_request', 'Bad Request', 'code'],
    ['invalid_request', undefined, 'code'],
  ])('400 %s (%s) is the caller’s %s: a ValidationError naming it and quoting Google', (error, description, field) => {
    const rejection = codeExchangeRejection(oauth(400, error, description), fromCaller);
    expect(rejection).toBeInstanceOf(ValidationError);
    expect(rejection!.issues).toEqual([{ path: field, message: expect.stringContaining(error) }]);
    expect(rejection!.message.startsWith(`${field}: Google refused`)).toBe(true);
    if (description) expect(rejection!.message).toContain(`${error}: ${description}`);
  });

  it('says when the refused redirect URI was the server’s default, not the caller’s', () => {
    expect(codeExchangeRejection(oauth(400, 'redirect_uri_mismatch', 'Bad Request'), fromCaller)!.message).not.toContain('GOOGLE_REDIRECT_URI');
    expect(codeExchangeRejection(oauth(400, 'redirect_uri_mismatch', 'Bad Request'), { redirectUriFromCaller: false })!.message).toContain(
      'none was sent, so GOOGLE_REDIRECT_URI was used',
    );
  });

  it('keeps the library’s error as the cause', () => {
    const cause = new Error('gaxios');
    expect(codeExchangeRejection(oauth(400, 'invalid_grant', 'Bad Request'), { ...fromCaller, cause })!.cause).toBe(cause);
  });

  it.each([
    ['our own client id', oauth(400, 'invalid_request', 'Could not determine client ID from request.')],
    ['our own grant_type', oauth(400, 'invalid_request', 'Missing required parameter: grant_type')],
    ['an unsupported grant type', oauth(400, 'unsupported_grant_type', 'Invalid grant_type: x')],
    ['the OAuth client', oauth(401, 'invalid_client', 'Unauthorized')],
    ['invalid_client sent with 400', oauth(400, 'invalid_client', 'The OAuth client was not found.')],
    ['a 5xx', oauth(500, 'internal_failure', 'Backend Error')],
    ['a 429', oauth(429, 'rate_limit_exceeded', 'Rate Limit Exceeded')],
    ['a 400 that is not OAuth JSON', { status: 400, body: '<html>Bad Request</html>', retryAfter: null }],
    ['an API error envelope', { status: 400, body: envelope(400, 'badRequest'), retryAfter: null }],
    ['no response', { status: undefined, body: undefined, retryAfter: null, transportError: 'ECONNRESET' }],
  ])('%s is not the caller’s doing: left to classifyGoogleFailure', (_case, failure) => {
    expect(codeExchangeRejection(failure, fromCaller)).toBeUndefined();
  });
});
