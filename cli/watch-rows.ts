/**
 * What `jobs watch` draws, as data: one row per job, one per entry of its `scopes` (or
 * `entities`) and one per tail a capped chunk is fetching (YouTube metrics), and the text of a row. Pure, so the drawing library only places lines.
 */
import { isActiveStatus, type Job } from './admin-schemas.js';
import { truncate } from './format-table.js';
import { formatDuration, formatEta } from './format-time.js';
import { tailProgressOf } from './job-chunks.js';
import { percentOf, scopeProgressOf } from './job-scopes.js';
import { statusText } from './render-job.js';

export interface WatchRow {
  /** Padded to the widest label of the rows drawn together. */
  label: string;
  value: number;
  total: number;
  percent: number;
  status: string;
  message: string;
  /** `ETA in 3m 20s` while active, `took 4m` once ended; empty for scope rows. */
  eta: string;
}

export function watchRows(jobs: readonly Job[], now: Date): WatchRow[] {
  const rows = jobs.flatMap((job): (Omit<WatchRow, 'label'> & { name: string })[] => [
    {
      name: `Job ${job.id} ${job.type}`,
      value: job.progress.done,
      total: job.progress.total,
      percent: percentOf(job.progress),
      status: statusText(job),
      message: (job.status === 'failed' || job.status === 'cancelled' ? job.error_summary : undefined) ?? job.message ?? '',
      eta: jobTiming(job, now),
    },
    ...[...scopeProgressOf(job, now), ...tailProgressOf(job)].map((scope) => ({
      name: `  ${scope.name}`,
      value: scope.done,
      total: scope.total,
      percent: scope.percent,
      status: scope.status,
      message: scope.message ?? '',
      eta: '',
    })),
  ]);
  const width = Math.max(0, ...rows.map((row) => row.name.length));
  return rows.map(({ name, ...row }) => ({ ...row, label: name.padEnd(width) }));
}

/** `Job 12 data-collection |██████░░░░|  60% 3/5 running · Fetching… · ETA in 20s` */
export function formatWatchRow(row: Pick<WatchRow, 'label' | 'value' | 'total' | 'percent' | 'status' | 'message' | 'eta'>, barSize = 24): string {
  const bar = formatBar(row.percent, barSize);
  const percent = `${Math.floor(row.percent)}%`.padStart(4);
  const tail = [row.status, row.message ? truncate(row.message, 80) : '', row.eta].filter((part) => part !== '').join(' · ');
  return `${row.label} |${bar}| ${percent} ${row.value}/${row.total} ${tail}`;
}

/** `██████░░░░`: `percent` of `size` cells filled. */
export function formatBar(percent: number, size = 24): string {
  const filled = Math.max(0, Math.min(size, Math.round((percent / 100) * size)));
  return '█'.repeat(filled) + '░'.repeat(size - filled);
}

function jobTiming(job: Job, now: Date): string {
  if (isActiveStatus(job.status)) return job.eta ? `ETA ${formatEta(job.eta, now)}` : '';
  return typeof job.duration_seconds === 'number' ? `took ${formatDuration(job.duration_seconds)}` : '';
}
