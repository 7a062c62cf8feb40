import type { Kysely } from 'kysely';
import type { RunResults } from './runs.repository.js';
import type { CheckedPlan } from './plan-check.js';
import { estimatedSeconds } from './phases.js';
import { countRowsToChange, sampleRows } from './target-rows.repository.js';
import { countTargets, listTargets } from './job-targets.repository.js';

/** Rows (or targets) a dry run shows as a sample. */
const SAMPLE_SIZE = 5;

/**
 * The `plan` phase, a dry run that writes nothing: how many rows (or targets) need the backfill,
 * a sample with their values before and after, the batches, and the time the throttle makes it take.
 */
export async function dryRun(db: Kysely<any>, checked: CheckedPlan): Promise<NonNullable<RunResults['plan']>> {
  const perMinute = checked.plan.throttle.per_minute;
  const op = checked.operation;
  if (op.kind === 'sql-update') {
    const rows = await countRowsToChange(db, op);
    const batches = Math.ceil(rows / op.batchSize);
    const sample = (await sampleRows(db, op, SAMPLE_SIZE)).map((row) => ({ key: row.key, before: row.before, after: row.after }));
    return { rows, sample, batches, estimated_seconds: estimatedSeconds(batches, perMinute) };
  }
  const rows = await countTargets(db, op);
  const sample = (await listTargets(db, op, null, SAMPLE_SIZE)).map((target) => ({ connection_id: target.id, platform: target.platform, account_id: target.accountId, tenant_id: target.tenantId }));
  return { rows, sample, batches: rows, estimated_seconds: estimatedSeconds(rows, perMinute) };
}
