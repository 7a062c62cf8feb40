import type { Phase } from '../../db/tables/data-backfills.table.js';
import { inTransaction, type Trx } from '../../db/transaction.js';
import { DeadlineReachedError, NotReadyError, PermanentError } from '../errors.js';
import type { TaskContext } from '../queue/drain-queue.js';
import type { Task } from '../queue/repository/index.js';
import type { Runtime } from '../runtime.js';
import { enqueuePhase } from './data-backfills.service.js';
import { phaseAfter, retriable, type PhaseTask } from './phases.js';
import type { CheckedPlan } from './plan-check.js';
import { planSchema } from './plan.schema.js';
import { lockRun, updateRun, type Run, type RunResults } from './runs.repository.js';

/** What a phase's run gets: the run, its plan checked against the schema as it is now, and the queue's context. */
export interface PhaseRun {
  runtime: Runtime;
  task: Task;
  context: TaskContext;
  run: Run;
  checked: CheckedPlan;
}

/** The last step of every phase: a re-run after it (a crash before the queue recorded the end) does nothing. */
export const FINISHED = { finished: true } as const;

/**
 * Ends a phase in the step that commits its last work: its results stored, then the run halts for
 * the next phase's approval (its task queued, paused `approval`), or completes after the last.
 */
export async function finishPhase(phase: Pick<PhaseRun, 'runtime' | 'context'>, runId: number, name: Phase | 'rollback', results: Partial<RunResults>, write?: (trx: Trx) => Promise<void>): Promise<void> {
  const now = phase.runtime.clock.now();
  await phase.context.commitStep(async (trx) => {
    await write?.(trx);
    const run = await lockRun(trx, runId);
    if (!run) throw new PermanentError(`data-backfill run ${runId} no longer exists`);
    const merged = { ...run.results, ...results };
    const next = name === 'rollback' ? null : phaseAfter(planSchema.parse(run.plan), name);
    if (next === null) {
      await updateRun(trx, runId, { status: 'completed', phase: name, nextPhase: null, results: merged }, now);
      return;
    }
    await enqueuePhase(trx, run, next as PhaseTask, now);
    await updateRun(trx, runId, { status: 'awaiting_approval', phase: name, nextPhase: next, results: merged }, now);
  }, FINISHED);
  phase.runtime.logger.info('data_backfill.phase_done', { run_id: runId, phase: name });
}

/** Ends a phase as failed: the run halts with why; approving the next phase needs an override_reason. */
export async function failPhase(phase: Pick<PhaseRun, 'runtime' | 'context'>, runId: number, name: Phase | 'rollback', message: string, results: Partial<RunResults> = {}): Promise<void> {
  const now = phase.runtime.clock.now();
  await phase.context.commitStep(async (trx) => {
    const run = await lockRun(trx, runId);
    if (!run) throw new PermanentError(`data-backfill run ${runId} no longer exists`);
    // A health check that could not run (no database, one that would not open) may be approved
    // again, e.g. with the database it lacked; any other failed phase is approved past, with a reason.
    const next = name === 'rollback' ? null : retriable(name) ? name : phaseAfter(planSchema.parse(run.plan), name);
    if (next !== null) await enqueuePhase(trx, run, next as PhaseTask, now);
    await updateRun(trx, runId, { status: 'failed', phase: name, nextPhase: next, results: { ...run.results, ...results, failure: { phase: name, message } } }, now);
  }, FINISHED);
  phase.runtime.logger.warn('data_backfill.phase_failed', { run_id: runId, phase: name, message });
}

/** Stores the run's progress for its view, outside the step (a view that lags a step is harmless). */
export async function storeProgress(runtime: Runtime, runId: number, results: Partial<RunResults>): Promise<void> {
  await inTransaction(runtime.database.db, async (trx) => {
    const run = await lockRun(trx, runId);
    if (run) await updateRun(trx, runId, { results: { ...run.results, ...results } }, runtime.clock.now());
  });
}

/**
 * Waits for the throttle's next slot: in this invocation when it comes before the deadline,
 * otherwise the task is rescheduled for it (NotReadyError: no attempt spent).
 */
export async function waitForSlot(phase: Pick<PhaseRun, 'runtime' | 'context'>, at: Date): Promise<void> {
  if (at.getTime() >= phase.context.deadline.getTime() && at > phase.runtime.clock.now()) throw new NotReadyError(`throttled until ${at.toISOString()}`, at);
  // A timer may fire a millisecond before the clock reads `at` (timers keep their own clock): a
  // batch started then would break the cap, so the clock decides when the wait is over.
  for (let now = phase.runtime.clock.now(); now < at; now = phase.runtime.clock.now()) {
    await new Promise((resolve) => setTimeout(resolve, at.getTime() - now.getTime()));
  }
}

/** No new batch starts at or after the deadline (or once the lease is lost): the phase resumes at it. */
export function beforeBatch(phase: Pick<PhaseRun, 'runtime' | 'context'>): void {
  phase.context.signal.throwIfAborted();
  if (phase.runtime.clock.now() >= phase.context.deadline) throw new DeadlineReachedError('deadline reached between batches; the phase resumes at the next one');
}
