import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Trx } from '../../db/transaction.js';
import type { Connection } from '../connections/connections.repository.js';
import type { JobParams, JobPlan, JobType } from '../connectors/connector.js';
import type { ConnectorDefinition } from '../connectors/live-connectors.js';
import { ConfigError, ValidationError } from '../errors.js';
import { createJobWithTasks, type WhenActive } from './backfill-jobs.repository.js';
import { jobScope } from './job-scope.js';

export interface StartedJob {
  jobId: number | null;
  enqueued: number;
  /** The stale job this one took over. */
  superseded?: number;
  /** The planner's config of the job (e.g. its end date), for answers and logs. */
  config: Record<string, unknown>;
}

/**
 * Plans a job of `type` for one connection with its connector's planner and enqueues it
 * under a `backfill_jobs` row, in the caller's transaction. `force` re-runs tasks that already
 * finished. The platform is whatever the connector is: this code names none.
 */
export async function startJob(
  trx: Trx,
  definition: ConnectorDefinition,
  connection: Connection,
  job: { type: JobType; params: JobParams; whenActive: WhenActive; reviveCancelled?: boolean; keepStale?: boolean },
  now: Date,
): Promise<StartedJob> {
  // Planned without facts: they only shape the estimate, which a preview reports and a create does not keep.
  const plan = planJob(definition, connection, job.type, job.params, now);
  const tasks = plan.tasks.map((task) => ({ ...task, tenantId: connection.tenantId, platform: connection.platform, connectionId: connection.id }));
  const spec = {
    type: job.type,
    tenantId: connection.tenantId,
    platform: connection.platform,
    connectionId: connection.id,
    scope: jobScope({ tenantId: connection.tenantId, platform: connection.platform, accountId: connection.externalAccountId, type: job.type }),
    config: plan.config,
  };
  const created = await createJobWithTasks(trx, spec, tasks, { rerun: job.params.force ?? false, reviveCancelled: job.reviveCancelled ?? false, whenActive: job.whenActive, keepStale: job.keepStale ?? false }, now);
  return { ...created, config: plan.config };
}

/** What the connector's planner of `type` reads from the database before it plans (nothing for most). */
export async function planningFactsOf(db: Kysely<Database>, definition: ConnectorDefinition, connection: Connection, type: JobType): Promise<unknown> {
  return definition.connector.planningFacts?.[type]?.(db, connection);
}

/** Pure: the connector's plan of a job of `type` for one connection (what a create enqueues and a preview reports). */
export function planJob(definition: ConnectorDefinition, connection: Connection, type: JobType, params: JobParams, now: Date, facts?: unknown): JobPlan {
  const planner = definition.connector.planners[type];
  if (!planner) throw new ConfigError(`the ${connection.platform} connector has no "${type}" planner`);
  // Only commerce planners read `entities`: elsewhere it would be dropped, running everything instead.
  const hasEntities = Object.values(definition.connector.taskLabels ?? {}).some((label) => label.entity !== undefined);
  if (params.entities !== undefined && !hasEntities) {
    throw new ValidationError(`entities: ${connection.platform} has no entities to choose from`, [{ path: 'entities', message: `${connection.platform} has no entities` }]);
  }
  return planner({ connection, params, settings: definition.settings, facts }, now);
}
