import type { Kysely } from 'kysely';

/**
 * Fair priorities (lib/jobs/fair-queue.ts): a task's stored priority becomes its planner's
 * priority (its class) × 1,000,000 plus a level that takes tenants round-robin within the
 * class. Unfinished tasks stored before hold their planner's number itself (0 or 10), which
 * would now read as class 0: a queued backfill would sort among the syncs. They move to their
 * class at level 0 — ahead of the tasks enqueued after them, as they were. Finished tasks keep
 * their number: nothing orders them, and a re-run gives them a fresh priority.
 *
 * The schema is unchanged: the claim index orders by priority already. One statement, over the
 * claim index's `status` prefix (the unfinished tasks). Migrate before deploying the code that
 * writes levels, as for any migration: a class-0 level from 1 to 2,146 reads like a planner's
 * number, and a run after such tasks were enqueued would move them too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Classes whose band fits a MySQL INT (fair-queue.ts MIN_CLASS … MAX_CLASS); 0 stays 0.
  await db
    .updateTable('job_tasks')
    .set((eb) => ({ priority: eb('priority', '*', 1_000_000) }))
    .where('status', 'in', ['queued', 'running', 'paused'])
    .where('priority', '>=', -2_147)
    .where('priority', '<=', 2_146)
    .where('priority', '!=', 0)
    .execute();
}
