import { inTransaction } from '../../db/transaction.js';
import { getConnection } from '../connections/connections.repository.js';
import type { JobType } from '../connectors/connector.js';
import { ConfigError, ValidationError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { claimFollowUp, endStartsFollowUp, getJob, recordFollowUp } from './backfill-jobs.repository.js';
import { paramsFromConfig } from './job-recovery.js';
import { startJob } from './start-job.js';

/**
 * When a job ends with work done — succeeded, or failed on some of its tasks — its connector's follow-up (Connector.followUps: e.g. YouTube's
 * `analytics-generation` after `data-collection`) runs over the same connection and range.
 * Forced, so derived rows are rebuilt even where the range was rebuilt before; joined to a live
 * follow-up job of the scope rather than refused. Exactly once per job: the start is claimed on
 * the job row (`follow_up_job_id`) in the transaction that enqueues it, so the dispatch that
 * ended the job and a recovery pass that finds it later cannot both start it, and a crash
 * between the job's end and this leaves it for the recovery pass. A job that needs none (no
 * follow-up declared, its connection gone) is marked so. One whose platform is disabled waits,
 * unclaimed, until it is enabled again. A connection that needs re-authorization gets its
 * follow-up all the same: its tasks wait, paused, for the reconnect, as every task does.
 */
export async function startFollowUpJob(runtime: Runtime, jobId: number): Promise<number | null> {
  const { db } = runtime.database;
  const job = await getJob(db, jobId);
  if (!job || !endStartsFollowUp(job) || !runtime.connectors.enabled().includes(job.platform)) return null;
  let type: JobType | undefined;
  try {
    const definition = await runtime.connectors.definition(job.platform);
    type = definition.connector.followUps?.[job.type as JobType];
    const connection = type && job.connectionId !== null ? await getConnection(db, job.connectionId) : undefined;
    const started = await inTransaction(db, async (trx) => {
      if (!(await claimFollowUp(trx, jobId))) return undefined;
      if (!type || !connection) return null;
      const created = await startJob(trx, definition, connection, { type, params: { ...paramsFromConfig(job.config), force: true }, whenActive: 'join' }, runtime.clock.now());
      if (created.jobId !== null) await recordFollowUp(trx, jobId, created.jobId);
      return created;
    });
    if (!started) return null;
    runtime.logger.info('job.follow_up', { job_id: jobId, follow_up_job_id: started.jobId, type, tasks: started.enqueued });
    return started.jobId;
  } catch (error) {
    // A plan its planner refuses will not get better by retrying: marked done, and said loudly.
    // Anything else (the database, a module that failed to load) is left for the next pass.
    if (!(error instanceof ValidationError || error instanceof ConfigError)) throw error;
    await inTransaction(db, (trx) => claimFollowUp(trx, jobId));
    runtime.logger.error('job.follow_up_refused', { job_id: jobId, type, error });
    return null;
  }
}
