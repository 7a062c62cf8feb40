import type { Selectable } from 'kysely';
import type { JobTasksTable, TaskStatus } from '../../../db/tables/job-tasks.table.js';
import { fromDbJson, fromDbTime } from '../../../db/values.js';

export type TaskRow = Selectable<JobTasksTable>;

export interface Task {
  id: number;
  tenantId: string;
  platform: string;
  connectionId: number | null;
  kind: string;
  dedupeKey: string;
  payload: unknown;
  status: TaskStatus;
  priority: number;
  runAfter: Date;
  attempts: number;
  maxAttempts: number;
  leaseToken: string | null;
  leaseExpiresAt: Date | null;
  lastError: string | null;
  jobId: number | null;
  /** The last committed step's marker, parsed; null before the first step. */
  checkpoint: unknown;
  stepsDone: number;
  lostLeases: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toTask(row: TaskRow): Task {
  return {
    id: Number(row.id),
    tenantId: row.tenant_id,
    platform: row.platform,
    connectionId: row.connection_id === null ? null : Number(row.connection_id),
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    payload: fromDbJson(row.payload),
    status: row.status,
    priority: Number(row.priority),
    runAfter: fromDbTime(row.run_after),
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    leaseToken: row.lease_token,
    leaseExpiresAt: row.lease_expires_at === null ? null : fromDbTime(row.lease_expires_at),
    lastError: row.last_error,
    jobId: row.job_id === null ? null : Number(row.job_id),
    checkpoint: fromDbJson(row.checkpoint ?? null),
    stepsDone: Number(row.steps_done ?? 0),
    lostLeases: Number(row.lost_leases ?? 0),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}
