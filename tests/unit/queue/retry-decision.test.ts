import { describe, expect, it } from '@jest/globals';
import { AwaitingReviewError, BudgetBlockedError, LeaseLostError, PermanentError, RateLimitedError, ReauthRequiredError, RetryableError } from '../../../lib/errors.js';
import { decideRetry } from '../../../lib/queue/retry-decision.js';

const now = new Date('2026-11-22T10:00:00.000Z');
const policy = { baseMs: 1_000, maxMs: 60_000 };

describe('decideRetry', () => {
  it('retries transient errors with backoff while attempts remain', () => {
    const decision = decideRetry(new RetryableError('503 backendError'), { attempts: 2, maxAttempts: 5 }, now, 0, policy);
    expect(decision).toEqual({ action: 'retry', runAfter: new Date(now.getTime() + 1_000), reason: 'RetryableError: 503 backendError' });
  });

  it('is dead with the reason once attempts are exhausted', () => {
    const decision = decideRetry(new RetryableError('timeout'), { attempts: 5, maxAttempts: 5 }, now, 0, policy);
    expect(decision).toEqual({ action: 'dead', reason: 'gave up after 5 attempts: RetryableError: timeout' });
  });

  it('reschedules rate limits at their reset time, whatever the attempts', () => {
    const retryAt = new Date(now.getTime() + 30_000);
    const decision = decideRetry(new RateLimitedError('429', retryAt), { attempts: 5, maxAttempts: 5 }, now, 0.5, policy);
    expect(decision).toEqual({ action: 'reschedule', runAfter: retryAt, reason: 'RateLimitedError: 429' });
  });

  it('never reschedules into the past', () => {
    const decision = decideRetry(new RateLimitedError('429', new Date(0)), { attempts: 1, maxAttempts: 5 }, now, 0, policy);
    expect(decision).toMatchObject({ action: 'reschedule', runAfter: now });
  });

  it('a run whose lease was taken spends nothing: another worker owns the task', () => {
    expect(decideRetry(new LeaseLostError('taken'), { attempts: 5, maxAttempts: 5 }, now, 0.5)).toMatchObject({ action: 'reschedule', runAfter: now });
  });

  it('parks tasks whose account needs re-authorization', () => {
    expect(decideRetry(new ReauthRequiredError('invalid_grant'), { attempts: 1, maxAttempts: 5 }, now, 0, policy)).toEqual({
      action: 'park',
      reason: 'ReauthRequiredError: invalid_grant',
      pauseReason: 'reauth',
    });
  });

  it('parks tasks a budget limit blocks until a person raises it, whatever attempts are left', () => {
    expect(decideRetry(new BudgetBlockedError('backfill share 0'), { attempts: 5, maxAttempts: 5 }, now, 0, policy)).toEqual({
      action: 'park',
      reason: 'BudgetBlockedError: backfill share 0',
      pauseReason: 'budget',
    });
  });

  it('parks a task that stopped for a person to review with its job, so resuming the job resumes it', () => {
    expect(decideRetry(new AwaitingReviewError('10 writes refused'), { attempts: 5, maxAttempts: 5 }, now, 0, policy)).toEqual({
      action: 'park',
      reason: 'AwaitingReviewError: 10 writes refused',
      pauseReason: 'job',
    });
  });

  it('is dead at once on permanent errors', () => {
    expect(decideRetry(new PermanentError('400 badRequest'), { attempts: 1, maxAttempts: 5 }, now, 0, policy)).toEqual({
      action: 'dead',
      reason: 'PermanentError: 400 badRequest',
    });
  });

  it('retries unexpected errors but says so', () => {
    const decision = decideRetry(new TypeError('x is undefined'), { attempts: 1, maxAttempts: 5 }, now, 0, policy);
    expect(decision).toMatchObject({ action: 'retry', reason: 'unexpected: TypeError: x is undefined' });
  });
});
