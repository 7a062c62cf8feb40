import { describe, expect, it } from '@jest/globals';
import { AccessTokenRejectedError, PermanentError, RateLimitedError, RetryableError } from '../../../../lib/errors.js';
import { classifyHttpFailure, rateLimitedFor, retryAfterMs } from '../../../../lib/connectors/http/classify-http-failure.js';

const now = new Date('2026-11-22T12:00:00Z');
const failure = (status: number | undefined, retryAfter: string | null = null) => ({ status, retryAfter, description: `${status ?? 'network'}: boom` });

describe('classifyHttpFailure (the ladder every connector falls back to)', () => {
  it.each([
    [undefined, RetryableError],
    [408, RetryableError],
    [500, RetryableError],
    [503, RetryableError],
    [401, AccessTokenRejectedError],
    [429, RateLimitedError],
    [400, PermanentError],
    [403, PermanentError],
    [404, PermanentError],
  ])('status %s → %p', (status, type) => {
    expect(classifyHttpFailure(failure(status), now)).toBeInstanceOf(type);
  });

  it('a 5xx that carries Retry-After waits for it instead of being retried', () => {
    const error = classifyHttpFailure(failure(503, '120'), now);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAt.getTime() - now.getTime()).toBe(120_000);
  });

  it('a network failure says it had no response', () => {
    expect(classifyHttpFailure({ status: undefined, retryAfter: null, description: 'ECONNRESET' }, now).message).toBe('request failed: ECONNRESET');
  });

  it('429 waits for Retry-After, seconds or an HTTP date, else 30 s', () => {
    expect((classifyHttpFailure(failure(429, '12'), now) as RateLimitedError).retryAt.getTime() - now.getTime()).toBe(12_000);
    expect((classifyHttpFailure(failure(429, 'Sun, 22 Nov 2026 12:02:00 GMT'), now) as RateLimitedError).retryAt.getTime() - now.getTime()).toBe(120_000);
    expect((classifyHttpFailure(failure(429), now) as RateLimitedError).retryAt.getTime() - now.getTime()).toBe(30_000);
    expect(rateLimitedFor({ retryAfter: '1' }, now, 'slow down').message).toBe('slow down');
  });

  it('a Retry-After of 0 or a date already past still waits a second (no tight loop)', () => {
    expect(retryAfterMs('Sun, 22 Nov 2026 11:00:00 GMT', now)).toBe(1_000);
    expect(retryAfterMs('0', now)).toBe(1_000);
  });
});
