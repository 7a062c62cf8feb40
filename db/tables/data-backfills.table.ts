import type { Generated } from 'kysely';
import type { DbJson, DbTime } from '../values.js';

export const RUN_STATUSES = ['awaiting_approval', 'running', 'failed', 'completed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const PHASES = ['plan', 'apply', 'soak', 'health'] as const;
export type Phase = (typeof PHASES)[number];

/** `data_backfill_runs`: one run of a plan (DESIGN.md "Guarded data backfills"). */
export interface DataBackfillRunsTable {
  id: Generated<number>;
  /** Its `backfill_jobs` row (type `data-backfill`): the run's scope and its phases' tasks. */
  job_id: number;
  name: string;
  /** The plan as sent (JSON). */
  plan: DbJson;
  status: RunStatus;
  /** The phase at work, or the last one that ran (`rollback` while one runs). */
  phase: string;
  /** The phase an approval unlocks next; NULL once nothing is left. */
  next_phase: string | null;
  /** Each phase's results (JSON: `plan`, `apply`, `soak`, `health`, `rollback`). */
  results: DbJson;
  created_at: DbTime;
  updated_at: DbTime;
}

/** `data_backfill_approvals`: who unlocked a phase, when, and why. */
export interface DataBackfillApprovalsTable {
  id: Generated<number>;
  run_id: number;
  phase: string;
  approved_by: string;
  note: string;
  /** Required to approve past a failed phase. */
  override_reason: string | null;
  at: DbTime;
}

/** `data_backfill_batches`: one apply (or rollback) batch's log. */
export interface DataBackfillBatchesTable {
  id: Generated<number>;
  run_id: number;
  action: 'apply' | 'rollback';
  batch_no: number;
  first_key: DbJson | null;
  last_key: DbJson | null;
  rows_selected: number;
  rows_changed: number;
  conflicts: number;
  /** Free text (`applied`, `restored with conflicts`, `job 12`, `skipped: job 7 is active for …`): no short column. */
  outcome: string;
  started_at: DbTime;
  finished_at: DbTime;
  duration_ms: number;
}

/** `data_backfill_rows`: a changed row's key and its changed columns before and after, from the batch's own transaction. */
export interface DataBackfillRowsTable {
  id: Generated<number>;
  run_id: number;
  batch_no: number;
  row_key: DbJson;
  before_image: DbJson;
  after_image: DbJson;
  /** What a rollback did: `restored`, `conflict` (changed since by someone else), `unchanged`; NULL before one. */
  rollback: string | null;
}

/** `data_backfill_samples`: one soak reading of one check. */
export interface DataBackfillSamplesTable {
  id: Generated<number>;
  run_id: number;
  at: DbTime;
  check_name: string;
  value: number | null;
  passed: number;
  error: string | null;
}
