/** Durations and times for people: `3m 20s`, `in 1h 5m`, `2m ago`. Pure: `now` is a parameter. */

/** Whole units, the two largest that matter: `45s`, `3m 20s`, `1h 5m`, `2d 3h`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  const units: [string, number][] = [
    ['d', Math.floor(total / 86_400)],
    ['h', Math.floor((total % 86_400) / 3_600)],
    ['m', Math.floor((total % 3_600) / 60)],
    ['s', total % 60],
  ];
  const first = units.findIndex(([, value]) => value > 0);
  const [unit, value] = units[first]!;
  const next = units[first + 1];
  return next && next[1] > 0 ? `${value}${unit} ${next[1]}${next[0]}` : `${value}${unit}`;
}

/** A job's `eta` (ISO time or null) relative to now: `in 3m 20s`, `any moment`, `—`. */
export function formatEta(eta: string | null | undefined, now: Date): string {
  const at = parseTime(eta);
  if (at === undefined) return '—';
  const seconds = (at.getTime() - now.getTime()) / 1_000;
  return seconds < 1 ? 'any moment' : `in ${formatDuration(seconds)}`;
}

/** A past time relative to now: `3m 20s ago`; `—` when absent. */
export function formatAgo(time: string | null | undefined, now: Date): string {
  const at = parseTime(time);
  if (at === undefined) return '—';
  const seconds = (now.getTime() - at.getTime()) / 1_000;
  return seconds < 1 ? 'just now' : `${formatDuration(seconds)} ago`;
}

/** `2026-05-01 10:00:00Z (3m ago)`: the exact UTC time and how long ago it was, or `(in 20h)` for one ahead (a pause's end). */
export function formatTimestamp(time: string | null | undefined, now: Date): string {
  const at = parseTime(time);
  if (at === undefined) return '—';
  const relative = at.getTime() - now.getTime() >= 1_000 ? formatEta(time, now) : formatAgo(time, now);
  return `${at.toISOString().slice(0, 19).replace('T', ' ')}Z (${relative})`;
}

function parseTime(time: string | null | undefined): Date | undefined {
  if (time === null || time === undefined || time === '') return undefined;
  const at = new Date(time);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
