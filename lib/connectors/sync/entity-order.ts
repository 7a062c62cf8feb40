import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { NotReadyError } from '../../errors.js';
import { findTasksByDedupeKeys, releaseWaitingTask, type Task } from '../../queue/repository/index.js';
import type { TaskHandlerFactory } from '../connector.js';
import { commercePayloadSchema } from './commerce-plan.js';

/** How long a task whose predecessor is still unfinished waits before it looks again. */
export const PREDECESSOR_POLL_MS = 30_000;

const UNFINISHED = new Set(['queued', 'running', 'paused']);

/**
 * Runs a commerce entity's task only after the one before it (payload `after`) has ended —
 * succeeded, dead or cancelled: one entity failing for good must not block the next (seed 002,
 * partial failure). Until then the task is rescheduled without spending an attempt, and looks
 * again every PREDECESSOR_POLL_MS; a task that ends releases the one waiting for it (`next`) at
 * once (releaseNextTask). The queue has no dependencies of its own: this keeps the order inside the connector's
 * tasks, where a cancelled, paused or budget-deferred predecessor needs no special case.
 */
export function inEntityOrder<Settings, Client>(factory: TaskHandlerFactory<Settings, Client>): TaskHandlerFactory<Settings, Client> {
  return (deps) => {
    const handle = factory(deps);
    return async (task, context) => {
      const payload = commercePayloadSchema.safeParse(task.payload);
      const after = payload.success ? payload.data.after : null;
      if (after !== null) await waitFor(deps.db, after, deps.clock.now());
      await handle(task, context);
    };
  };
}

/**
 * Called by the dispatcher once a task has ended for good (succeeded or dead: its status is
 * stored): the task waiting for it (payload `next`) is made ready now instead of at its next look.
 */
export async function releaseNextTask(db: Kysely<Database>, task: Task, now: Date): Promise<void> {
  const next = (task.payload as { next?: unknown } | null)?.next;
  if (typeof next === 'string') await releaseWaitingTask(db, next, now);
}

async function waitFor(db: Kysely<Database>, dedupeKey: string, now: Date): Promise<void> {
  const [before] = await findTasksByDedupeKeys(db, [dedupeKey]);
  if (before !== undefined && UNFINISHED.has(before.status)) {
    throw new NotReadyError(`waits for ${dedupeKey} (${before.status}) to end first`, new Date(now.getTime() + PREDECESSOR_POLL_MS));
  }
}
