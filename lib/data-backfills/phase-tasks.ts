import * as z from 'zod';
import { DeadlineReachedError, LeaseLostError, NotReadyError, PermanentError, RateLimitedError } from '../errors.js';
import type { TaskHandler } from '../queue/drain-queue.js';
import type { Runtime } from '../runtime.js';
import { runApply } from './apply.task.js';
import { runHealth } from './health.task.js';
import { failPhase, type PhaseRun } from './phase-steps.js';
import { PHASE_KIND, type PhaseTask } from './phases.js';
import { checkPlan, type CheckedPlan } from './plan-check.js';
import { planSchema } from './plan.schema.js';
import { runRollback } from './rollback.task.js';
import { approvalsOf, getRun } from './runs.repository.js';
import { readSchemaCatalogue } from './schema-catalogue.js';
import { runSoak } from './soak.task.js';

const payloadSchema = z.object({ run_id: z.number().int().positive() }).loose();

const RUNNERS: Record<PhaseTask, (phase: PhaseRun) => Promise<void>> = { apply: runApply, soak: runSoak, health: runHealth, rollback: runRollback };

/** The handler of a data-backfill task kind: loads its run and plan, then runs the phase. */
export function dataBackfillHandler(runtime: Runtime, kind: string): TaskHandler | undefined {
  const phase = (Object.keys(PHASE_KIND) as PhaseTask[]).find((name) => PHASE_KIND[name] === kind);
  if (!phase) return undefined;
  return async (task, context) => {
    if ((context.checkpoint as { finished?: boolean } | null)?.finished) return;
    const payload = payloadSchema.safeParse(task.payload);
    if (!payload.success) throw new PermanentError(`invalid ${kind} payload: ${payload.error.message}`);
    const run = await getRun(runtime.database.db, payload.data.run_id);
    if (!run) throw new PermanentError(`data-backfill run ${payload.data.run_id} no longer exists`);
    // The plan is checked again against the schema as it is now: a column dropped since is a failed phase, not a broken statement.
    let checked: CheckedPlan;
    try {
      checked = checkPlan(planSchema.parse(run.plan), await readSchemaCatalogue(runtime.database.db));
    } catch (error) {
      await failPhase({ runtime, context }, run.id, phase, error instanceof Error ? error.message : String(error));
      return;
    }
    // Nothing runs a phase its approval did not unlock (the queue's `approval` pause is the first
    // guard; this is the second, against any other way the task could come back to the queue).
    if (phase !== 'rollback' && !(await approvalsOf(runtime.database.db, run.id)).some((approval) => approval.phase === phase)) {
      throw new PermanentError(`run ${run.id}'s ${phase} phase was never approved`);
    }
    try {
      await RUNNERS[phase]({ runtime, task, context, run, checked });
    } catch (error) {
      // A failure the queue will not retry (permanent, or the last attempt) ends the phase as
      // failed, so the run never stays `running` with nothing running it: it can be rolled back.
      const lastTry = error instanceof PermanentError || task.attempts >= task.maxAttempts;
      if (!lastTry || error instanceof DeadlineReachedError || error instanceof NotReadyError || error instanceof LeaseLostError || error instanceof RateLimitedError) throw error;
      await failPhase({ runtime, context }, run.id, phase, `the ${phase} stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

