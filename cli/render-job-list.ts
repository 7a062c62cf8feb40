import type { JobList, JobListQuery } from './admin-schemas.js';
import { formatTable, truncate } from './format-table.js';
import { formatAgo, formatDuration } from './format-time.js';
import { formatProgress } from './job-scopes.js';
import { statusText } from './render-job.js';

/** `jobs list`: one row per job, newest first as the API sends them, then how to see more. */
export function renderJobList(list: JobList, query: JobListQuery, now: Date): string {
  if (list.jobs.length === 0) return 'No jobs.';
  const rows = list.jobs.map((job) => [
    String(job.id),
    statusText(job),
    job.type,
    job.platform,
    job.tenant_id,
    job.account_id ?? '—',
    formatProgress(job.progress),
    formatAgo(job.created_at, now),
    typeof job.duration_seconds === 'number' ? formatDuration(job.duration_seconds) : '—',
    truncate(job.error_summary ?? job.message ?? '', 60),
  ]);
  const table = formatTable(['ID', 'STATUS', 'TYPE', 'PLATFORM', 'TENANT', 'ACCOUNT', 'PROGRESS', 'CREATED', 'DURATION', 'NOTE'], rows);
  return list.next_cursor ? `${table}\n\nMore jobs: ${nextPageCommand(query, list.next_cursor)}` : table;
}

/** The command that prints the next page: the same filters and `--cursor`. */
export function nextPageCommand(query: JobListQuery, cursor: string): string {
  const flags: [string, string | number | undefined][] = [
    ['status', query.status],
    ['type', query.type],
    ['platform', query.platform],
    ['tenant', query.tenant_id],
    ['limit', query.limit],
    ['cursor', cursor],
  ];
  const given = flags.flatMap(([flag, value]) => (value === undefined ? [] : [`--${flag} ${shellWord(String(value))}`]));
  return ['npx sluice jobs list', ...given].join(' ');
}

/** A word a POSIX shell reads back unchanged. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
