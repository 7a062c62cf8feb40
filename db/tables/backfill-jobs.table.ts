import type { Generated } from 'kysely';
import type { DbJson, DbTime } from '../values.js';

export const JOB_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** `backfill_jobs`: one row per requested backfill or sync; its tasks point at it via `job_tasks.job_id`. */
export interface BackfillJobsTable {
  id: Generated<number>;
  type: string;
  tenant_id: string;
  platform: string;
  /** What the job covers, e.g. `channel:UC…`; one active job per scope (roadmap 3). */
  scope: string;
  status: JobStatus;
  config: DbJson;
  progress: DbJson;
  checkpoint: DbJson | null;
  errors: DbJson | null;
  created_at: DbTime;
  updated_at: DbTime;
  started_at: DbTime | null;
  finished_at: DbTime | null;
}
