import type { Selectable } from 'kysely';
import type { BackfillJobsTable, JobStatus } from '../../db/tables/backfill-jobs.table.js';
import { fromDbJson, fromDbTime } from '../../db/values.js';
import type { JobCheckpoint, JobError } from './backfill-jobs.repository.js';

/** A `backfill_jobs` row as the domain reads it: times as Dates, JSON parsed. */
export interface JobRecord {
  id: number;
  type: string;
  status: JobStatus;
  reason: string | null;
  tenantId: string;
  platform: string;
  connectionId: number | null;
  scope: string;
  config: Record<string, unknown>;
  progress: StoredJobProgress;
  checkpoint: JobCheckpoint | null;
  errors: JobError[];
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** When a person, or a quota's reset, last resumed it. */
  lastResumedAt: Date | null;
}

/** What `progress` holds: task counts by status, steps committed. */
export interface StoredJobProgress {
  total: number;
  done: number;
  steps_done?: number;
  queued?: number;
  running?: number;
  paused?: number;
  succeeded?: number;
  dead?: number;
  cancelled?: number;
}

export function toJobRecord(row: Selectable<BackfillJobsTable>): JobRecord {
  return {
    id: Number(row.id),
    type: row.type,
    status: row.status,
    reason: row.reason,
    tenantId: row.tenant_id,
    platform: row.platform,
    connectionId: row.connection_id === null ? null : Number(row.connection_id),
    scope: row.scope,
    config: fromDbJson<Record<string, unknown>>(row.config) ?? {},
    progress: fromDbJson<StoredJobProgress>(row.progress) ?? { total: 0, done: 0 },
    checkpoint: fromDbJson<JobCheckpoint>(row.checkpoint),
    errors: fromDbJson<JobError[]>(row.errors) ?? [],
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
    startedAt: row.started_at === null ? null : fromDbTime(row.started_at),
    finishedAt: row.finished_at === null ? null : fromDbTime(row.finished_at),
    lastResumedAt: row.last_resumed_at === null ? null : fromDbTime(row.last_resumed_at),
  };
}
