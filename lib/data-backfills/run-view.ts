import type { Plan } from './plan.schema.js';
import type { Approval, Run, RunResults } from './runs.repository.js';

/** A run as the admin API answers it (DESIGN.md "Guarded data backfills"). */
export interface RunView {
  id: number;
  name: string;
  status: Run['status'];
  phase: string;
  next_phase: string | null;
  job_id: number;
  plan: RunResults['plan'] | null;
  apply: RunResults['apply'] | null;
  soak: RunResults['soak'] | null;
  health: RunResults['health'] | null;
  rollback: RunResults['rollback'] | null;
  failure: RunResults['failure'] | null;
  approvals: Approval[];
  /** The plan as sent. */
  definition: Plan;
  message: string;
  created_at: string;
  updated_at: string;
}

const count = new Intl.NumberFormat('en-US');

/** Pure: the run's view from its row and approvals. */
export function toRunView(run: Run, approvals: readonly Approval[]): RunView {
  const r = run.results;
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    phase: run.phase,
    next_phase: run.nextPhase,
    job_id: run.jobId,
    plan: r.plan ?? null,
    apply: r.apply ?? null,
    soak: r.soak ?? null,
    health: r.health ?? null,
    rollback: r.rollback ?? null,
    failure: r.failure ?? null,
    approvals: [...approvals],
    definition: run.plan as Plan,
    message: runMessage(run),
    created_at: run.createdAt.toISOString(),
    updated_at: run.updatedAt.toISOString(),
  };
}

/** Pure: a human line, e.g. `Applying… 3/10 batches, 2,400 rows changed` or `Awaiting approval of soak`. */
export function runMessage(run: Pick<Run, 'status' | 'phase' | 'nextPhase' | 'results'>): string {
  const r = run.results;
  switch (run.status) {
    case 'awaiting_approval':
      return run.phase === 'plan'
        ? `Planned: ${count.format(r.plan?.rows ?? 0)} rows in ${count.format(r.plan?.batches ?? 0)} batches; awaiting approval of ${run.nextPhase}`
        : `${capitalize(run.phase)} done; awaiting approval of ${run.nextPhase}`;
    case 'running':
      if (run.phase === 'apply') return `Applying… ${count.format(r.apply?.batches_done ?? 0)}/${count.format(r.apply?.batches_total ?? 0)} batches, ${count.format(r.apply?.rows_changed ?? 0)} rows changed`;
      if (run.phase === 'soak') return `Soaking… ${count.format(r.soak?.samples ?? 0)} samples`;
      if (run.phase === 'rollback') return 'Rolling back…';
      return `Running ${run.phase}…`;
    case 'failed':
      if (run.nextPhase !== null && run.nextPhase === r.failure?.phase) return `${capitalize(run.nextPhase)} failed: ${r.failure.message}; approve ${run.nextPhase} again to retry it`;
      return `${capitalize(r.failure?.phase ?? run.phase)} failed: ${r.failure?.message ?? 'see the run'}; ${run.nextPhase ? `approving ${run.nextPhase} needs an override_reason` : 'nothing is left to approve'}`;
    case 'completed':
      if (r.rollback) return `Rolled back: ${count.format(r.rollback.rows_restored)} rows restored, ${count.format(r.rollback.conflicts.length)} conflict${r.rollback.conflicts.length === 1 ? '' : 's'}`;
      return `Completed: ${count.format(r.health?.rows_remaining ?? 0)} rows still need the backfill in the health database`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
