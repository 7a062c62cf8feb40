import type { Phase } from '../../db/tables/data-backfills.table.js';
import type { Plan } from './plan.schema.js';

/**
 * Pure: the run's phases in order (DESIGN.md "Guarded data backfills"): `plan` (the dry run, at
 * create) → `apply` → `soak` (when the plan has one) → `health`; each after `apply` needs a
 * person's approval, recorded with who, when and why.
 */
export function phasesOf(plan: Pick<Plan, 'soak'>): Phase[] {
  return plan.soak ? ['plan', 'apply', 'soak', 'health'] : ['plan', 'apply', 'health'];
}

/** The phase after `phase`; null after the last. */
export function phaseAfter(plan: Pick<Plan, 'soak'>, phase: Phase): Phase | null {
  const phases = phasesOf(plan);
  return phases[phases.indexOf(phase) + 1] ?? null;
}

/** The task kind that runs a phase (or a rollback) on Sluice's own platform. */
export const PHASE_KIND = { apply: 'sluice.data_backfill_apply', soak: 'sluice.data_backfill_soak', health: 'sluice.data_backfill_health', rollback: 'sluice.data_backfill_rollback' } as const;
export type PhaseTask = keyof typeof PHASE_KIND;

/** `data-backfill:{run_id}:{phase}`: one task per phase of a run, `…:{attempt}` for a phase approved again after it failed. */
export function phaseTaskKey(runId: number, phase: PhaseTask, attempt = 1): string {
  return attempt > 1 ? `data-backfill:${runId}:${phase}:${attempt}` : `data-backfill:${runId}:${phase}`;
}

/** Pure: a failed phase that a person may approve again rather than past (health: e.g. with the database it lacked). */
export function retriable(phase: string): boolean {
  return phase === 'health';
}

/**
 * Pure: when the next batch (or target) may start under a cap of `perMinute` in any 60 s, given
 * when the recent ones started. Batches are paced evenly, one every 60 s / `perMinute` after the
 * last start, as `estimatedSeconds` counts them: a cap met in bursts (`perMinute` at once, then a
 * minute of nothing) would hammer the table with a minute's work at a time. The cap itself is
 * kept as well: never before 60 s after the oldest of the last `perMinute` starts.
 */
export function nextBatchAt(recentStarts: readonly Date[], perMinute: number, now: Date): Date {
  const windowStart = now.getTime() - 60_000;
  const inWindow = recentStarts.map((d) => d.getTime()).filter((t) => t > windowStart).sort((a, b) => a - b);
  const paced = inWindow.length === 0 ? now.getTime() : inWindow.at(-1)! + Math.ceil(60_000 / perMinute);
  const capped = inWindow.length < perMinute ? now.getTime() : inWindow[inWindow.length - perMinute]! + 60_000;
  return new Date(Math.max(now.getTime(), paced, capped));
}

/** Pure: seconds a run of `units` batches takes at `perMinute` (the first starts at once). */
export function estimatedSeconds(units: number, perMinute: number): number {
  if (units <= 1) return 0;
  return Math.ceil(((units - 1) / perMinute) * 60);
}
