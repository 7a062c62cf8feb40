/** Where a walk over records sorted by a time, ascending, stands: the lower bound, and how many records at it were already read. */
export interface TimePosition {
  /** The inclusive lower bound of the next request (the vendor's unit, e.g. unix seconds). */
  from: number;
  /** Records at exactly `from` already read: the next request's offset (non-zero only after a page wholly at one time). */
  skip: number;
}

export interface TimePage<T> {
  results: T[];
  /** The vendor's count of every record from `from` on (as of this answer). */
  count: number;
  position: TimePosition;
  /** Where the next page starts: a resume point to checkpoint with this page's rows. */
  next: TimePosition;
  last: boolean;
}

export interface AscendingTimePagesOptions<T> {
  limit: number;
  start: TimePosition;
  /** The record's sort time, in the unit of `from`. */
  timeOf(record: T): number;
}

/**
 * Pages over records sorted ascending by a time that changes (e.g. Etsy receipts by
 * `updated`, between `min_last_modified` and a fixed `max_last_modified`). Plain offsets skip
 * records there: a record read on an earlier page that changes again leaves the bounds, every
 * later record moves up one place, and the one at the page boundary is never read — yet the
 * cursor moves past it. So each page restarts at the newest time it read, with no offset: the
 * records at that time are read again (upserts absorb repeats), and a record leaving the bounds
 * moves nothing the walk has not passed. An offset is used only when a whole page sits in one
 * second (the walk could not move on otherwise). Ends at a short or empty page.
 */
export async function* ascendingTimePages<T>(fetchPage: (position: TimePosition, limit: number) => Promise<{ count: number; results: T[] }>, options: AscendingTimePagesOptions<T>): AsyncGenerator<TimePage<T>> {
  for (let position = options.start; ; ) {
    const { count, results } = await fetchPage(position, options.limit);
    const next = nextPosition(position, results.map(options.timeOf));
    const last = results.length < options.limit;
    yield { results, count, position, next, last };
    if (last) return;
    position = next;
  }
}

/**
 * Pure: the position after a page whose records have these times. A page spanning several
 * times restarts at its newest with skip 0: skipping the ties read would count on their places
 * staying put, and a tie modified again mid-walk moves the unread ones up past the offset.
 */
export function nextPosition(position: TimePosition, times: readonly number[]): TimePosition {
  if (times.length === 0) return position;
  const newest = Math.max(...times);
  const oldest = Math.min(...times);
  if (oldest !== newest) return { from: newest, skip: 0 };
  // The whole page in one second: more ties than a page; only an offset moves the walk on.
  return newest === position.from ? { from: position.from, skip: position.skip + times.length } : { from: newest, skip: times.length };
}
