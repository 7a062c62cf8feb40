import { PermanentError } from '../../errors.js';

/**
 * Printify sends times as `YYYY-MM-DD HH:MM:SS+00:00` (UTC, https://developers.printify.com/#api-basics);
 * some answers use `T` and other examples carry a fraction or `Z`, so those are read too, and any
 * offset is applied. Anything else is a mapping error naming the record: a guessed time would
 * put an order on the wrong day.
 */
const PRINTIFY_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

/** Pure: a Printify time → the UTC instant; `record` names the field in the error (e.g. `printify order 5a9… created_at`). */
export function parsePrintifyTime(value: string, record: string): Date {
  const match = PRINTIFY_TIME.exec(value);
  if (!match) throw new PermanentError(`${record}: "${value}" is not a Printify time (YYYY-MM-DD HH:MM:SS+00:00)`);
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const ms = Math.floor(Number(`0.${fraction ?? '0'}`) * 1_000);
  const local = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms);
  const at = new Date(local - offsetMinutes(zone!) * 60_000);
  // Date.UTC rolls 2026-02-30 over to March: a date that does not exist is refused, not moved.
  const roundTrip = new Date(local);
  if (roundTrip.getUTCDate() !== Number(day) || roundTrip.getUTCMonth() !== Number(month) - 1 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    throw new PermanentError(`${record}: "${value}" is not a valid date and time`);
  }
  return at;
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}
