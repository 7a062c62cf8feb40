import * as z from 'zod';
import { batchStartsSince, batchTotals, insertBatch, insertRowImages } from './batches.repository.js';
import { beforeBatch, finishPhase, storeProgress, waitForSlot, type PhaseRun } from './phase-steps.js';
import { nextBatchAt } from './phases.js';
import type { CheckedSqlUpdate } from './plan-check.js';
import { applyJobBatch } from './apply-jobs.js';
import { keyText, lockRows, nextBatchKeys, updateRows, type KeyValues } from './target-rows.repository.js';

/*
 * Strategy: batches in key order, at most `throttle.per_minute` started in any 60 s (counted from
 * the batch log's start times, so the cap holds across invocations). A batch is one transaction:
 * its rows are locked and read again (only those still matching the selection and not yet
 * holding the new values are changed), changed, their before- and after-images and the batch's
 * log written, and the task's checkpoint (the batch number and the key cursor) committed with
 * them — so a crash resumes at the first unfinished batch and never redoes one, and a second run
 * of the plan changes nothing.
 */

const checkpointSchema = z.object({ v: z.literal(1), batch_no: z.number().int().nonnegative(), last_key: z.array(z.unknown()).nullable() });
type ApplyCheckpoint = z.infer<typeof checkpointSchema>;

export async function runApply(phase: PhaseRun): Promise<void> {
  const { runtime, run, checked } = phase;
  const { db } = runtime.database;
  let at: ApplyCheckpoint = checkpointSchema.safeParse(phase.context.checkpoint).data ?? { v: 1, batch_no: 0, last_key: null };
  const batchesTotal = run.results.plan?.batches ?? 0;
  if (at.batch_no === 0) await storeProgress(runtime, run.id, { apply: { batches_done: 0, batches_total: batchesTotal, rows_changed: 0, rows_skipped: 0, started_at: runtime.clock.now().toISOString() } });
  for (;;) {
    beforeBatch(phase);
    const now = runtime.clock.now();
    await waitForSlot(phase, nextBatchAt(await batchStartsSince(db, run.id, new Date(now.getTime() - 60_000)), checked.plan.throttle.per_minute, now));
    beforeBatch(phase);
    const done = checked.operation.kind === 'sql-update' ? await applyRowBatch(phase, checked.operation, at) : await applyJobBatch(phase, checked.operation, at);
    if (done === null) break;
    at = done;
    const totals = await batchTotals(db, run.id, 'apply');
    await storeProgress(runtime, run.id, { apply: { ...run.results.apply, batches_done: totals.batches, batches_total: Math.max(batchesTotal, totals.batches), rows_changed: totals.rowsChanged, rows_skipped: totals.rowsSelected - totals.rowsChanged } });
    runtime.logger.info('data_backfill.batch', { run_id: run.id, batch_no: at.batch_no, rows_changed: totals.rowsChanged });
  }
  const totals = await batchTotals(db, run.id, 'apply');
  await finishPhase(phase, run.id, 'apply', {
    apply: { batches_done: totals.batches, batches_total: totals.batches, rows_changed: totals.rowsChanged, rows_skipped: totals.rowsSelected - totals.rowsChanged, started_at: run.results.apply?.started_at ?? run.updatedAt.toISOString(), finished_at: runtime.clock.now().toISOString() },
  });
}

/** One batch of rows, in one transaction with its log and the checkpoint; null when no row is left. */
async function applyRowBatch(phase: PhaseRun, op: CheckedSqlUpdate, at: ApplyCheckpoint): Promise<ApplyCheckpoint | null> {
  const { runtime, run } = phase;
  const started = runtime.clock.now();
  const { keys, lastKey } = await nextBatchKeys(runtime.database.db, op, at.last_key as KeyValues | null, op.batchSize);
  if (lastKey === null) return null;
  const next: ApplyCheckpoint = { v: 1, batch_no: at.batch_no + 1, last_key: lastKey };
  await phase.context.commitStep(async (trx) => {
    const rows = await lockRows(trx, op, keys);
    const afterImages = await updateRows(trx, op, rows.map((row) => row.key));
    const images = rows.map((row) => ({ key: row.key, before: row.before, after: afterImages.get(keyText(row.key)) ?? row.after }));
    await insertRowImages(trx, run.id, next.batch_no, images);
    const finished = runtime.clock.now();
    await insertBatch(trx, run.id, {
      action: 'apply',
      batchNo: next.batch_no,
      firstKey: keys[0] ?? null,
      lastKey,
      rowsSelected: keys.length,
      rowsChanged: images.length,
      conflicts: 0,
      outcome: 'applied',
      startedAt: started,
      finishedAt: finished,
      durationMs: finished.getTime() - started.getTime(),
    });
  }, next);
  return next;
}

export type { ApplyCheckpoint };
