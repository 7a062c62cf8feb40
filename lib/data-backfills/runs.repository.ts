import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DataBackfillRunsTable, Phase, RunStatus } from '../../db/tables/data-backfills.table.js';
import type { Trx } from '../../db/transaction.js';
import { fromDbJson, fromDbTime, toDbJson, toDbTime } from '../../db/values.js';
import { sqlFlavorOf } from '../../db/sql-flavor.js';

/** A run as the domain reads it: its plan as sent, where it stands, each phase's results. */
export interface Run {
  id: number;
  jobId: number;
  name: string;
  plan: unknown;
  status: RunStatus;
  phase: string;
  nextPhase: Phase | null;
  results: RunResults;
  createdAt: Date;
  updatedAt: Date;
}

/** Each phase's results, as the run view shows them (DESIGN.md "Guarded data backfills"). */
export interface RunResults {
  plan?: { rows: number; sample: unknown[]; estimated_seconds: number; batches: number };
  apply?: { batches_done: number; batches_total: number; rows_changed: number; rows_skipped: number; started_at?: string; finished_at?: string };
  soak?: {
    checks: { name: string; value: number | null; op: string; threshold: number; passed: boolean; samples: number; failed_samples: number }[];
    passed: boolean;
    samples: number;
    started_at?: string;
    finished_at?: string;
  };
  health?: { rows_remaining: number; sample: unknown[]; mini_plan: unknown; recommendation: string; database: string; finished_at?: string };
  rollback?: { rows_restored: number; rows_unchanged: number; conflicts: { key: unknown }[]; finished_at?: string };
  /** Why the last phase failed, when it did. */
  failure?: { phase: string; message: string };
}

export interface Approval {
  phase: string;
  by: string;
  at: string;
  note: string;
  override_reason: string | null;
}

export async function insertRun(trx: Trx, run: { jobId: number; name: string; plan: unknown; results: RunResults; nextPhase: Phase }, now: Date): Promise<number> {
  const inserted = await trx
    .insertInto('data_backfill_runs')
    .values({ job_id: run.jobId, name: run.name, plan: toDbJson(run.plan), status: 'awaiting_approval', phase: 'plan', next_phase: run.nextPhase, results: toDbJson(run.results), created_at: toDbTime(now), updated_at: toDbTime(now) })
    .executeTakeFirstOrThrow();
  return Number(inserted.insertId);
}

export async function getRun(db: Kysely<Database>, id: number): Promise<Run | undefined> {
  const row = await db.selectFrom('data_backfill_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRun(row);
}

/** The run, its row locked for the caller's transaction (approvals and phase ends are serialized on it). */
export async function lockRun(trx: Trx, id: number): Promise<Run | undefined> {
  const lock = trx.selectFrom('data_backfill_runs').selectAll().where('id', '=', id);
  // SQLite's write transaction already holds the whole database.
  const row = await (sqlFlavorOf(trx) === 'mysql' ? lock.forUpdate() : lock).executeTakeFirst();
  return row && toRun(row);
}

export async function updateRun(trx: Trx, id: number, change: { status?: RunStatus; phase?: string; nextPhase?: Phase | null; results?: RunResults; jobId?: number }, now: Date): Promise<void> {
  await trx
    .updateTable('data_backfill_runs')
    .set({
      ...(change.status ? { status: change.status } : {}),
      ...(change.phase ? { phase: change.phase } : {}),
      ...(change.nextPhase !== undefined ? { next_phase: change.nextPhase } : {}),
      ...(change.results ? { results: toDbJson(change.results) } : {}),
      ...(change.jobId !== undefined ? { job_id: change.jobId } : {}),
      updated_at: toDbTime(now),
    })
    .where('id', '=', id)
    .execute();
}

export async function listRuns(db: Kysely<Database>, limit: number): Promise<Run[]> {
  const rows = await db.selectFrom('data_backfill_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRun);
}

export async function insertApproval(trx: Trx, runId: number, approval: Omit<Approval, 'at'>, now: Date): Promise<void> {
  await trx
    .insertInto('data_backfill_approvals')
    .values({ run_id: runId, phase: approval.phase, approved_by: approval.by, note: approval.note, override_reason: approval.override_reason, at: toDbTime(now) })
    .execute();
}

export async function approvalsOf(db: Kysely<Database>, runId: number): Promise<Approval[]> {
  const rows = await db.selectFrom('data_backfill_approvals').selectAll().where('run_id', '=', runId).orderBy('id').execute();
  return rows.map((row) => ({ phase: row.phase, by: row.approved_by, at: fromDbTime(row.at).toISOString(), note: row.note, override_reason: row.override_reason }));
}

function toRun(row: Selectable<DataBackfillRunsTable>): Run {
  return {
    id: Number(row.id),
    jobId: Number(row.job_id),
    name: row.name,
    plan: fromDbJson(row.plan),
    status: row.status,
    phase: row.phase,
    nextPhase: row.next_phase as Phase | null,
    results: fromDbJson<RunResults>(row.results) ?? {},
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}
