/**
 * Pure: `config` with its `start_date`/`end_date` range widened to cover `other`'s, or
 * undefined when that changes nothing (or either has no range). Days are `YYYY-MM-DD`, which
 * sort as text. The range is the hull of both (a follow-up or a re-plan covers the days
 * between too); a `days` count no longer describes it and is dropped.
 */
export function widenDateRange(config: Record<string, unknown>, other: unknown): Record<string, unknown> | undefined {
  const range = (value: unknown): [string, string] | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    const { start_date: start, end_date: end } = value as Record<string, unknown>;
    return typeof start === 'string' && typeof end === 'string' ? [start, end] : undefined;
  };
  const own = range(config);
  const theirs = range(typeof other === 'string' ? JSON.parse(other) : other);
  if (!own || !theirs) return undefined;
  const start = theirs[0] < own[0] ? theirs[0] : own[0];
  const end = theirs[1] > own[1] ? theirs[1] : own[1];
  if (start === own[0] && end === own[1]) return undefined;
  const { days: _stale, ...rest } = config;
  return { ...rest, start_date: start, end_date: end };
}
