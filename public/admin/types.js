// @ts-check
// The admin API's answers as the page uses them (lib/jobs/admin-api.schemas.ts has them all).

/**
 * @typedef {'pending' | 'running' | 'paused' | 'succeeded' | 'failed' | 'cancelled'} JobStatus
 * @typedef {{ scope: string, status: string, done: number, total: number, percent: number, message: string }} JobScope
 * @typedef {{ entity: string, status: 'pending' | 'running' | 'succeeded' | 'failed', done: number, total: number | null, message: string }} JobEntity
 * @typedef {{ requests_per_second: number, daily_quota: number | null, backfill_share: number, concurrency: number }} Limits
 * @typedef {{ backfill_only: boolean, until: string | null, reason: string }} BudgetWait
 * @typedef {{ key: string, window: string, window_start: string, used: number, backfill_used: number, blocked: BudgetWait | null }} Usage
 * @typedef {Limits & { usage: Usage[] }} BudgetConfig
 * @typedef {{
 *   id: number, type: string, status: JobStatus, reason: string | null, tenant_id: string, platform: string,
 *   connection_id: number | null, account_id: string | null, config: Record<string, unknown>,
 *   progress: { done: number, total: number, percent: number }, message: string,
 *   errors: { at: string, message: string }[], scopes: JobScope[], entities?: JobEntity[], budget: Limits | null,
 *   budget_wait: (BudgetWait & { budget: string }) | null,
 *   created_at: string, started_at: string | null, finished_at: string | null, eta: string | null,
 *   duration_seconds: number | null, outcome: JobStatus | null, error_summary: string | null
 * }} Job
 * @typedef {{
 *   type: string, platform: string, tenant_id: string, account_id: string, config: Record<string, unknown>,
 *   tasks: number, skipped: number, in_flight: number, to_run: number, api_calls: number, quota_units: number,
 *   budget: string, rate: Limits | null, estimated_seconds: number, estimated_days: number | null,
 *   active_job_id: number | null, active_job_stale: boolean
 * }} Preview
 * @typedef {{
 *   id: number, tenant_id: string, platform: string, account_id: string, display_name: string | null,
 *   status: 'active' | 'needs_reauth' | 'disconnected', scopes: string, last_error: string | null,
 *   limitations: string[], created_at: string
 * }} Connection
 * @typedef {{ name: string, value: number | null, op: string, threshold: number, passed: boolean, samples: number, failed_samples: number }} SoakCheck
 * @typedef {{
 *   id: number, name: string, status: 'awaiting_approval' | 'running' | 'failed' | 'completed', phase: string,
 *   next_phase: 'apply' | 'soak' | 'health' | null, job_id: number, message: string,
 *   plan: { rows: number, batches: number, estimated_seconds: number, sample: unknown[] } | null,
 *   apply: { batches_done: number, batches_total: number, rows_changed: number, rows_skipped: number } | null,
 *   soak: { checks: SoakCheck[], passed: boolean, samples: number } | null,
 *   health: { rows_remaining: number, recommendation: string, database: string, mini_plan: unknown } | null,
 *   rollback: { rows_restored: number, rows_unchanged: number, conflicts: { key: unknown }[] } | null,
 *   failure: { phase: string, message: string } | null,
 *   approvals: { phase: string, by: string, at: string, note: string, override_reason: string | null }[],
 *   definition: { operation: { kind: string } }, created_at: string, updated_at: string
 * }} DataBackfillRun
 */

export {};
