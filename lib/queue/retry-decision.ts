import type { PauseReason } from '../../db/tables/job-tasks.table.js';
import {
  AwaitingReviewError,
  BudgetBlockedError,
  ConfigError,
  DeadlineReachedError,
  LeaseLostError,
  NotReadyError,
  PermanentError,
  RateLimitedError,
  ReauthRequiredError,
  RetryableError,
} from '../errors.js';
import { retryDelayMs, type BackoffPolicy, DEFAULT_BACKOFF } from './backoff.js';

/** What to do with a task whose attempt threw: a decision as data, applied by the queue. */
export type RetryDecision =
  | { action: 'retry'; runAfter: Date; reason: string }
  | { action: 'reschedule'; runAfter: Date; reason: string }
  /** Paused until the event `pauseReason` names: a reconnect, a person raising a budget limit, or resuming the job. */
  | { action: 'park'; reason: string; pauseReason: PauseReason }
  | { action: 'dead'; reason: string };

export interface AttemptFacts {
  /** Attempts spent including the one that just failed. */
  attempts: number;
  maxAttempts: number;
}

/**
 * Classifies a failure: rate limits and quotas reschedule for their reset time without
 * spending an attempt, and so does running out of invocation time (at once) or a
 * configuration problem (in 5 minutes: the operator must act, the task must not die of it);
 * lost authorization parks the task until the account is reconnected, a budget limit only a
 * person can raise parks it until they do; permanent errors are
 * dead at once; anything else (network, 5xx, timeouts, bugs) retries with jittered backoff
 * until `maxAttempts`, then is dead with the reason.
 */
export function decideRetry(
  error: unknown,
  task: AttemptFacts,
  now: Date,
  random: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): RetryDecision {
  const reason = describe(error);
  if (error instanceof RateLimitedError) {
    const runAfter = error.retryAt > now ? error.retryAt : now;
    return { action: 'reschedule', runAfter, reason };
  }
  if (error instanceof NotReadyError) return { action: 'reschedule', runAfter: error.retryAt > now ? error.retryAt : now, reason };
  if (error instanceof DeadlineReachedError) return { action: 'reschedule', runAfter: now, reason };
  // Another worker owns the task now; the finish is refused anyway (lease-lost), nothing to spend.
  if (error instanceof LeaseLostError) return { action: 'reschedule', runAfter: now, reason };
  if (error instanceof ConfigError) return { action: 'reschedule', runAfter: new Date(now.getTime() + CONFIG_RETRY_MS), reason };
  if (error instanceof ReauthRequiredError) return { action: 'park', reason, pauseReason: 'reauth' };
  if (error instanceof BudgetBlockedError) return { action: 'park', reason, pauseReason: 'budget' };
  if (error instanceof AwaitingReviewError) return { action: 'park', reason, pauseReason: 'job' };
  if (error instanceof PermanentError) return { action: 'dead', reason };
  if (task.attempts >= task.maxAttempts) {
    return { action: 'dead', reason: `gave up after ${task.attempts} attempts: ${reason}` };
  }
  const unknown = !(error instanceof RetryableError);
  return {
    action: 'retry',
    runAfter: new Date(now.getTime() + retryDelayMs(task.attempts, random, policy)),
    reason: unknown ? `unexpected: ${reason}` : reason,
  };
}

const MAX_REASON_LENGTH = 2_000;
const CONFIG_RETRY_MS = 5 * 60_000;

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH)}…` : text;
}
