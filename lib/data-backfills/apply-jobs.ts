import { getConnection } from '../connections/connections.repository.js';
import type { JobParams, JobType } from '../connectors/connector.js';
import { activeJobOf } from '../jobs/backfill-jobs.repository.js';
import { jobScope } from '../jobs/job-scope.js';
import { planJob, startJob } from '../jobs/start-job.js';
import { ValidationError } from '../errors.js';
import type { ApplyCheckpoint } from './apply.task.js';
import { insertBatch } from './batches.repository.js';
import { listTargets } from './job-targets.repository.js';
import type { PhaseRun } from './phase-steps.js';
import type { CheckedSluiceJob } from './plan-check.js';

/*
 * A `sluice-job` plan's apply: one target (an active connection, in id order) a batch, its job
 * created in the batch's own transaction with the log and the checkpoint (the connection id
 * cursor), so a crash never starts a target's job twice. A target whose scope already has an
 * active job of that type is skipped and logged (the job that holds it runs anyway).
 */
export async function applyJobBatch(phase: PhaseRun, op: CheckedSluiceJob, at: ApplyCheckpoint): Promise<ApplyCheckpoint | null> {
  const { runtime, run } = phase;
  const { db } = runtime.database;
  const started = runtime.clock.now();
  const afterId = at.last_key === null ? null : Number(at.last_key[0]);
  const [target] = await listTargets(db, op, afterId, 1);
  if (!target) return null;
  const next: ApplyCheckpoint = { v: 1, batch_no: at.batch_no + 1, last_key: [target.id] };
  const connection = await getConnection(db, target.id);
  const enabled = runtime.connectors.enabled().includes(target.platform);
  const definition = enabled ? await runtime.connectors.definition(target.platform) : undefined;
  await phase.context.commitStep(async (trx) => {
    const now = runtime.clock.now();
    let outcome: string;
    let changed = 0;
    if (!connection || !definition) outcome = `skipped: ${definition ? 'connection gone' : `the ${target.platform} connector is not enabled`}`;
    else if (!definition.connector.planners[op.job.type]) outcome = `skipped: ${target.platform} has no ${op.job.type} jobs`;
    else {
      const scope = jobScope({ tenantId: connection.tenantId, platform: connection.platform, accountId: connection.externalAccountId, type: op.job.type });
      const active = await activeJobOf(trx, scope);
      const job = { type: op.job.type as JobType, params: jobParams(op), whenActive: 'reject' as const, reviveCancelled: true };
      // The connector's planner refusing this target's job (a range past its latest report day)
      // is that target's outcome, logged: retrying would refuse again. Planning is pure and runs
      // before startJob writes anything.
      const refusal = refusedPlan(() => planJob(definition, connection, job.type, job.params, now));
      if (active !== undefined) outcome = `skipped: job ${active} is active for ${scope}`;
      else if (refusal !== null) outcome = `refused: ${refusal}`;
      else {
        const started = await startJob(trx, definition, connection, job, now);
        outcome = started.jobId === null ? 'skipped: nothing to run (every task done; set force)' : `job ${started.jobId}`;
        changed = started.jobId === null ? 0 : 1;
      }
    }
    await insertBatch(trx, run.id, {
      action: 'apply',
      batchNo: next.batch_no,
      firstKey: [target.id],
      lastKey: [target.id],
      rowsSelected: 1,
      rowsChanged: changed,
      conflicts: 0,
      outcome,
      startedAt: started,
      finishedAt: now,
      durationMs: now.getTime() - started.getTime(),
    });
  }, next);
  return next;
}

function jobParams(op: CheckedSluiceJob): JobParams {
  const job = op.job;
  return {
    ...(job.days === undefined ? {} : { days: job.days }),
    ...(job.start_date === undefined ? {} : { startDate: job.start_date }),
    ...(job.end_date === undefined ? {} : { endDate: job.end_date }),
    ...(job.entities === undefined ? {} : { entities: job.entities }),
    force: job.force ?? false,
  };
}

/** Why the planner refuses the job (its ValidationError's message), or null when it plans it. */
function refusedPlan(plan: () => unknown): string | null {
  try {
    plan();
    return null;
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
}
