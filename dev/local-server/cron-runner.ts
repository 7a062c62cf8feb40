/**
 * Runs the `vercel.json` crons locally the way Vercel runs them
 * (https://vercel.com/docs/cron-jobs/manage-cron-jobs): on their schedule in UTC, as an HTTP
 * GET to the function's path with `User-Agent: vercel-cron/1.0` and
 * `Authorization: Bearer $CRON_SECRET`. Each run logs one `cron.run` event with the
 * function's JSON answer. A run still going when its next time comes is skipped rather than
 * stacked.
 */
import { Cron } from 'croner';
import type { Logger } from '../../lib/shared/logger.js';
import { callApi } from './api-client.js';
import type { VercelCron } from '../../scripts/vercel-output/vercel-json.js';

export const CRON_USER_AGENT = 'vercel-cron/1.0';

export interface CronRun {
  path: string;
  status: number;
  durationMs: number;
  /** The parsed JSON answer, or the raw text when it was not JSON. */
  body: unknown;
}

export interface CronRunner {
  /** Runs one cron's call now (as Vercel's "Run" button does) and logs it like a scheduled run. */
  trigger(path: string): Promise<CronRun>;
  /** Stops the schedules, aborts calls in flight and waits for them to settle. */
  stop(): Promise<void>;
}

export interface CronRunnerOptions {
  baseUrl: string;
  crons: readonly VercelCron[];
  cronSecret: string | undefined;
  /** Whether to schedule the crons; `trigger` works either way. */
  schedule: boolean;
  logger: Logger;
}

export function startCronRunner(options: CronRunnerOptions): CronRunner {
  const abort = new AbortController();
  const inFlight = new Set<Promise<unknown>>();

  async function call(path: string): Promise<CronRun> {
    const started = performance.now();
    const answer = await callApi(options.baseUrl, path, {
      method: 'GET',
      headers: { 'user-agent': CRON_USER_AGENT },
      ...(options.cronSecret ? { bearer: options.cronSecret } : {}),
      signal: abort.signal,
    });
    return { path, ...answer, durationMs: Math.round(performance.now() - started) };
  }

  function run(path: string): Promise<CronRun> {
    const running = call(path).then(
      (result) => {
        const log = result.status < 500 ? options.logger.info : options.logger.warn;
        log('cron.run', { method: 'GET', path, status: result.status, duration_ms: result.durationMs, body: result.body });
        return result;
      },
      (error: unknown) => {
        if (!abort.signal.aborted) options.logger.error('cron.failed', { method: 'GET', path, error });
        throw error;
      },
    );
    inFlight.add(running);
    void running.catch(() => {}).finally(() => inFlight.delete(running));
    return running;
  }

  const jobs = options.schedule
    ? options.crons.map(
        (cron) =>
          new Cron(cron.schedule, { timezone: 'UTC', protect: true }, async () => {
            await run(cron.path).catch(() => {}); // already logged; the next tick tries again
          }),
      )
    : [];

  return {
    trigger: (path) => run(path),
    async stop() {
      for (const job of jobs) job.stop();
      abort.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}
