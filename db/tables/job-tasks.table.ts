import type { Generated } from 'kysely';
import type { DbJson, DbTime } from '../values.js';

/**
 * `paused` waits for a person or an event (re-authorization, a paused job): not claimable, it
 * spends no attempt. Migration 0002 turned the parked `failed` rows of 0001 into `paused`.
 */
export const TASK_STATUSES = ['queued', 'running', 'paused', 'succeeded', 'dead', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * `reauth`: reconnecting the account resumes it; `job`: resuming its job does; `budget`: a
 * budget limit only a person can raise (a daily quota or backfill share of 0) — the dispatcher
 * resumes it once the limit allows its calls; `approval`: a guarded data backfill's next phase,
 * released only by a person's approval of it. Each event resumes only its own pauses.
 */
export const PAUSE_REASONS = ['reauth', 'job', 'budget', 'approval'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

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
  /** Lower runs first: the planner's class × 1,000,000 + a level that takes tenants in turn (lib/jobs/fair-queue.ts). */
  priority: number;
  run_after: DbTime;
  /** Runs without progress: a claim spends one; a step committed, a reschedule (429, quota, auth) or a release gives it back. */
  attempts: number;
  max_attempts: number;
  /** Set per claim; finishing a task requires the token of the claim that holds it. */
  lease_token: string | null;
  lease_expires_at: DbTime | null;
  last_error: string | null;
  job_id: number | null;
  /** The last committed step's marker (JSON); a retried or reclaimed task resumes after it. */
  checkpoint: DbJson | null;
  /** Steps committed over the task's life. */
  steps_done: Generated<number>;
  /** Steps committed by the current claim: a run with steps spends no attempt. */
  run_steps: Generated<number>;
  /** Leases lost in a row without a step committed; too many and the task is poison. */
  lost_leases: Generated<number>;
  /** Why a `paused` task waits: its connection's re-authorization, or its paused job. NULL otherwise. */
  pause_reason: PauseReason | null;
  created_at: DbTime;
  updated_at: DbTime;
}
