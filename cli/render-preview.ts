import type { BackfillRequest, Preview } from './admin-schemas.js';
import { formatCount, formatKeyValues, truncate } from './format-table.js';
import { formatDuration } from './format-time.js';

const CHUNKS_SHOWN = 10;

/** `jobs preview`: what the create would do and what it costs, before anything is written. */
export function renderPreview(preview: Preview, request: BackfillRequest): string {
  const sections = [
    `Preview of ${describeRequest(request)} (nothing was created):`,
    formatKeyValues([
      ['Tasks', `${formatCount(preview.tasks)} to run${preview.skipped > 0 ? `, ${formatCount(preview.skipped)} already done (skipped${request.force ? '' : '; --force runs them again'})` : ''}`],
      ['API calls', formatCount(preview.api_calls)],
      ['Quota units', formatCount(preview.quota_units)],
      ['Estimated duration', `${estimatedDuration(preview.estimated_seconds)}${rateText(preview.rate)}`],
      ['Estimated days', `${formatCount(preview.estimated_days)} ${preview.estimated_days === 1 ? 'day' : 'days'}`],
      ['Budget', budgetText(preview.budget)],
    ]).replace(/^/gm, '  '),
  ];
  const chunks = preview.chunks ?? [];
  if (chunks.length > 0) {
    const shown = chunks.slice(0, CHUNKS_SHOWN).map((chunk) => `  ${truncate(flatText(chunk) ?? JSON.stringify(chunk), 120)}`);
    if (chunks.length > shown.length) shown.push(`  … ${chunks.length - shown.length} more`);
    sections.push([`Chunks (${chunks.length}):`, ...shown].join('\n'));
  }
  sections.push(preview.tasks === 0 ? 'Nothing to run.' : "Run the same command as 'jobs create' to start it.");
  return sections.join('\n');
}

/** `data-collection on youtube for tenant acme (account UC1), 2026-01-01 → 2026-01-28` */
export function describeRequest(request: BackfillRequest): string {
  const target = request.account_id !== undefined ? ` (account ${request.account_id})` : request.connection_id !== undefined ? ` (connection ${request.connection_id})` : '';
  const range =
    request.start_date !== undefined ? `, ${request.start_date} → ${request.end_date ?? request.start_date}` : request.days !== undefined ? `, last ${request.days} days` : '';
  return `${request.type} on ${request.platform} for tenant ${request.tenant_id}${target}${range}${request.force ? ', forced' : ''}`;
}

function estimatedDuration(seconds: number): string {
  return seconds <= 0 ? 'nothing to wait for' : `about ${formatDuration(seconds)}`;
}

function rateText(rate: Preview['rate']): string {
  const parts = [
    typeof rate?.requests_per_second === 'number' ? `${formatCount(rate.requests_per_second)} requests/s` : undefined,
    typeof rate?.concurrency === 'number' ? `concurrency ${rate.concurrency}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? ` at ${parts.join(', ')}` : '';
}

/** The budget's shape is the server's to extend: its plain fields, one level of nesting deep. */
function budgetText(budget: unknown): string | undefined {
  if (budget === undefined || budget === null) return undefined;
  return flatText(budget) ?? truncate(JSON.stringify(budget), 160);
}

/** `key value · other value` for an object's plain fields (one nested level as `a.b`); undefined when there are none. */
function flatText(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  const parts: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (isPlain(field)) parts.push(`${key} ${plainText(field)}`);
    else if (typeof field === 'object' && field !== null && !Array.isArray(field)) {
      for (const [inner, innerField] of Object.entries(field)) if (isPlain(innerField)) parts.push(`${key}.${inner} ${plainText(innerField)}`);
    }
  }
  return parts.length > 0 ? truncate(parts.join(' · '), 200) : undefined;
}

function isPlain(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function plainText(value: string | number | boolean | null): string {
  return typeof value === 'number' ? formatCount(value) : String(value);
}
