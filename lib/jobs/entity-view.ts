import type { TaskStatus } from '../queue/task-status.js';
import type { TaskLabel } from './job-view.js';

/** One commerce entity of a job (DESIGN.md "Commerce jobs"): its status and progress in vendor records. */
export interface EntityView {
  entity: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  done: number;
  total: number | null;
  /** e.g. `Syncing orders… 450/1,200` (U+2026, en-US thousands separators). */
  message: string;
}

/** A job's entity task as stored: its status, checkpoint (`progress: {done, total}`) and last error. */
export interface EntityTaskState {
  kind: string;
  status: TaskStatus;
  checkpoint: unknown;
  lastError: string | null;
}

const count = new Intl.NumberFormat('en-US');

/**
 * Pure: one entry per entity task, in the order given, from the records its
 * checkpoint counted. A task still queued behind the entity before it is `pending`; one that
 * committed pages and waits for the next invocation is `running`; dead or cancelled is `failed`
 * with why.
 */
export function entityViews(tasks: readonly EntityTaskState[], labels: Readonly<Record<string, TaskLabel>>): EntityView[] {
  return tasks.flatMap((task) => {
    const label = labels[task.kind];
    if (label?.entity === undefined) return [];
    const progress = progressOf(task.checkpoint);
    const status = entityStatus(task.status, progress !== null);
    const done = progress?.done ?? 0;
    // An entity whose vendor gives no total (Etsy's ledger) knows it once it is done.
    const total = progress?.total ?? (status === 'succeeded' ? done : null);
    return [{ entity: label.entity, status, done, total, message: entityMessage(label, status, done, total, task) }];
  });
}

function entityStatus(status: TaskStatus, started: boolean): EntityView['status'] {
  switch (status) {
    case 'succeeded':
      return 'succeeded';
    case 'dead':
    case 'cancelled':
      return 'failed';
    case 'running':
      return 'running';
    case 'queued':
    case 'paused':
      return started ? 'running' : 'pending';
  }
}

function entityMessage(label: TaskLabel, status: EntityView['status'], done: number, total: number | null, task: EntityTaskState): string {
  const tally = total === null ? count.format(done) : `${count.format(done)}/${count.format(total)}`;
  switch (status) {
    case 'pending':
      return task.status === 'paused' ? `Paused before ${label.unit}` : `Waiting to sync ${label.unit}`;
    case 'running':
      return task.status === 'paused' ? `Paused at ${tally} ${label.unit}` : `${label.verb}… ${tally}`;
    case 'succeeded':
      return `Done: ${count.format(done)} ${label.unit}`;
    case 'failed':
      return task.status === 'cancelled' ? `Cancelled at ${tally} ${label.unit}` : `Failed at ${tally} ${label.unit}: ${task.lastError ?? 'no reason recorded'}`;
  }
}

function progressOf(checkpoint: unknown): { done: number; total: number | null } | null {
  const progress = (checkpoint as { progress?: { done?: unknown; total?: unknown } } | null)?.progress;
  if (typeof progress?.done !== 'number') return null;
  return { done: progress.done, total: typeof progress.total === 'number' ? progress.total : null };
}
