import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { highestUnfinishedPriority, queueFront } from '../queue/repository/index.js';
import { bandOf, fairPriorities, levelOf } from './fair-queue.js';

/**
 * The stored priorities of one tenant's tasks about to enter the queue (fair-queue.ts), by
 * dedupe key: per class (the planner's priority, 0 when it gives none), in the order given,
 * starting at the later of the class's queue front on the platform (its lanes claim its tasks:
 * another platform's ready tasks say nothing of where this one's queue is) and the tenant's
 * last unfinished task of the class.
 *
 * Read in the enqueue's transaction, or just before a reclaim's update. The front is a read of
 * the claim index, as a claim's. The tenant's unfinished tasks are those of its active jobs
 * (`tenantJobIds`) — every task is enqueued under a job, and a job with a queued or running
 * task is active — read through the job index. (`job_tasks` has no index by tenant: one
 * holding `status` would cost every claim and completion, one without would read through the
 * tenant's finished tasks.) Two enqueues of one tenant at once may start at the same level:
 * that costs the order between them, and gives the tenant two turns a round while both last —
 * nothing else.
 */
export async function fairPrioritiesFor(
  db: Kysely<Database>,
  platform: string,
  tenantJobIds: readonly number[],
  tasks: readonly { dedupeKey: string; priority?: number }[],
  now: Date,
): Promise<Map<string, number>> {
  const byClass = Map.groupBy(tasks, (task) => task.priority ?? 0);
  const priorities = new Map<string, number>();
  for (const [classPriority, group] of byClass) {
    const band = bandOf(classPriority);
    const front = await queueFront(db, platform, band, now);
    const last = tenantJobIds.length === 0 ? undefined : await highestUnfinishedPriority(db, tenantJobIds, band);
    const stored = fairPriorities(classPriority, group.length, {
      systemLevel: front === undefined ? 0 : levelOf(front),
      tenantLast: last === undefined ? -1 : levelOf(last),
    });
    group.forEach((task, index) => priorities.set(task.dedupeKey, stored[index]!));
  }
  return priorities;
}
