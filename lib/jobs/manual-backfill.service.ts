import { inTransaction } from '../../db/transaction.js';
import { listConnections } from '../connections/connections.repository.js';
import type { JobParams } from '../connectors/connector.js';
import { ConflictError, JobActiveError, NotFoundError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { startJob } from './start-job.js';

export interface ManualBackfillInput {
  tenantId: string;
  platform: string;
  /** The connection's `external_account_id`; every connection of the tenant when absent. */
  accountId?: string;
  params: JobParams;
}

/**
 * `POST /api/jobs/backfill/dispatch`: a `data-collection` job per matching connection, without
 * redoing OAuth. Tasks already queued or running are left alone; finished ones are skipped
 * unless `force`. A connection that needs re-authorization, or whose backfill is still
 * active, is listed in `skipped` with the reason.
 */
export async function enqueueManualBackfill(runtime: Runtime, input: ManualBackfillInput) {
  if (!runtime.connectors.enabled().includes(input.platform)) throw new ConflictError(`the ${input.platform} connector is not enabled on this deployment (CONNECTORS)`);
  const definition = await runtime.connectors.definition(input.platform);
  const alias = definition.connector.accountIdAlias;
  const account = (accountId: string): Record<string, unknown> => ({ account_id: accountId, ...(alias ? { [alias]: accountId } : {}) });
  const connections = (await listConnections(runtime.database.db, { platform: input.platform, tenantId: input.tenantId })).filter(
    (c) => input.accountId === undefined || c.externalAccountId === input.accountId,
  );
  const target = input.accountId ? `account ${input.accountId} of tenant ${input.tenantId}` : `tenant ${input.tenantId}`;
  if (connections.length === 0) throw new NotFoundError(`no ${input.platform} connection for ${target}`);
  const active = connections.filter((c) => c.status === 'active');
  if (active.length === 0) throw new ConflictError(`the ${input.platform} connection for ${target} needs re-authorization: reconnect it through OAuth first`);
  const jobs: Record<string, unknown>[] = [];
  let backfillEnqueued = 0;
  const skipped: Record<string, unknown>[] = connections.filter((c) => c.status !== 'active').map((c) => ({ ...account(c.externalAccountId), reason: `connection is ${c.status}` }));
  for (const connection of active) {
    try {
      const started = await inTransaction(runtime.database.db, (trx) =>
        startJob(trx, definition, connection, { type: 'data-collection', params: input.params, whenActive: 'reject', reviveCancelled: true }, runtime.clock.now()),
      );
      jobs.push({ ...account(connection.externalAccountId), job_id: started.jobId, enqueued: started.enqueued });
      backfillEnqueued += started.enqueued;
    } catch (error) {
      if (!(error instanceof JobActiveError)) throw error;
      skipped.push({ ...account(connection.externalAccountId), reason: 'already_running', job_id: error.jobId });
    }
  }
  return { backfill_enqueued: backfillEnqueued, jobs, skipped };
}
