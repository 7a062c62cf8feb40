import type { RateLimitConfig } from './admin-schemas.js';
import { formatCount, formatTable } from './format-table.js';

/** `config rate-limit get|set`: the limits per platform, then the usage the server counted. */
export function renderRateLimits(config: RateLimitConfig): string {
  const platforms = Object.entries(config.platforms);
  if (platforms.length === 0) return 'No platforms configured.';
  const limits = formatTable(
    ['PLATFORM', 'REQUESTS/S', 'DAILY QUOTA', 'BACKFILL SHARE', 'CONCURRENCY'],
    platforms.map(([name, limit]) => [
      name,
      numberText(limit.requests_per_second),
      numberText(limit.daily_quota),
      typeof limit.backfill_share === 'number' ? `${formatCount(limit.backfill_share * 100)}%` : '—',
      numberText(limit.concurrency),
    ]),
  );
  const usage = platforms.flatMap(([name, limit]) =>
    (limit.usage ?? []).map((entry) => [
      name,
      entry.key ?? '—',
      entry.window ?? '—',
      entry.window_start ?? '—',
      numberText(entry.used),
      numberText(entry.backfill_used),
      waitText(entry.blocked),
    ]),
  );
  if (usage.length === 0) return `${limits}\n\nNo usage counted yet.`;
  return `${limits}\n\nUsage:\n${formatTable(['PLATFORM', 'KEY', 'WINDOW', 'WINDOW START', 'USED', 'BY BACKFILLS', 'WAITING'], usage).replace(/^/gm, '  ')}`;
}

/** Who waits for the key and until when: `—` when calls run. */
function waitText(blocked: { backfill_only?: boolean | null; until?: string | null } | null | undefined): string {
  if (!blocked) return '—';
  return `${blocked.backfill_only ? 'backfills' : 'all'} until ${blocked.until ?? 'a person raises the limit'}`;
}

function numberText(value: number | null | undefined): string {
  return typeof value === 'number' ? formatCount(value) : '—';
}
