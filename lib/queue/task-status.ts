import { TASK_STATUSES, type TaskStatus } from '../../db/tables/job-tasks.table.js';

export { TASK_STATUSES, type TaskStatus };

/**
 * The task lifecycle as data. Every queue statement that changes `status` takes its allowed
 * source states from here (`sourcesOf`), so the SQL cannot drift from this table.
 *
 * - queued    → running (claimed), paused (its job was paused), cancelled
 * - running   → succeeded; queued (retry with backoff, reschedule after 429/quota, released
 *               unstarted, lease expired); dead (permanent error, attempts exhausted);
 *               paused (the account needs re-authorization); cancelled
 * - paused    → queued (the account was reconnected, the job resumed), cancelled. `paused`
 *               waits for a person or an event: not claimable, it spends no attempts.
 * - succeeded, dead, cancelled → queued only by an explicit re-run (force re-fetch, retry dead).
 */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  queued: ['running', 'paused', 'cancelled'],
  running: ['succeeded', 'queued', 'dead', 'paused', 'cancelled'],
  paused: ['queued', 'cancelled'],
  succeeded: ['queued'],
  dead: ['queued'],
  cancelled: ['queued'],
};

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

/** The states from which `to` may be entered. */
export function sourcesOf(to: TaskStatus): TaskStatus[] {
  return TASK_STATUSES.filter((from) => canTransition(from, to));
}
