import { TASK_STATUSES, type TaskStatus } from '../../db/tables/job-tasks.table.js';

export { TASK_STATUSES, type TaskStatus };

/**
 * The task lifecycle as data. Every queue statement that changes `status` takes its allowed
 * source states from here (`sourcesOf`), so the SQL cannot drift from this table.
 *
 * - queued    → running (claimed), cancelled
 * - running   → succeeded; queued (retry with backoff, reschedule after 429/quota, released
 *               unstarted, lease expired); dead (permanent error, attempts exhausted);
 *               failed (the account needs re-authorization); cancelled
 * - failed    → queued (the account was reconnected), cancelled. `failed` means "waiting on a
 *               person": it is not claimable and spends no attempts while it waits.
 * - succeeded, dead, cancelled → queued only by an explicit re-run (force re-fetch, retry dead).
 */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  queued: ['running', 'cancelled'],
  running: ['succeeded', 'queued', 'dead', 'failed', 'cancelled'],
  failed: ['queued', 'cancelled'],
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
