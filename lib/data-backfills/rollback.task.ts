import * as z from 'zod';
import { PermanentError } from '../errors.js';
import { batchStartsSince, insertBatch, markRowRollback, rollbackTotals, rowsToRollBack } from './batches.repository.js';
import { beforeBatch, finishPhase, waitForSlot, type PhaseRun } from './phase-steps.js';
import { nextBatchAt } from './phases.js';
import { restoreRow, type Row } from './target-rows.repository.js';

/*
 * Strategy: the apply's row images, in the order they were written, a batch of the plan's size at
 * a time under the same throttle. Each row's changed columns go back to their before-image only
 * while they still hold the after-image (the apply's write); a row changed since by someone else
 * is a conflict, reported and left as it is. Each batch's outcomes, its log and the checkpoint
 * (the last row image handled) commit together, so a crash resumes where it stopped.
 */

/**
 * A row image without `updated_at` (DESIGN.md: a rollback "restores every changed column except
 * updated_at"): the time a row last changed moves forward, so readers that follow it (incremental
 * syncs, exports) see the rollback as the change it is, instead of a row that went back in time.
 */
export function restorable(image: Row): Row {
  const { updated_at: _updatedAt, ...columns } = image;
  return columns;
}

const checkpointSchema = z.object({ v: z.literal(1), batch_no: z.number().int().nonnegative(), last_row: z.number().int().nonnegative() });

export async function runRollback(phase: PhaseRun): Promise<void> {
  const { runtime, run, checked } = phase;
  const op = checked.operation;
  if (op.kind !== 'sql-update') throw new PermanentError(`run ${run.id} ran jobs: there is nothing to roll back`);
  const { db } = runtime.database;
  let at = checkpointSchema.safeParse(phase.context.checkpoint).data ?? { v: 1 as const, batch_no: 0, last_row: 0 };
  for (;;) {
    beforeBatch(phase);
    const now = runtime.clock.now();
    await waitForSlot(phase, nextBatchAt(await batchStartsSince(db, run.id, new Date(now.getTime() - 60_000)), checked.plan.throttle.per_minute, now));
    beforeBatch(phase);
    const started = runtime.clock.now();
    const rows = await rowsToRollBack(db, run.id, at.last_row, op.batchSize);
    if (rows.length === 0) break;
    const next = { v: 1 as const, batch_no: at.batch_no + 1, last_row: rows.at(-1)!.id };
    await phase.context.commitStep(async (trx) => {
      let restored = 0;
      let conflicts = 0;
      for (const row of rows) {
        const outcome = await restoreRow(trx, op.table, op.key, row.key, restorable(row.before), restorable(row.after));
        if (outcome === 'restored') restored++;
        if (outcome === 'conflict') conflicts++;
        await markRowRollback(trx, row.id, outcome);
      }
      const finished = runtime.clock.now();
      await insertBatch(trx, run.id, {
        action: 'rollback',
        batchNo: next.batch_no,
        firstKey: rows[0]!.key,
        lastKey: rows.at(-1)!.key,
        rowsSelected: rows.length,
        rowsChanged: restored,
        conflicts,
        outcome: conflicts > 0 ? 'restored with conflicts' : 'restored',
        startedAt: started,
        finishedAt: finished,
        durationMs: finished.getTime() - started.getTime(),
      });
    }, next);
    at = next;
  }
  const totals = await rollbackTotals(db, run.id);
  await finishPhase(phase, run.id, 'rollback', {
    rollback: { rows_restored: totals.restored, rows_unchanged: totals.unchanged, conflicts: totals.conflicts.map((key) => ({ key })), finished_at: runtime.clock.now().toISOString() },
  });
}
