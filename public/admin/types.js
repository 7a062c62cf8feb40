// @ts-check
// The admin API's answers as the page uses them (lib/jobs/admin-api.schemas.ts has them all).

/**
 * @typedef {'pending' | 'running' | 'paused' | 'succeeded' | 'failed' | 'cancelled'} JobStatus
 * @typedef {{ scope: string, status: string, done: number, total: number, percent: number, message: string }} JobScope
 * @typedef {{ entity: string, status: 'pending' | 'running' | 'succeeded' | 'failed', done: number, total: number | null, message: string }} JobEntity
 * @typedef {{
 *   run_for_dt: string, status: 'queued' | 'running' | 'paused' | 'succeeded' | 'dead' | 'cancelled',
 *   top_list: 'complete' | 'capped' | 'pending' | 'unknown', capped_days: number, tail_videos: number | null, tail_fetched: number
 * }} JobChunk  a YouTube metrics job's weekly chunk: complete top lists, or a capped one's tail fetched per video (issue 15)
 * @typedef {{ requests_per_second: number, daily_quota: number | null, backfill_share: number, concurrency: number }} Limits
 * @typedef {{ backfill_only: boolean, until: string | null, reason: string }} BudgetWait
 * @typedef {{ key: string, window: string, window_start: string, used: number, backfill_used: number, blocked: BudgetWait | null }} Usage
 * @typedef {Limits & { usage: Usage[] }} BudgetConfig
 * @typedef {{
 *   id: number, type: string, status: JobStatus, reason: string | null, tenant_id: string, platform: string,
 *   connection_id: number | null, account_id: string | null, config: Record<string, unknown>,
 *   progress: { done: number, total: number, percent: number }, message: string,
 *   errors: JobError[], scopes: JobScope[], entities?: JobEntity[], chunk_completeness?: JobChunk[], budget: Limits | null,
 *   budget_wait: (BudgetWait & { budget: string }) | null,
 *   created_at: string, started_at: string | null, finished_at: string | null, eta: string | null,
 *   duration_seconds: number | null, outcome: JobStatus | null, error_summary: string | null
 * } & Partial<PlaylistSyncStatus>} Job
 * @typedef {{ at: string, message: string, stage?: string, entity_type?: 'playlist' | 'video', entity_id?: string }} JobError
 * @typedef {'backup' | 'create_playlists' | 'add_videos' | 'delete_playlists'} SyncStage
 * @typedef {{ succeeded: number, failed: number, skipped: number }} StageTally
 * @typedef {{
 *   stage: SyncStage | 'completed', current_stage_progress: number, current_stage_total: number,
 *   stage_results: Record<SyncStage, StageTally>, quota_used_this_sync: number,
 *   pause_reason: 'quota_exhausted' | 'user_paused' | 'errors_collected' | null, resumes_at: string | null,
 *   last_resumed_at: string | null, error_count: number
 * }} PlaylistSyncStatus  a playlist-sync job's own status fields (issue 13)
 * @typedef {{
 *   stages: {
 *     backup: { count: number, quota_cost: number },
 *     create_playlists: { count: number, quota_cost: number, items: { category_name: string }[] },
 *     add_videos: { count: number, quota_cost: number, by_category: { category_name: string, playlist_id: string | null, video_count: number, already_present: number }[] },
 *     delete_playlists: { count: number, quota_cost: number, items: { playlist_id: string, title: string, item_count: number }[] },
 *   },
 *   total_quota_cost: number, estimated_days: number, daily_quota_limit: number | null, quota_left_today: number | null, preview_quota_cost: number
 * }} PlaylistSyncPreview
 * @typedef {{ source_job_id: number, playlists: { snapshot_id: number, playlist_id: string, title: string, video_count: number }[], preview: PlaylistSyncPreview }} PlaylistRestorePreview
 * @typedef {{
 *   type: string, platform: string, tenant_id: string, account_id: string, config: Record<string, unknown>,
 *   tasks: number, skipped: number, in_flight: number, to_run: number, api_calls: number, quota_units: number,
 *   budget: string, rate: Limits | null, estimated_seconds: number, estimated_days: number | null,
 *   active_job_id: number | null, active_job_stale: boolean,
 *   cost_breakdown?: Record<string, number>, also_spends?: { budget: string, quota_units: number }[]
 * }} Preview  `cost_breakdown` and `also_spends` when the connector says (a big YouTube channel's tail and catalogue)
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
