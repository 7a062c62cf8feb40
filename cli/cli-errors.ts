/**
 * What can go wrong in a CLI run, grouped by what the exit code must say (exit-codes.ts):
 * the operator typed something wrong, the API refused, the server could not be reached, or
 * it answered something this CLI does not understand.
 */

/** Bad arguments: exit 2 with a pointer to the command's help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The command whose help explains the mistake, e.g. `jobs create`; empty for the top level. */
  readonly command: string;
  constructor(message: string, command = '') {
    super(message);
    this.command = command;
  }
}

export interface ApiIssue {
  path: string;
  message: string;
}

/** A non-2xx answer `{error: {code, message, …}}` from the admin API. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  readonly status: number;
  readonly code: string;
  /** 400 `invalid_request`: each field the server refused. */
  readonly issues: readonly ApiIssue[];
  /** 409 `job_active`: the job holding the scope. */
  readonly jobId: string | undefined;
  /** The answer's body as sent (parsed JSON, or the text when it was not JSON), for `--json`. */
  readonly body: unknown;
  constructor(status: number, code: string, message: string, details: { issues?: readonly ApiIssue[]; jobId?: string; body?: unknown } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = details.issues ?? [];
    this.jobId = details.jobId;
    this.body = details.body;
  }
}

/** No HTTP answer at all: connection refused, DNS, timeout. */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';
  readonly url: string;
  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(`cannot reach ${url}: ${reason}`, options);
    this.url = url;
  }
}

/** A 2xx answer that is not the shape of the contract (another server on that port, a version skew). */
export class UnexpectedAnswerError extends Error {
  override readonly name = 'UnexpectedAnswerError';
}
