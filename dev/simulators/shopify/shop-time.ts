/**
 * Time as Shopify shows it and reads it: DateTime values are ISO 8601 UTC to the second
 * ("2026-01-01T00:00:00Z", https://shopify.dev/docs/api/admin-graphql/latest/scalars/DateTime),
 * and a search date without a zone is the shop's local time (PLATFORMS.md).
 */
export const DAY_MS = 86_400_000;

export const shopifyDateTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** Records keep whole seconds, as Shopify shows them, so that truth (in ms) and the API agree. */
export const wholeSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** The UTC offset of `zone` at `utcMs`, in ms (positive east of Greenwich). */
function offsetMs(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(utcMs);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** The instant a wall-clock time in `zone` names (fields as Date.UTC takes them; month 0-based). */
export function zonedToUtcMs(zone: string, year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const wall = Date.UTC(year, month, day, hour, minute, second);
  // Two passes: the offset at the guess can differ from the offset at the answer across a DST change.
  const first = wall - offsetMs(zone, wall);
  return wall - offsetMs(zone, first);
}

/** Throws unless `zone` is an IANA zone this runtime knows. */
export function assertTimeZone(zone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: zone });
}
