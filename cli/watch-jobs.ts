/**
 * `jobs watch`: polls until the watched jobs end. With IDs it polls those; without, it lists
 * the active jobs each round (picking up jobs that start meanwhile) and reads each of them,
 * and once more each one that left the list, for its final state: the list's entries carry
 * no per-scope detail. A few network errors or 5xx in a row are
 * waited out (a server restarting under `npm start`); the exit code comes from the outcomes.
 */
import { ACTIVE_JOB_STATUSES, isActiveStatus, type Job } from './admin-schemas.js';
import type { AdminClient, Answer } from './admin-client.js';
import { AdminApiError, ServerUnreachableError } from './cli-errors.js';
import { listAllJobs } from './list-all-jobs.js';

export interface WatchDisplay<T = Job> {
  /** After each poll: the answers polled this round, and the latest state of everything watched. */
  update(polled: readonly Answer<T>[], all: readonly T[]): void;
  stop(): void;
}

export interface WatchOptions {
  /** Empty: every active job. */
  ids: readonly string[];
  intervalMs: number;
  client: Pick<AdminClient, 'getJob' | 'listJobs'>;
  display: WatchDisplay;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Aborted on Ctrl-C: the watch returns at once with `interrupted`. */
  signal?: AbortSignal;
  /** Transient failures in a row before the watch gives up. Default 5. */
  maxConsecutiveFailures?: number;
  onTransientFailure?: (error: unknown, inARow: number) => void;
}

export interface WatchResult {
  /** The last state of every job watched, in the order they were first seen. */
  jobs: Job[];
  interrupted: boolean;
}

export async function watchJobs(options: WatchOptions): Promise<WatchResult> {
  const watched = new Map<string, Job>();
  const maxFailures = options.maxConsecutiveFailures ?? 5;
  let failures = 0;
  const result = (interrupted: boolean): WatchResult => ({ jobs: [...watched.values()], interrupted });
  for (;;) {
    if (options.signal?.aborted) return result(true);
    let finished = false;
    try {
      const round = options.ids.length > 0 ? await pollIds(options, watched) : await pollActive(options, watched);
      failures = 0;
      for (const [key, answer] of round.polled) watched.set(key, answer.value);
      options.display.update(round.polled.map(([, answer]) => answer), [...watched.values()]);
      finished = round.noneListed && [...watched.values()].every((job) => !isActiveStatus(job.status));
    } catch (error) {
      if (!isTransient(error) || ++failures >= maxFailures) throw error;
      options.onTransientFailure?.(error, failures);
    }
    if (finished) return result(false);
    await options.sleep(options.intervalMs, options.signal);
  }
}

interface Round {
  polled: [key: string, answer: Answer<Job>][];
  /** No job is known to be active apart from those polled (always true when watching IDs). */
  noneListed: boolean;
}

async function pollIds(options: WatchOptions, watched: ReadonlyMap<string, Job>): Promise<Round> {
  const due = options.ids.filter((id) => {
    const job = watched.get(id);
    return job === undefined || isActiveStatus(job.status);
  });
  const answers = await Promise.all(due.map((id) => options.client.getJob(id)));
  return { polled: answers.map((answer, index) => [due[index]!, answer]), noneListed: true };
}

async function pollActive(options: WatchOptions, watched: ReadonlyMap<string, Job>): Promise<Round> {
  const listed = await listAllJobs(options.client, { status: ACTIVE_JOB_STATUSES.join(',') });
  const listedKeys = listed.value.jobs.map((job) => String(job.id));
  // A job that left the active list ended (or was never seen ending): one more read gives its final state.
  const left = [...watched].filter(([key, job]) => isActiveStatus(job.status) && !listedKeys.includes(key)).map(([key]) => key);
  // The list is for finding jobs; each job's own answer carries its per-scope detail.
  const keys = [...listedKeys, ...left];
  const answers = await Promise.all(keys.map((key) => options.client.getJob(key)));
  return { polled: answers.map((answer, index) => [keys[index]!, answer]), noneListed: listedKeys.length === 0 };
}

/** Worth waiting out: no answer at all, a 5xx, a 429. A 401 or 404 will not change by itself. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ServerUnreachableError) return true;
  return error instanceof AdminApiError && (error.status >= 500 || error.status === 429);
}

/** A sleep that Ctrl-C cuts short. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
