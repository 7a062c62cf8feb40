/**
 * What becomes of a task whose worker died (its lease expired while `running`): the attempt
 * policy for lost leases, as data. A run that committed a step made progress: the task goes
 * back to the queue with nothing spent. A run without one counts: after POISON_LOST_LEASES
 * such losses in a row (or when its attempts are spent) the task is dead, so a task that
 * kills its worker every time cannot loop forever. Either way it waits a short, jittered
 * delay, so the tasks in flight at a crash are not first in line for the next one.
 */
export const POISON_LOST_LEASES = 3;
export const RECLAIM_DELAY = { baseMs: 5_000, spreadMs: 10_000 };

export interface ExpiredLease {
  /** Including the attempt the lost run's claim spent (a committed step gave it back). */
  attempts: number;
  maxAttempts: number;
  /** Steps the lost run committed. */
  runSteps: number;
  /** Leases lost in a row without a step, before this one. */
  lostLeases: number;
  leaseExpiresAt: Date;
}

export type ReclaimDecision =
  | { status: 'queued'; runAfter: Date; lostLeases: number; reason: string }
  | { status: 'dead'; lostLeases: number; reason: string };

/** Pure; `random` in [0, 1). */
export function decideReclaim(lease: ExpiredLease, now: Date, random: number): ReclaimDecision {
  const expired = `lease expired at ${lease.leaseExpiresAt.toISOString()}`;
  if (lease.runSteps > 0) return { status: 'queued', runAfter: jittered(now, random), lostLeases: 0, reason: `${expired} after ${lease.runSteps} step(s); resumes from its checkpoint` };
  const lostLeases = lease.lostLeases + 1;
  if (lostLeases >= POISON_LOST_LEASES) {
    return { status: 'dead', lostLeases, reason: `poison: lost its worker ${lostLeases} times in a row without committing a step (${expired})` };
  }
  if (lease.attempts >= lease.maxAttempts) return { status: 'dead', lostLeases, reason: `gave up after ${lease.attempts} attempts: ${expired}` };
  return { status: 'queued', runAfter: jittered(now, random), lostLeases, reason: `${expired} without a step (${lostLeases} in a row)` };
}

function jittered(now: Date, random: number): Date {
  return new Date(now.getTime() + RECLAIM_DELAY.baseMs + Math.floor(RECLAIM_DELAY.spreadMs * random));
}
