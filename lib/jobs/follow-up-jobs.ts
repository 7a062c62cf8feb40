import { inTransaction } from '../../db/transaction.js';
import { getConnection } from '../connections/connections.repository.js';
import type { Runtime } from '../runtime.js';
import { getJob } from './backfill-jobs.repository.js';
import { paramsFromConfig } from './job-recovery.js';
import { startJob } from './start-job.js';

/**
 * When a job succeeds, its connector's follow-up (Connector.followUps: e.g. YouTube's
 * `analytics-generation` after `data-collection`) runs over the same connection and range.
 * Forced, so derived rows are rebuilt even where the range was rebuilt before; joined to a live
 * follow-up job of the scope rather than refused.
 */
export async function startFollowUpJob(runtime: Runtime, jobId: number): Promise<number | null> {
  const job = await getJob(runtime.database.db, jobId);
  if (!job || job.status !== 'succeeded' || job.connectionId === null) return null;
  if (!runtime.connectors.enabled().includes(job.platform)) return null;
  const definition = await runtime.connectors.definition(job.platform);
  const type = definition.connector.followUps?.[job.type as keyof NonNullable<typeof definition.connector.followUps>];
  if (!type) return null;
  const connection = await getConnection(runtime.database.db, job.connectionId);
  if (!connection || connection.status !== 'active') return null;
  const params = { ...paramsFromConfig(job.config), force: true };
  const started = await inTransaction(runtime.database.db, (trx) => startJob(trx, definition, connection, { type, params, whenActive: 'join' }, runtime.clock.now()));
  runtime.logger.info('job.follow_up', { job_id: jobId, follow_up_job_id: started.jobId, type, tasks: started.enqueued });
  return started.jobId;
}
