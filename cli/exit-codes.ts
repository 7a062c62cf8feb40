import { AdminApiError, UsageError } from './cli-errors.js';
import type { JobStatus } from './admin-schemas.js';

/** The CLI's exit codes: a contract for scripts (documented in --help and cli/README.md). */
export const EXIT = {
  ok: 0,
  /** Server (5xx), network or unexpected error. */
  failure: 1,
  /** Usage error, or the API refused the request's input (400). */
  usage: 2,
  /** A watched job ended failed or cancelled. */
  jobFailed: 3,
  notFound: 4,
  /** 409: the scope has an active job (`job_active`), or another conflict. */
  conflict: 5,
  unauthorized: 6,
  /** Ctrl-C during watch: the shell's convention, 128 + SIGINT. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for an HTTP error status of the admin API. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.unauthorized;
  if (status === 404) return EXIT.notFound;
  if (status === 409) return EXIT.conflict;
  // A rate limit is not the caller's typing mistake; other 4xx (400, 413, 415, 422) are.
  if (status >= 400 && status < 500 && status !== 429) return EXIT.usage;
  return EXIT.failure;
}

export function exitCodeForError(error: unknown): ExitCode {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof AdminApiError) return exitCodeForStatus(error.status);
  return EXIT.failure;
}

/** After a watch: 0 when every job succeeded, 3 when any ended failed or cancelled. */
export function exitCodeForOutcomes(statuses: readonly JobStatus[]): ExitCode {
  return statuses.some((status) => status === 'failed' || status === 'cancelled') ? EXIT.jobFailed : EXIT.ok;
}
