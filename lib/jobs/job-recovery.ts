import { inTransaction } from '../../db/transaction.js';
import { getConnection } from '../connections/connections.repository.js';
import type { JobParams, JobType } from '../connectors/connector.js';
import type { Runtime } from '../runtime.js';
import { commandJob, findJobsToRecover, refreshJobProgress } from './backfill-jobs.repository.js';
import type { JobRecord } from './job-record.js';
import { startJob } from './start-job.js';

/** An active job with nothing unfinished and this quiet is recovered (a live dispatch writes its end within a second). */
export const QUIET_JOB_MS = 2 * 60_000;
const RECOVER_PER_DISPATCH = 20;

export interface RecoverySummary {
  /** Jobs whose status was written from their tasks (a crash had lost that write). */
  refreshed: number;
  /** Jobs that had no tasks left and were planned again from their stored config. */
  replanned: number;
  /** Jobs this pass ended `succeeded`: the report that would have started their follow-ups was lost with the write. */
  succeeded: number[];
}

/**
 * The dispatcher's recovery pass (DESIGN.md "Jobs": recovery needs no person). Expired leases
 * are reclaimed by the queue; what is left is the job rows. An active job with no unfinished
 * task, quiet for QUIET_JOB_MS, gets its status recomputed from its tasks — a job whose last
 * tasks finished in an invocation killed before it wrote the job ends now. An active job with no tasks at all
 * (lost, e.g. deleted by hand) is planned again from its config: task keys are stable, so only
 * what is missing is enqueued. One that still gets no task ends `failed` (`no_tasks`).
 */
export async function recoverJobs(runtime: Runtime): Promise<RecoverySummary> {
  const now = runtime.clock.now();
  const quiet = await findJobsToRecover(runtime.database.db, new Date(now.getTime() - QUIET_JOB_MS), RECOVER_PER_DISPATCH);
  const summary: RecoverySummary = { refreshed: 0, replanned: 0, succeeded: [] };
  for (const job of quiet) {
    try {
      const progress = await refreshJobProgress(runtime.database.db, job.id, now);
      summary.refreshed++;
      if (progress.status === 'succeeded' && progress.previous !== 'succeeded') summary.succeeded.push(job.id);
      if (progress.total === 0) {
        await replan(runtime, job, now);
        summary.replanned++;
      }
    } catch (error) {
      runtime.logger.error('job.recovery_failed', { job_id: job.id, error });
    }
  }
  if (quiet.length > 0) runtime.logger.info('job.recovery', { checked: quiet.length, ...summary });
  return summary;
}

async function replan(runtime: Runtime, job: JobRecord, now: Date): Promise<void> {
  const connection = job.connectionId === null ? undefined : await getConnection(runtime.database.db, job.connectionId);
  const enabled = runtime.connectors.enabled().includes(job.platform);
  let enqueued = 0;
  if (connection && enabled) {
    const definition = await runtime.connectors.definition(job.platform);
    const started = await inTransaction(runtime.database.db, (trx) =>
      startJob(trx, definition, connection, { type: job.type as JobType, params: paramsFromConfig(job.config), whenActive: 'join' }, now),
    );
    enqueued = started.enqueued;
  }
  if (enqueued > 0) {
    runtime.logger.warn('job.replanned', { job_id: job.id, enqueued });
    return;
  }
  await inTransaction(runtime.database.db, (trx) => commandJob(trx, job.id, { to: 'failed', reason: 'no_tasks', from: ['pending', 'running', 'paused'] }, now));
  runtime.logger.error('job.no_tasks', { job_id: job.id, connection_id: job.connectionId });
}

/** Pure: a job's planner parameters as its stored config records them (planners write `start_date`, `end_date`, `days`). */
export function paramsFromConfig(config: Record<string, unknown>): JobParams {
  const params: JobParams = {};
  if (typeof config['start_date'] === 'string' && typeof config['end_date'] === 'string') {
    params.startDate = config['start_date'];
    params.endDate = config['end_date'];
  } else if (typeof config['days'] === 'number') {
    params.days = config['days'];
  }
  return params;
}
