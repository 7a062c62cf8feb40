/** One page of an offset walk, and where the walk stands after it. */
export interface OffsetPage<T> {
  results: T[];
  /** The vendor's count of every record the query matches (as of this answer). */
  count: number;
  offset: number;
  /** Where the next page starts: a resume point to checkpoint with this page's rows. */
  nextOffset: number;
  /** No page follows (this one was short, or reached the count). */
  last: boolean;
}

export interface OffsetPagesOptions {
  limit: number;
  /** Resume here (a checkpoint's `nextOffset`); default 0. */
  startOffset?: number;
}

/**
 * Offset pagination (Etsy's `limit`/`offset` with `{count, results}`) as an async generator:
 * fetches a page when the consumer asks for it, so a consumer that commits each page before the
 * next resumes at a committed `nextOffset` after a crash. The walk ends at a short or empty page
 * or once the count is reached (no extra empty call when the count is a multiple of the limit).
 * Offsets are only stable over a set that does not change under the walk: callers page inside
 * fixed bounds, oldest first, so new records land behind the walk.
 */
export async function* offsetPages<T>(fetchPage: (offset: number, limit: number) => Promise<{ count: number; results: T[] }>, options: OffsetPagesOptions): AsyncGenerator<OffsetPage<T>> {
  for (let offset = options.startOffset ?? 0; ; ) {
    const { count, results } = await fetchPage(offset, options.limit);
    const nextOffset = offset + results.length;
    const last = results.length < options.limit || nextOffset >= count;
    yield { results, count, offset, nextOffset, last };
    if (last) return;
    offset = nextOffset;
  }
}
