import * as z from 'zod';
import { fragmentSql } from './fragment-sql.js';
import { sql, type Kysely } from 'kysely';
import { toDbTime } from '../../db/values.js';
import type { Trx } from '../../db/transaction.js';
import type { RunResults } from './runs.repository.js';
import { beforeBatch, failPhase, finishPhase, storeProgress, waitForSlot, type PhaseRun } from './phase-steps.js';
import type { CheckedPlan } from './plan-check.js';

/*
 * Strategy: read-only. Every `interval_s` for `duration_s` it runs each check's query (re-written
 * from its syntax tree, a single SELECT, in a read-only transaction where the engine has one)
 * and compares its `value` with the threshold; each reading is a step with its samples, and
 * between readings the task waits — in the invocation, or rescheduled for the next one — so a
 * six-hour soak spans invocations and crashes. It passes when every reading of every check did.
 */

const checkpointSchema = z.object({ v: z.literal(1), started_at: z.string(), next_at: z.string(), samples: z.number().int().nonnegative() });
type SoakCheckpoint = z.infer<typeof checkpointSchema>;
type SoakResults = NonNullable<RunResults['soak']>;
type Check = CheckedPlan['soak'][number];

export async function runSoak(phase: PhaseRun): Promise<void> {
  const { runtime, run, checked } = phase;
  const soak = checked.plan.soak;
  if (!soak) return finishPhase(phase, run.id, 'soak', {});
  const { db } = runtime.database;
  const stored = checkpointSchema.safeParse(phase.context.checkpoint).data;
  const started = runtime.clock.now().toISOString();
  let at: SoakCheckpoint = stored ?? { v: 1, started_at: started, next_at: started, samples: 0 };
  if (!stored) await phase.context.commitStep(async () => {}, at);
  const endsAt = new Date(new Date(at.started_at).getTime() + soak.duration_s * 1_000);
  for (;;) {
    beforeBatch(phase);
    const next = new Date(at.next_at);
    if (next >= endsAt && at.samples > 0) break;
    await waitForSlot(phase, next);
    const readings = await Promise.all(checked.soak.map((check) => read(db, check)));
    const taken = runtime.clock.now();
    const step: SoakCheckpoint = { v: 1, started_at: at.started_at, next_at: new Date(taken.getTime() + soak.interval_s * 1_000).toISOString(), samples: at.samples + 1 };
    await phase.context.commitStep((trx) => insertSamples(trx, run.id, taken, readings), step);
    at = step;
    await storeProgress(runtime, run.id, { soak: await summary(db, run.id, checked, { started_at: step.started_at }) });
    if (taken >= endsAt) break;
  }
  const result = await summary(db, run.id, checked, { started_at: at.started_at, finished_at: runtime.clock.now().toISOString() });
  if (result.passed) return finishPhase(phase, run.id, 'soak', { soak: result });
  const failed = result.checks.filter((check) => !check.passed).map((check) => `${check.name} (${check.value ?? 'no value'} ${check.op} ${check.threshold} did not hold)`);
  await failPhase(phase, run.id, 'soak', `soak check${failed.length > 1 ? 's' : ''} failed: ${failed.join('; ')}`, { soak: result });
}

interface Reading {
  check: Check;
  value: number | null;
  passed: boolean;
  error: string | null;
}

async function read(db: Kysely<any>, check: Check): Promise<Reading> {
  try {
    const result = await db.transaction().setAccessMode('read only').execute((trx) => sql<{ value: unknown }>`${fragmentSql(check.sql)}`.execute(trx));
    const raw = result.rows[0]?.value;
    const value = raw === null || raw === undefined ? null : Number(raw);
    if (value === null || Number.isNaN(value)) return { check, value: null, passed: false, error: 'the query gave no numeric value' };
    return { check, value, passed: compare(value, check.op, check.threshold), error: null };
  } catch (error) {
    return { check, value: null, passed: false, error: error instanceof Error ? error.message.slice(0, 500) : String(error) };
  }
}

/** Pure: whether `value op threshold` holds. */
export function compare(value: number, op: string, threshold: number): boolean {
  switch (op) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '==':
      return value === threshold;
    default:
      return value !== threshold;
  }
}

async function insertSamples(trx: Trx, runId: number, at: Date, readings: readonly Reading[]): Promise<void> {
  if (readings.length === 0) return;
  await trx
    .insertInto('data_backfill_samples')
    .values(readings.map((r) => ({ run_id: runId, at: toDbTime(at), check_name: r.check.name, value: r.value, passed: r.passed ? 1 : 0, error: r.error })))
    .execute();
}

/** Each check's latest value and whether every one of its readings held. */
async function summary(db: Kysely<any>, runId: number, checked: CheckedPlan, times: { started_at: string; finished_at?: string }): Promise<SoakResults> {
  const rows = await db.selectFrom('data_backfill_samples').select(['check_name', 'value', 'passed', 'at']).where('run_id', '=', runId).orderBy('id').execute();
  const checks = checked.soak.map((check) => {
    const mine = rows.filter((row) => row.check_name === check.name);
    const last = mine.at(-1);
    return { name: check.name, value: last?.value === null || last?.value === undefined ? null : Number(last.value), op: check.op, threshold: check.threshold, passed: mine.length > 0 && mine.every((row) => Number(row.passed) === 1), samples: mine.length, failed_samples: mine.filter((row) => Number(row.passed) !== 1).length };
  });
  const samples = new Set(rows.map((row) => row.at)).size;
  return { checks, passed: checks.every((check) => check.passed), samples, ...times };
}
