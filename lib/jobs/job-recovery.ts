import { inTransaction, type Trx } from '../../db/transaction.js';
import { getConnection } from '../connections/connections.repository.js';
import type { JobParams, JobType } from '../connectors/connector.js';
import { countTasksByStatus } from '../queue/repository/index.js';
import type { Runtime } from '../runtime.js';
import { commandJob, findJobsMissingFollowUp, findJobsToRecover, lockJob, refreshJobProgress } from './backfill-jobs.repository.js';
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
  /**
   * Succeeded jobs whose follow-up is still to start: ended by this pass, or ended elsewhere (a
   * create that found the job done, a resume) or by an invocation killed before it started it.
   */
  followUpsDue: number[];
}

/**
 * The dispatcher's recovery pass (DESIGN.md "Jobs": recovery needs no person). Expired leases
 * are reclaimed by the queue; what is left is the job rows. An active job with no unfinished
 * task, quiet for QUIET_JOB_MS, gets its status recomputed from its tasks — a job whose last
 * tasks finished in an invocation killed before it wrote the job ends now. An active job with
 * no tasks at all (lost, e.g. deleted by hand) is planned again from its config: task keys are
 * stable, so only what is missing is enqueued; one that still gets no task ends `failed`
 * (`no_tasks`). Succeeded jobs whose follow-up never started are listed for the dispatcher.
 */
export async function recoverJobs(runtime: Runtime): Promise<RecoverySummary> {
  const now = runtime.clock.now();
  const quietSince = new Date(now.getTime() - QUIET_JOB_MS);
  const quiet = await findJobsToRecover(runtime.database.db, quietSince, RECOVER_PER_DISPATCH);
  const summary: RecoverySummary = { refreshed: 0, replanned: 0, followUpsDue: [] };
  for (const job of quiet) {
    try {
      const progress = await refreshJobProgress(runtime.database.db, job.id, now);
      summary.refreshed++;
      if (progress.total === 0 && (await replan(runtime, job, now))) summary.replanned++;
    } catch (error) {
      runtime.logger.error('job.recovery_failed', { job_id: job.id, error });
    }
  }
  try {
    summary.followUpsDue = await findJobsMissingFollowUp(runtime.database.db, now, runtime.connectors.enabled(), RECOVER_PER_DISPATCH);
  } catch (error) {
    runtime.logger.error('job.recovery_failed', { error });
  }
  if (quiet.length > 0 || summary.followUpsDue.length > 0) runtime.logger.info('job.recovery', { checked: quiet.length, ...summary });
  return summary;
}

/**
 * Plans a job with no tasks again, under its row lock: a second recovery pass running at the
 * same time waits, then finds the tasks and leaves the job alone. True when it was re-planned.
 */
async function replan(runtime: Runtime, job: JobRecord, now: Date): Promise<boolean> {
  const connection = job.connectionId === null ? undefined : await getConnection(runtime.database.db, job.connectionId);
  const definition = runtime.connectors.enabled().includes(job.platform) ? await runtime.connectors.definition(job.platform) : undefined;
  const outcome = await inTransaction(runtime.database.db, async (trx: Trx) => {
    const status = await lockJob(trx, job.id);
    const counts = await countTasksByStatus(trx, { jobId: job.id });
    if (status === undefined || Object.values(counts).some((n) => n > 0)) return 'left' as const;
    const enqueued =
      connection?.status === 'active' && definition
        ? (await startJob(trx, definition, connection, { type: job.type as JobType, params: paramsFromConfig(job.config), whenActive: 'join' }, now)).enqueued
        : 0;
    if (enqueued > 0) return 'replanned' as const;
    await commandJob(trx, job.id, { to: 'failed', reason: 'no_tasks', from: ['pending', 'running', 'paused'] }, now);
    return 'failed' as const;
  });
  if (outcome === 'replanned') runtime.logger.warn('job.replanned', { job_id: job.id });
  if (outcome === 'failed') runtime.logger.error('job.no_tasks', { job_id: job.id, connection_id: job.connectionId });
  return outcome === 'replanned';
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
  const entities = config['entities'];
  if (Array.isArray(entities) && entities.every((e) => typeof e === 'string')) params.entities = entities;
  return params;
}
