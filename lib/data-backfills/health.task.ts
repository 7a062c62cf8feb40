import { createDatabase } from '../../db/create-database.js';
import { redactDatabaseUrl } from '../../db/database-url.js';
import { createTokenCipher } from '../shared/token-cipher.js';
import { countTargets, listTargets } from './job-targets.repository.js';
import { failPhase, finishPhase, type PhaseRun } from './phase-steps.js';
import type { CheckedPlan } from './plan-check.js';
import type { Plan } from './plan.schema.js';
import { countRowsToChange, nextBatchKeys } from './target-rows.repository.js';

/*
 * Strategy: one read of another database (HEALTH_DATABASE_URL, e.g. production; an approval's
 * database_url overrides it): how many rows (or targets) there still need the backfill, a sample
 * of their keys, and an idempotent mini-plan — the same operation over what still needs it,
 * which changes only rows that still do, so running it twice is running it once.
 */

/** Keys listed in the report: enough to look at, not the whole table. */
const SAMPLE_KEYS = 20;

export async function runHealth(phase: PhaseRun): Promise<void> {
  const { runtime, run, checked, task } = phase;
  const sealed = (task.payload as { database_url_enc?: unknown }).database_url_enc;
  const url = typeof sealed === 'string' && runtime.config.tokenEncryptionKey ? createTokenCipher(runtime.config.tokenEncryptionKey).decrypt(sealed) : runtime.config.healthDatabaseUrl;
  if (!url) return failPhase(phase, run.id, 'health', 'no health database: set HEALTH_DATABASE_URL, or approve health with a database_url (the CLI: --database)');
  let health;
  try {
    health = await createDatabase(url);
  } catch (error) {
    return failPhase(phase, run.id, 'health', `the health database ${redactDatabaseUrl(url)} could not be opened: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const { remaining, sample } = await stillNeeded(health.db, checked);
    const miniPlan = miniPlanOf(checked.plan, remaining);
    const recommendation =
      remaining === 0
        ? 'Nothing left: the health database needs no backfill.'
        : `${remaining} ${checked.operation.kind === 'sql-update' ? 'rows' : 'targets'} still need the backfill there: review prod_mini_backfill_plan.json, then run it as a guarded backfill against that database (it changes only what still needs it, so a second run changes nothing).`;
    await finishPhase(phase, run.id, 'health', { health: { rows_remaining: remaining, sample, mini_plan: miniPlan, recommendation, database: redactDatabaseUrl(url), finished_at: runtime.clock.now().toISOString() } });
  } catch (error) {
    await failPhase(phase, run.id, 'health', `the health check failed on ${redactDatabaseUrl(url)}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await health.destroy();
  }
}

/** What still needs the backfill in `db`: the operation's selection (or the plan's health.where) over rows not holding the new values yet. */
async function stillNeeded(db: Parameters<typeof countRowsToChange>[0], checked: CheckedPlan): Promise<{ remaining: number; sample: unknown[] }> {
  const op = checked.operation;
  if (op.kind === 'sql-update') {
    const selection = { ...op, where: checked.healthWhere ?? op.where };
    return { remaining: await countRowsToChange(db, selection), sample: (await nextBatchKeys(db, selection, null, SAMPLE_KEYS)).keys };
  }
  const selection = { ...op, where: checked.healthWhere ?? op.where };
  return { remaining: await countTargets(db, selection), sample: (await listTargets(db, selection, null, SAMPLE_KEYS)).map((t) => t.id) };
}

/**
 * Pure: the mini-plan: the same operation over what still needs it (the plan's health selection
 * when it names one, as the check counted). It is a plan as `planSchema` takes it (no field of its
 * own: the count it expects is in its description), so it can be posted as it is.
 */
export function miniPlanOf(plan: Plan, remaining: number): Plan | null {
  if (remaining === 0) return null;
  const op = plan.operation;
  const where = plan.health?.where;
  const operation =
    op.kind === 'sql-update'
      ? { ...op, where: where ?? op.where }
      : 'platform' in op.targets && where !== undefined
        ? { ...op, targets: { ...op.targets, where } }
        : op;
  const { soak: _soak, health: _health, ...rest } = plan;
  const unit = op.kind === 'sql-update' ? 'rows' : 'targets';
  return { ...rest, name: `${plan.name}-mini`.slice(0, 64), description: `Mini backfill: what ${plan.name} left in the health database (${remaining} ${unit} when checked).`, operation };
}
