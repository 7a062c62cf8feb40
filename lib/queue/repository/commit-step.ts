import { sql } from 'kysely';
import type { Trx } from '../../../db/transaction.js';
import { toDbJson, toDbTime } from '../../../db/values.js';
import { LeaseLostError } from '../../errors.js';
import type { LeasedTask } from './finish-tasks.js';

/**
 * Records one committed step of a running task, in the transaction that wrote the step's rows
 * (Airbyte's rule: the checkpoint is saved with the rows before it, never ahead of them):
 * the new checkpoint, one more step, and — on the run's first step — the attempt the claim
 * spent is given back, since a run that made progress is not a failed attempt; the count of
 * leases lost without progress starts again. Only under the task's current lease: otherwise
 * LeaseLostError, and the caller's transaction, rows included, rolls back.
 */
export async function commitTaskStep(trx: Trx, task: LeasedTask, checkpoint: unknown, now: Date): Promise<void> {
  const next = toDbJson(checkpoint);
  const result = await trx
    .updateTable('job_tasks')
    // Order matters on MySQL, which assigns left to right: `attempts` reads run_steps and the
    // old checkpoint before they change. A step that does not move the checkpoint is no
    // progress, so a handler re-committing the same cursor cannot retry forever for free.
    .set({
      attempts: sql<number>`attempts - (case when run_steps = 0 and (checkpoint is null or checkpoint <> ${next}) then 1 else 0 end)`,
      run_steps: sql<number>`run_steps + 1`,
      steps_done: sql<number>`steps_done + 1`,
      lost_leases: 0,
      checkpoint: next,
      updated_at: toDbTime(now),
    })
    .where('id', '=', task.id)
    .where('lease_token', '=', task.leaseToken)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new LeaseLostError(`task ${task.id} lost its lease before its step committed; the step is rolled back`);
}
