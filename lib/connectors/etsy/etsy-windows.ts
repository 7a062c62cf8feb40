/**
 * Time windows for Etsy's `min_created`/`max_created` queries, in unix seconds. Etsy reads both
 * bounds as inclusive (PLATFORMS.md), so adjacent windows must not overlap: a window ends one
 * second before the next one starts.
 *
 * 31 days: ledger entries must be asked for at most 2,678,400 s (31 days) apart, and receipts
 * use the same length — a month of a shop's receipts keeps each window's offset walk short (a
 * few pages even for a busy shop), a checkpoint names the window it is in, and an empty month
 * costs one call.
 */
export const WINDOW_SECONDS = 31 * 86_400;

export interface EpochWindow {
  /** Unix seconds, inclusive. */
  start: number;
  /** Unix seconds, inclusive: at most `start + WINDOW_SECONDS − 1`, and never past `until`. */
  end: number;
}

/** Pure: the window starting at `start`, clipped at `until` (the range's last second). */
export function windowFrom(start: number, until: number): EpochWindow {
  return { start, end: Math.min(start + WINDOW_SECONDS - 1, until) };
}

