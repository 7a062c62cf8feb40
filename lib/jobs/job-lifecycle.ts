import { ACTIVE_JOB_STATUSES, JOB_STATUSES, type JobStatus } from '../../db/tables/backfill-jobs.table.js';
import type { StatusCounts } from '../queue/repository/index.js';

export { JOB_STATUSES, type JobStatus };

/**
 * The job lifecycle as data (DESIGN.md "Jobs"). A job's status follows its tasks' counts
 * (jobStatusOf) and a person's commands; every write of `status` is checked against this table,
 * so a late task report cannot revive a job that ended.
 *
 * - pending   → running (a task started), paused, succeeded · failed · cancelled
 * - running   → paused (its tasks paused: a person, or its account needs re-authorization),
 *               succeeded · failed (all tasks done), cancelled
 * - paused    → pending · running (resumed), succeeded · failed (its last tasks ended), cancelled
 * - succeeded, failed, cancelled → nothing: final. A re-run is a new job.
 *
 * `failed` also ends a stale job that a new create took over (`reason` `superseded`).
 */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  pending: ['running', 'paused', 'succeeded', 'failed', 'cancelled'],
  running: ['paused', 'succeeded', 'failed', 'cancelled'],
  paused: ['pending', 'running', 'succeeded', 'failed', 'cancelled'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

export function canJobTransition(from: JobStatus, to: JobStatus): boolean {
  return JOB_TRANSITIONS[from].includes(to);
}

export function isActiveJob(status: JobStatus): boolean {
  return (ACTIVE_JOB_STATUSES as readonly string[]).includes(status);
}

/** The status to store: the tasks' verdict when the lifecycle allows moving there, else the current one. */
export function nextJobStatus(current: JobStatus, fromTasks: JobStatus): JobStatus {
  return current === fromTasks || canJobTransition(current, fromTasks) ? fromTasks : current;
}

/** A job with no progress and no heartbeat for this long is stale: a new create takes it over. */
export const STALE_AFTER_MS = 10 * 60_000;

/**
 * Pure: whether a job's last sign of life (`updated_at`) is older than STALE_AFTER_MS. Only a
 * job meant to be running can be stale: a paused one waits for a person or a reconnect on
 * purpose, and taking it over would undo that.
 */
export function isStale(job: { status: JobStatus; updatedAt: Date }, now: Date): boolean {
  return (job.status === 'pending' || job.status === 'running') && now.getTime() - job.updatedAt.getTime() >= STALE_AFTER_MS;
}

/** Pure: a job's status from its tasks' counts (`total` tasks, `done` of them finished). */
export function jobStatusOf(counts: StatusCounts, total: number, done: number): JobStatus {
  if (total > 0 && done === total) {
    if (counts.dead > 0) return 'failed';
    return counts.cancelled === total ? 'cancelled' : 'succeeded';
  }
  if (counts.paused > 0 && counts.running === 0 && counts.queued === 0) return 'paused';
  return counts.running + done > 0 ? 'running' : 'pending';
}

/** Commands a person gives a job, and the statuses each is accepted from. */
export const JOB_COMMANDS = {
  cancel: ['pending', 'running', 'paused'],
  pause: ['pending', 'running'],
  resume: ['paused'],
} as const satisfies Record<string, readonly JobStatus[]>;
export type JobCommand = keyof typeof JOB_COMMANDS;

export function acceptsCommand(status: JobStatus, command: JobCommand): boolean {
  return (JOB_COMMANDS[command] as readonly JobStatus[]).includes(status);
}
