/**
 * How values cross the database boundary, decided once for every engine:
 *
 * - Timestamps are UTC text `YYYY-MM-DD HH:MM:SS.mmm`. MySQL stores them in DATETIME(3) and
 *   mysql2 is configured with `dateStrings`, SQLite stores the text itself; the format sorts
 *   and compares correctly as text, so `run_after <= ?` means the same on both. The
 *   application is the only clock: SQL never calls NOW().
 * - JSON is written as text and read back as text (mysql2 runs with `jsonStrings`; MariaDB's
 *   JSON is LONGTEXT; SQLite TEXT), so one JSON.parse reads it on every engine; `fromDbJson`
 *   still accepts a parsed value (another driver's).
 * - Integers come back as JS numbers: ids and counters stay far below 2^53 (mysql2 runs
 *   with `supportBigNumbers`, so a larger value would arrive as a string, not silently round).
 */
export type DbTime = string;
export type DbJson = string;

export function toDbTime(date: Date): DbTime {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}

export function fromDbTime(value: DbTime | Date): Date {
  if (value instanceof Date) return value;
  return new Date(`${value.replace(' ', 'T')}Z`);
}

export function toDbJson(value: unknown): DbJson {
  return JSON.stringify(value);
}

export function fromDbJson<T = unknown>(value: DbJson | object | null): T | null {
  if (value === null) return null;
  if (typeof value === 'string') return JSON.parse(value) as T;
  return value as T;
}
