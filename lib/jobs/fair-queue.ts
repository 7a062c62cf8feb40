/**
 * Fairness across tenants (DESIGN.md "Budgets"): start-time fair queueing, written into each
 * task's stored `priority`, so the claim — `ORDER BY priority, run_after, id` over the claim
 * index — stays exactly as it is, and as fast.
 *
 * Stored priority = class × FAIR_BAND + level.
 * - The class is the planner's priority (YouTube: 0 for the daily sync, 10 for history): every
 *   task of a lower class is claimed before any task of a higher one, as without fairness.
 * - Within a class, the level is a virtual start time. A tenant's new tasks start at the front
 *   of the class's queue, or just after the tenant's own unfinished tasks of the class if those
 *   reach further, and take consecutive levels in planned order. So tenants waiting at once are
 *   served one task each in turn (round-robin): a small tenant's backfill runs interleaved with
 *   a big one's instead of after it; a tenant that arrives late starts at the front instead of
 *   behind everyone; a tenant's own tasks keep their planned order; and a tenant gains nothing
 *   by splitting its work into many jobs, since each continues after the tenant's last task.
 * - The front is the level the next claim in the class takes: the first ready queued task's.
 *   When every queued task waits (a backoff, a quota reset), it is the first of those; when
 *   none is queued, the highest running one (the last claimed); when the class is idle, 0.
 *   A task waiting for its retry below the front does not pull newcomers back to it.
 * - Re-queued work (a forced re-run, revived cancelled tasks) is new work: it gets fresh levels
 *   the same way, after the tenant's new tasks; so does a task whose worker was lost (a
 *   reclaimed lease): kept at its level, it would be claimed again at once and be in flight
 *   when the next worker dies too, and a task that loses three workers in a row is poison.
 *   Other tasks coming back to the queue (a retry after its backoff, a rate limit's reschedule,
 *   a resume, a stale job's tasks taken over) keep their levels: a failure or a pause does not
 *   send them to the back of the line.
 * - Levels stop at FAIR_BAND − 1: past that, a class is served first come, first served.
 *
 * This module is the arithmetic, pure; fair-enqueue.ts reads the front and the tenant's last
 * level.
 */

/** Levels per class: the class is the stored priority's millions. */
export const FAIR_BAND = 1_000_000;
export const MAX_LEVEL = FAIR_BAND - 1;

/**
 * `priority` is a MySQL INT (−2,147,483,648 … 2,147,483,647): the classes whose whole band
 * fits in it. The planners use 0 and 10.
 */
export const MIN_CLASS = -2_147;
export const MAX_CLASS = 2_146;

/** Where a tenant's next tasks of a class start. */
export interface FairStart {
  /** The level at the front of the class's queue: the next claim's, 0 when nothing waits. */
  systemLevel: number;
  /** The highest level among the tenant's unfinished tasks of the class; -1 when it has none. */
  tenantLast: number;
}

/**
 * The stored priorities of `count` tasks of one tenant in one class, in the order they are to
 * run: the first starts at the later of the front and the tenant's last level + 1, each next
 * one a level later.
 */
export function fairPriorities(classPriority: number, count: number, start: FairStart): number[] {
  const first = Math.max(0, start.systemLevel, start.tenantLast + 1);
  const base = bandOf(classPriority).from;
  return Array.from({ length: count }, (_, index) => base + Math.min(first + index, MAX_LEVEL));
}

/** The planner's priority a stored priority was encoded from. */
export function classOf(priority: number): number {
  return Math.floor(priority / FAIR_BAND);
}

/** A stored priority's level within its class. */
export function levelOf(priority: number): number {
  return priority - classOf(priority) * FAIR_BAND;
}

/** The stored priorities of a class: `from` ≤ priority < `to`. */
export function bandOf(classPriority: number): { from: number; to: number } {
  if (!Number.isInteger(classPriority) || classPriority < MIN_CLASS || classPriority > MAX_CLASS) {
    throw new RangeError(`a task's priority must be an integer from ${MIN_CLASS} to ${MAX_CLASS}, not ${classPriority}`);
  }
  return { from: classPriority * FAIR_BAND, to: (classPriority + 1) * FAIR_BAND };
}
