/** Calendar-day helpers on 'YYYY-MM-DD' strings. YouTube Analytics days are Pacific-time days. */

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

const pacificFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in America/Los_Angeles at `now` ('en-CA' formats as YYYY-MM-DD). */
export function pacificToday(now: Date = new Date()): string {
  return pacificFormat.format(now);
}

export function isIsoDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  return new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Every day from `start` to `end`, both included; empty when start > end. */
export function eachDay(start: string, end: string): string[] {
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The first instant of `day` in America/Los_Angeles: its midnight at UTC−8 (PST) or UTC−7 (PDT). */
export function pacificDayStart(day: string): Date {
  for (const hours of [7, 8]) {
    const candidate = new Date(Date.parse(`${day}T0${hours}:00:00Z`));
    if (pacificToday(candidate) === day && pacificToday(new Date(candidate.getTime() - 1)) !== day) return candidate;
  }
  throw new Error(`no Pacific midnight found for ${day}`);
}
