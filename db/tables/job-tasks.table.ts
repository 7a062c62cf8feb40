import type { Generated } from 'kysely';
import type { DbJson, DbTime } from '../values.js';

/**
 * `paused` waits for a person or an event (re-authorization, a paused job): not claimable, it
 * spends no attempt. Migration 0002 turned the parked `failed` rows of 0001 into `paused`.
 */
export const TASK_STATUSES = ['queued', 'running', 'paused', 'succeeded', 'dead', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** `job_tasks`: the queue. Column names are a contract (DESIGN.md, Tables). */
export interface JobTasksTable {
  id: Generated<number>;
  tenant_id: string;
  /** The connector whose handler runs the task (lib/connectors/registry.ts). */
  platform: string;
  /** The account the task works for; tasks paused for re-authorization resume by it. */
  connection_id: number | null;
  /** `${platform}.${name}`, e.g. `youtube.daily_channel`. */
  kind: string;
  /** UNIQUE: enqueueing the same key again never makes a second row. */
  dedupe_key: string;
  payload: DbJson;
  status: TaskStatus;
  /** Lower runs first. */
  priority: number;
  run_after: DbTime;
  /** Attempts spent; a claim spends one, a reschedule (429, quota, auth) gives it back. */
  attempts: number;
  max_attempts: number;
  /** Set per claim; finishing a task requires the token of the claim that holds it. */
  lease_token: string | null;
  lease_expires_at: DbTime | null;
  last_error: string | null;
  job_id: number | null;
  created_at: DbTime;
  updated_at: DbTime;
}
