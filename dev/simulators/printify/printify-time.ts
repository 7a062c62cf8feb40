/**
 * Printify sends every time as `YYYY-MM-DD HH:MM:SS+00:00` (UTC, whole seconds), e.g.
 * "2017-04-18 13:24:28+00:00" in https://developers.printify.com/#retrieve-a-list-of-orders.
 * The format sorts as text in time order, which the simulator relies on.
 */
import type { PrintifyTime } from './types.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Printify times have whole seconds. */
export const secondsOf = (ms: number): number => Math.floor(ms / 1000) * 1000;

export function printifyTime(ms: number): PrintifyTime {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}+00:00`;
}

/** The ISO 8601 form Sluice stores and compares, `YYYY-MM-DDTHH:MM:SS.000Z`. */
export function isoFromPrintifyTime(time: PrintifyTime): string {
  return new Date(`${time.slice(0, 10)}T${time.slice(11, 19)}Z`).toISOString();
}
