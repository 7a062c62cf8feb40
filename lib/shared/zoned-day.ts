import { addDays } from './calendar-days.js';

/**
 * Calendar days in a time zone, as instants: when a vendor's day starts and ends (YouTube's
 * quotas reset at midnight America/Los_Angeles, 07:00 or 08:00 UTC as daylight saving goes).
 * Formatters are made on first use and kept per zone: the first loads ICU's zone data, ~10 MB
 * a cold start may never need.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  return format;
}

/** The calendar day (`YYYY-MM-DD`) in `timeZone` at `at`. */
export function zonedDate(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(formatFor(timeZone).formatToParts(at).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The zone's offset from UTC at `at`, in ms (local − UTC; Pacific: −7 h or −8 h). */
function offsetMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(formatFor(timeZone).formatToParts(at).map((part) => [part.type, part.value]));
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return local - Math.floor(at.getTime() / 1_000) * 1_000;
}

/**
 * The first instant of `day` in `timeZone`: its local midnight, or, in a zone whose clocks
 * skip midnight on a change day, the first instant that is that day there.
 */
export function startOfZonedDay(day: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  // The offset just before and just after the day starts; one of them is in force at its midnight.
  for (const probe of [utcMidnight - 86_400_000, utcMidnight + 86_400_000]) {
    const candidate = new Date(utcMidnight - offsetMs(new Date(probe), timeZone));
    if (zonedDate(candidate, timeZone) === day && zonedDate(new Date(candidate.getTime() - 1), timeZone) !== day) return candidate;
  }
  // Midnight skipped (a change at 00:00): the day starts at the change, found by halving.
  let [low, high] = [utcMidnight - 86_400_000 * 2, utcMidnight + 86_400_000 * 2];
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zonedDate(new Date(middle), timeZone) < day) low = middle;
    else high = middle;
  }
  return new Date(high);
}

/** When the day containing `at` started in `timeZone`. */
export function zonedDayStart(at: Date, timeZone: string): Date {
  return startOfZonedDay(zonedDate(at, timeZone), timeZone);
}

/** When the next day after the one containing `at` starts in `timeZone`. */
export function nextZonedDayStart(at: Date, timeZone: string): Date {
  return startOfZonedDay(addDays(zonedDate(at, timeZone), 1), timeZone);
}
