/**
 * A few typed errors, grouped by who must act. HTTP statuses are chosen only at the edge
 * (`api/_lib/http.ts`); the queue's retry decisions are made from the task-error classes.
 */

interface ErrorOptions {
  cause?: unknown;
}

// ── The caller must act (4xx at the edge) ───────────────────────────────────────────────

/** Input was malformed or out of range. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly issues: readonly { path: string; message: string }[];
  constructor(message: string, issues: readonly { path: string; message: string }[] = [], options?: ErrorOptions) {
    super(message, options);
    this.issues = issues;
  }
}

/** A data-backfill plan that cannot run: its field named first in the message (DESIGN.md: 400 `invalid_plan`). */
export class InvalidPlanError extends ValidationError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, [{ path: message.split(':')[0] ?? 'plan', message }], options);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** The request conflicts with current state (e.g. a connection that needs re-authorization). */
export class ConflictError extends Error {
  override readonly name: string = 'ConflictError';
}

export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

// ── The operator must act ───────────────────────────────────────────────────────────────

/** Configuration is missing or wrong; raised at start-up, never swallowed. */
export { ConfigError } from '../db/config-error.js';

// ── Task failures: the queue decides (see lib/queue/retry-decision.ts) ───────────────────

/** Transient (network, 5xx, timeout): retry with backoff, spending an attempt. */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
}

/** 429 or an exhausted quota: run again at `retryAt` without spending an attempt. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  readonly retryAt: Date;
  constructor(message: string, retryAt: Date, options?: ErrorOptions) {
    super(message, options);
    this.retryAt = retryAt;
  }
}

/**
 * A budget limit that no wait can satisfy (a daily quota or backfill share of 0, a call bigger
 * than the quota): the task is paused (`pause_reason` `budget`) until a person raises the limit.
 */
export class BudgetBlockedError extends Error {
  override readonly name = 'BudgetBlockedError';
}

/** The account's authorization is gone (401 after refresh, invalid_grant): the user must reconnect. */
export class ReauthRequiredError extends Error {
  override readonly name = 'ReauthRequiredError';
}

/**
 * The API rejected the access token (HTTP 401): the token session refreshes once and repeats
 * the call; a second rejection means the account needs re-authorization.
 */
export class AccessTokenRejectedError extends Error {
  override readonly name = 'AccessTokenRejectedError';
}

/** The invocation's time ran out mid-task: run again at once, without spending an attempt. */
export class DeadlineReachedError extends Error {
  override readonly name = 'DeadlineReachedError';
}

/**
 * The task must wait for another to end first (a commerce entity for the one before it): run
 * again at `retryAt` (or as soon as the other ends), without spending an attempt.
 */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
  readonly retryAt: Date;
  constructor(message: string, retryAt: Date, options?: ErrorOptions) {
    super(message, options);
    this.retryAt = retryAt;
  }
}

/**
 * The task stopped for a person to look before it goes on (a write job whose refusals reached
 * its limit): paused with its job (`pause_reason` `job`), so resuming the job resumes it.
 */
export class AwaitingReviewError extends Error {
  override readonly name = 'AwaitingReviewError';
}

/** The request can never succeed as sent (400): dead at once. */
export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';
}

/** A job of the same scope is active (DESIGN.md: one active job per scope); names it. */
export class JobActiveError extends ConflictError {
  override readonly name = 'JobActiveError';
  readonly jobId: number;
  constructor(message: string, jobId: number, options?: ErrorOptions) {
    super(message, options);
    this.jobId = jobId;
  }
}

/**
 * The grant covers several accounts and the caller named none (a Printify token with several
 * shops): a 409 listing them; the caller repeats the request naming one.
 */
export class AccountChoiceRequiredError extends ConflictError {
  override readonly name = 'AccountChoiceRequiredError';
  readonly choices: readonly { account_id: string; display_name: string | null }[];
  constructor(message: string, choices: readonly { account_id: string; display_name: string | null }[], options?: ErrorOptions) {
    super(message, options);
    this.choices = choices;
  }
}

/**
 * The task's lease moved on while it ran (it expired and another worker claimed the task):
 * this run must stop, and the step it was committing is rolled back with it.
 */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}
