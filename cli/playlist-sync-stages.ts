/**
 * A `playlist-sync` job's stages as progress rows, for `jobs show`'s table and the watch's bars:
 * the stages before the current one full with their results, the current one at
 * `current_stage_progress/current_stage_total` with the quota used and why it waits, the
 * ones after it pending.
 */
import type { Job } from './admin-schemas.js';
import { formatCount } from './format-table.js';
import { formatTimestamp } from './format-time.js';
import type { ScopeProgress } from './job-scopes.js';
import { SYNC_STAGES } from './playlist-sync-schemas.js';

/** The stage rows, or undefined for a job that is not a playlist sync. */
export function stageProgressOf(job: Job, now: Date): ScopeProgress[] | undefined {
  const results = job.stage_results;
  if (!results || typeof job.stage !== 'string') return undefined;
  const current = job.stage === 'completed' ? SYNC_STAGES.length : SYNC_STAGES.indexOf(job.stage as (typeof SYNC_STAGES)[number]);
  return SYNC_STAGES.map((stage, index): ScopeProgress => {
    const tally = results[stage];
    const counted = tally.succeeded + tally.failed + tally.skipped;
    const outcome = [tally.succeeded > 0 ? `${formatCount(tally.succeeded)} succeeded` : '', tally.failed > 0 ? `${formatCount(tally.failed)} failed` : '', tally.skipped > 0 ? `${formatCount(tally.skipped)} skipped` : ''].filter(Boolean);
    if (index < current) return { name: stage, status: 'done', done: counted, total: counted, percent: 100, message: outcome.join(' · ') };
    if (index > current) return { name: stage, status: 'pending', done: 0, total: 0, percent: 0, message: undefined };
    const done = job.current_stage_progress ?? counted;
    const total = job.current_stage_total ?? done;
    const status = job.pause_reason ? `paused (${job.pause_reason})` : job.status === 'running' || job.status === 'pending' ? 'running' : job.status;
    const message = [...outcome, quotaText(job), pauseText(job, now)].filter(Boolean).join(' · ');
    return { name: stage, status, done, total, percent: total > 0 ? Math.min(100, (done / total) * 100) : 0, message };
  });
}

/** `quota 802 units`: every unit the sync spent so far. */
export function quotaText(job: Job): string {
  return typeof job.quota_used_this_sync === 'number' ? `quota ${formatCount(job.quota_used_this_sync)} units` : '';
}

/** `resumes 2026-05-02 07:00 (in 20h)` for a quota pause; a person's or the errors' pause waits for `resume`. */
export function pauseText(job: Job, now: Date): string {
  if (!job.pause_reason) return '';
  if (job.resumes_at) return `resumes ${formatTimestamp(job.resumes_at, now)}`;
  return job.pause_reason === 'errors_collected' ? 'too many refused writes: resume after reading the errors' : 'until resumed';
}
