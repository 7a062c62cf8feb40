import { DeadlineReachedError, RetryableError } from '../../errors.js';
import { retryDelayMs, type BackoffPolicy } from '../../queue/backoff.js';
import type { Clock } from '../../shared/clock.js';

/** A few quick tries inside the task: a lone 5xx or timeout should not fail a whole task. */
export const CALL_RETRY = { retries: 3, backoff: { baseMs: 500, maxMs: 4_000 } satisfies BackoffPolicy };

export interface RetryTransientOptions {
  /** No retry starts if its wait would reach the invocation's deadline. */
  deadline: Date;
  clock: Clock;
  random: () => number;
  sleep?: (ms: number) => Promise<void>;
  policy?: typeof CALL_RETRY;
}

/**
 * Runs one platform call, retrying a transient failure (network, 5xx, timeout:
 * RetryableError) up to `retries` times with jittered exponential backoff, inside the
 * invocation's deadline. Anything else — a rate limit or quota (rescheduled by the queue
 * without spending an attempt), lost authorization, a permanent error — goes straight to the
 * caller, and so does the last transient failure: then the task fails and the queue decides.
 * Each try goes through the client, so through its rate limiter: retries spend the budget.
 */
export async function retryTransient<T>(run: () => Promise<T>, options: RetryTransientOptions): Promise<T> {
  const policy = options.policy ?? CALL_RETRY;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let retry = 1; ; retry++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof RetryableError) || retry > policy.retries) throw error;
      const wait = retryDelayMs(retry, options.random(), policy.backoff);
      // Out of time, not out of tries: the task resumes next invocation without spending an attempt.
      if (options.clock.now().getTime() + wait >= options.deadline.getTime()) {
        throw new DeadlineReachedError(`no time left to retry before the deadline: ${error.message}`, { cause: error });
      }
      await sleep(wait);
    }
  }
}
