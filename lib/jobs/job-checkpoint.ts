/**
 * A job's checkpoint: the furthest unit of work it reached — its task's dedupe key, and either
 * the task's last committed step (while it runs) or when it finished.
 */
export interface JobCheckpoint {
  task: string;
  /** Set once the task finished. */
  finished_at?: string;
  /** The task's last committed step marker (its own checkpoint), while it runs. */
  step?: unknown;
  /** When the step was committed. */
  at?: string;
}

/**
 * Pure: the job's checkpoint only moves forward. Planners name a job's units so that their keys
 * sort in unit order (YouTube's end with the chunk's date), so with tasks running in parallel
 * lanes the checkpoint names the furthest unit reached; within one unit, a later step replaces
 * an earlier one and the unit's end replaces its steps. Undefined: keep the current one.
 */
export function laterCheckpoint(current: JobCheckpoint | null, next: JobCheckpoint): JobCheckpoint | undefined {
  if (current === null || next.task > current.task) return next;
  if (next.task === current.task && current.finished_at === undefined) return next;
  return undefined;
}
