// @ts-check
// Numbers and times as the page shows them: en-US thousands separators, UTC times.

const count = new Intl.NumberFormat('en-US');

export function formatCount(/** @type {number} */ value) {
  return count.format(value);
}

/** `2026-11-29T13:05:00.000Z` → `2026-11-29 13:05 UTC`. */
export function formatTime(/** @type {string | null} */ iso) {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—';
}

/** Seconds as `45 s`, `12 min 5 s`, `3 h 20 min`, `2 d 4 h`. */
export function formatDuration(/** @type {number | null} */ seconds) {
  if (seconds === null) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86400) return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86400)} d${Math.floor((s % 86400) / 3600) ? ` ${Math.floor((s % 86400) / 3600)} h` : ''}`;
}

/** A job's range from its config: `2026-10-01 – 2026-10-14`, or `last 7 days`. */
export function formatRange(/** @type {Record<string, unknown>} */ config) {
  const { start_date: start, end_date: end, days } = config;
  if (typeof start === 'string' && typeof end === 'string') return `${start} – ${end}`;
  // A commerce backfill of the shop's whole history has no first day.
  if (start === null && typeof end === 'string') return `whole history – ${end}`;
  if (typeof days === 'number') return `last ${days} days`;
  return '—';
}

/** An ETA as time left from `now`. */
export function formatEta(/** @type {string | null} */ eta, /** @type {number} */ now) {
  if (!eta) return '—';
  return `${formatDuration((Date.parse(eta) - now) / 1000)} left (${formatTime(eta)})`;
}
