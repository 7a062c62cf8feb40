import type { BackfillRequest, Preview } from './admin-schemas.js';
import { formatFields } from './format-fields.js';
import { formatCount, formatKeyValues, truncate } from './format-table.js';
import { formatDuration } from './format-time.js';

const CHUNKS_SHOWN = 10;

/** `jobs preview`: what the create would run and what it costs, before anything is written. */
export function renderPreview(preview: Preview, request: BackfillRequest): string {
  const toRun = preview.to_run ?? preview.tasks - preview.skipped;
  const activeJob = preview.active_job_id === null || preview.active_job_id === undefined ? undefined : String(preview.active_job_id);
  const sections = [
    `Preview of ${describeRequest(request)} (nothing was created):`,
    formatKeyValues([
      ['Scope', preview.scope ?? undefined],
      ['Range', rangeText(preview.config)],
      ['Tasks', tasksText(preview, request.force === true)],
      ['API calls', apiCallsText(preview)],
      ['Quota units', formatCount(preview.quota_units)],
      ['Also spends', alsoSpendsText(preview)],
      ['Estimated duration', toRun === 0 ? 'nothing to run' : `about ${formatDuration(preview.estimated_seconds)}`],
      ['Estimated days', daysText(preview.estimated_days)],
      ['Budget', budgetText(preview)],
      ['Active job', activeJob === undefined ? undefined : `${activeJob} holds this scope: a create now answers 409 (npx sluice jobs watch ${activeJob})`],
    ]).replace(/^/gm, '  '),
  ];
  const chunks = preview.chunks ?? [];
  if (chunks.length > 0) {
    const shown = chunks.slice(0, CHUNKS_SHOWN).map((chunk) => `  ${chunkText(chunk)}`);
    if (chunks.length > shown.length) shown.push(`  … ${chunks.length - shown.length} more`);
    sections.push([`Chunks (${chunks.length}):`, ...shown].join('\n'));
  }
  sections.push(toRun === 0 ? 'Nothing to run.' : activeJob !== undefined ? `Job ${activeJob} must end first.` : "Run the same command as 'jobs create' to start it.");
  return sections.join('\n');
}

/** `data-collection on youtube for tenant acme (account UC1), 2026-01-01 → 2026-01-28` */
export function describeRequest(request: BackfillRequest): string {
  const target = request.account_id !== undefined ? ` (account ${request.account_id})` : request.connection_id !== undefined ? ` (connection ${request.connection_id})` : '';
  const range =
    request.start_date !== undefined ? `, ${request.start_date} → ${request.end_date ?? request.start_date}` : request.days !== undefined ? `, last ${request.days} days` : '';
  return `${request.type} on ${request.platform} for tenant ${request.tenant_id}${target}${range}${request.force ? ', forced' : ''}`;
}

/** `4 planned: 1 to run, 2 queued or running already, 1 already done` */
function tasksText(preview: Preview, force: boolean): string {
  const done = preview.skipped > 0 ? `${formatCount(preview.skipped)} already done${force ? '' : ' (--force runs them again)'}` : undefined;
  if (typeof preview.to_run !== 'number') return [`${formatCount(preview.tasks)} planned`, done].filter(Boolean).join(', ');
  const parts = [
    `${formatCount(preview.to_run)} to run`,
    preview.in_flight ? `${formatCount(preview.in_flight)} queued or running already` : undefined,
    done,
  ].filter(Boolean);
  return parts.length === 1 && preview.to_run === preview.tasks ? parts[0]! : `${formatCount(preview.tasks)} planned: ${parts.join(', ')}`;
}

/** The words for the parts of `cost_breakdown` the CLI knows (lib/connectors/youtube/daily-channel.planner.ts); others print by their key. */
const COST_PARTS: Readonly<Record<string, (count: string) => string>> = {
  top_list_calls: (count) => `${count} top lists`,
  tail_calls_max: (count) => `at most ${count} tail videos`,
};

/** `2,709 (14 top lists + at most 2,695 tail videos)`: the calls, and how they are made up when the API says. */
function apiCallsText(preview: Preview): string {
  const parts = Object.entries(preview.cost_breakdown ?? {}).map(([key, count]) => (COST_PARTS[key] ?? ((text: string) => `${text} ${key}`))(formatCount(count)));
  return parts.length === 0 ? formatCount(preview.api_calls) : `${formatCount(preview.api_calls)} (${parts.join(' + ')})`;
}

/** `30 youtube-data units`: what the job spends of budgets other than its own (a channel's catalogue). */
function alsoSpendsText(preview: Preview): string | undefined {
  const spends = preview.also_spends ?? [];
  if (spends.length === 0) return undefined;
  return spends.map((spend) => `${formatCount(spend.quota_units)} ${spend.budget} ${spend.quota_units === 1 ? 'unit' : 'units'}`).join(', ');
}

function daysText(days: number | null): string {
  if (days === null) return 'never: the budget gives backfills no share of its daily quota';
  return `${formatCount(days)} ${days === 1 ? 'day' : 'days'}`;
}

/** The budget's name or fields, then the limits the estimate assumed. */
function budgetText(preview: Preview): string | undefined {
  const rate = preview.rate;
  const limits = rate
    ? [
        typeof rate.requests_per_second === 'number' ? `${formatCount(rate.requests_per_second)} requests/s` : undefined,
        typeof rate.concurrency === 'number' ? `concurrency ${rate.concurrency}` : undefined,
        rate.daily_quota === undefined ? undefined : `daily quota ${rate.daily_quota === null ? 'none' : formatCount(rate.daily_quota)}`,
        typeof rate.backfill_share === 'number' ? `backfill share ${formatCount(rate.backfill_share * 100)}%` : undefined,
      ].filter(Boolean)
    : [];
  const budget = preview.budget === undefined || preview.budget === null ? undefined : (formatFields(preview.budget) ?? truncate(JSON.stringify(preview.budget), 160));
  const text = [budget, limits.join(', ')].filter(Boolean).join(': ');
  return text === '' ? undefined : text;
}

/** `2026-10-31 → 2026-11-27` from the plan's config, when it has a date range. */
function rangeText(config: unknown): string | undefined {
  const { start_date: start, end_date: end } = (typeof config === 'object' && config !== null ? config : {}) as { start_date?: unknown; end_date?: unknown };
  return typeof start === 'string' && typeof end === 'string' ? `${start} → ${end}` : undefined;
}

/** `in_flight  demo:daily_channel:UC1:2026-11-06`, or the chunk's fields. */
function chunkText(chunk: unknown): string {
  const { task, status } = (typeof chunk === 'object' && chunk !== null ? chunk : {}) as { task?: unknown; status?: unknown };
  if (typeof task === 'string' && typeof status === 'string') return `${status.padEnd(9)}  ${task}`;
  return truncate(formatFields(chunk) ?? JSON.stringify(chunk), 120);
}
