import type { Job } from './admin-schemas.js';
import { formatFields } from './format-fields.js';
import { formatCount, formatKeyValues, formatTable, truncate } from './format-table.js';
import { formatDuration, formatEta, formatTimestamp } from './format-time.js';
import { chunkLine } from './job-chunks.js';
import { formatProgress, scopeProgressOf } from './job-scopes.js';
import { pauseText, quotaText } from './playlist-sync-stages.js';

/** How many of a job's recent errors `jobs show` prints (the API keeps the list short already). */
const ERRORS_SHOWN = 5;

/** `jobs show`: the job as `key: value` lines, then its per-scope table, its chunks' completeness (YouTube metrics) and recent errors. */
export function renderJob(job: Job, now: Date): string {
  const active = job.finished_at === null || job.finished_at === undefined;
  const sections = [
    formatKeyValues([
      ['Job', String(job.id)],
      ['Type', job.type],
      ['Status', statusText(job)],
      ['Tenant', job.tenant_id],
      ['Platform', job.platform],
      ['Account', job.account_id ?? undefined],
      ['Connection', job.connection_id === null || job.connection_id === undefined ? undefined : String(job.connection_id)],
      ['Scope', job.scope ?? undefined],
      ['Progress', formatProgress(job.progress)],
      ['Message', job.message ?? undefined],
      ['Created', formatTimestamp(job.created_at, now)],
      ['Started', job.started_at ? formatTimestamp(job.started_at, now) : undefined],
      ['Finished', job.finished_at ? formatTimestamp(job.finished_at, now) : undefined],
      ['Duration', typeof job.duration_seconds === 'number' ? formatDuration(job.duration_seconds) : undefined],
      ['ETA', active && job.eta ? formatEta(job.eta, now) : undefined],
      ['Budget', job.budget === null || job.budget === undefined ? undefined : formatFields(job.budget)],
      ['Waiting', job.budget_wait ? `${job.budget_wait.budget} budget ${job.budget_wait.until ? `until ${formatTimestamp(job.budget_wait.until, now)}` : 'until a person raises the limit'}` : undefined],
      ...playlistSyncFields(job, now),
      ['Error', job.error_summary ?? undefined],
    ]),
  ];
  const scopes = scopeProgressOf(job, now);
  if (scopes.length > 0) {
    const what = job.stage_results ? 'STAGE' : 'SCOPE';
    sections.push(formatTable([what, 'STATUS', 'PROGRESS', 'MESSAGE'], scopes.map((s) => [s.name, s.status, formatProgress(s), truncate(s.message ?? '', 80)])));
  }
  const chunks = job.chunk_completeness ?? [];
  if (chunks.length > 0) sections.push([`Chunks (${chunks.length}):`, ...chunks.map((chunk) => `  ${chunkLine(chunk)}`)].join('\n'));
  const errors = job.errors ?? [];
  if (errors.length > 0) {
    const recent = errors.slice(-ERRORS_SHOWN);
    const header = errors.length > recent.length ? `Recent errors (last ${recent.length} of ${errors.length}):` : 'Errors:';
    // A playlist sync's refused item names its stage (the message names the video or playlist).
    const stageOf = (error: Record<string, unknown>) => (typeof error.stage === 'string' ? `[${error.stage}] ` : '');
    sections.push([header, ...recent.map((error) => `  ${error.at}  ${stageOf(error)}${truncate(error.message, 160)}`)].join('\n'));
  }
  return sections.join('\n\n');
}

/** A playlist sync's own lines: where it is, what it spent, why it waits; none for other jobs. */
function playlistSyncFields(job: Job, now: Date): [string, string | undefined][] {
  if (typeof job.stage !== 'string') return [];
  const stageAt = job.stage === 'completed' ? 'completed' : `${job.stage} ${job.current_stage_progress ?? 0}/${job.current_stage_total ?? 0}`;
  return [
    ['Stage', stageAt],
    ['Quota used', quotaText(job).replace(/^quota /, '') || undefined],
    ['Paused', job.pause_reason ? [job.pause_reason, pauseText(job, now)].join(': ') : undefined],
    ['Last resumed', job.last_resumed_at ? formatTimestamp(job.last_resumed_at, now) : undefined],
    ['Refused items', typeof job.error_count === 'number' && job.error_count > 0 ? formatCount(job.error_count) : undefined],
  ];
}

/** `cancelled (superseded)`: the status with the server's reason when it gave one. */
export function statusText(job: Pick<Job, 'status' | 'reason'>): string {
  return job.reason ? `${job.status} (${job.reason})` : job.status;
}

/** One line after an action or a watch: `Job 12 succeeded in 3m 20s`, `Job 13 failed: …`. */
export function renderJobSummary(job: Job): string {
  const duration = typeof job.duration_seconds === 'number' ? ` in ${formatDuration(job.duration_seconds)}` : '';
  const summary = job.error_summary ? `: ${truncate(job.error_summary, 200)}` : '';
  const what = `Job ${job.id} (${job.type}, ${job.platform}, tenant ${job.tenant_id})`;
  switch (job.status) {
    case 'succeeded':
      return `${what} succeeded${duration}`;
    case 'failed':
    case 'cancelled':
      return `${what} ${statusText(job)}${duration}${summary}`;
    default:
      return `${what} is ${statusText(job)}: ${formatProgress(job.progress)}${job.message ? ` — ${job.message}` : ''}`;
  }
}
