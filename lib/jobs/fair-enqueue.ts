import type { Trx } from '../../db/transaction.js';
import { highestUnfinishedPriority, queueFront } from '../queue/repository/index.js';
import { bandOf, fairPriorities, levelOf } from './fair-queue.js';

/**
 * The stored priorities of one tenant's tasks about to enter the queue (fair-queue.ts), by
 * dedupe key: per class (the planner's priority, 0 when it gives none), in the order given,
 * starting at the later of the class's queue front and the tenant's last unfinished task of
 * the class. The tenant's unfinished tasks are those of its active jobs (`tenantJobIds`): every
 * task is enqueued under a job, and a job with a queued or running task is active. Read in
 * the enqueue's transaction; two enqueues of one tenant at once may start at the same level,
 * which costs the order between them, nothing else.
 */
export async function fairPrioritiesFor(
  trx: Trx,
  tenantJobIds: readonly number[],
  tasks: readonly { dedupeKey: string; priority?: number }[],
  now: Date,
): Promise<Map<string, number>> {
  const byClass = Map.groupBy(tasks, (task) => task.priority ?? 0);
  const priorities = new Map<string, number>();
  for (const [classPriority, group] of byClass) {
    const band = bandOf(classPriority);
    const front = await queueFront(trx, band, now);
    const last = tenantJobIds.length === 0 ? undefined : await highestUnfinishedPriority(trx, tenantJobIds, band);
    const stored = fairPriorities(classPriority, group.length, {
      systemLevel: front === undefined ? 0 : levelOf(front),
      tenantLast: last === undefined ? -1 : levelOf(last),
    });
    group.forEach((task, index) => priorities.set(task.dedupeKey, stored[index]!));
  }
  return priorities;
}
