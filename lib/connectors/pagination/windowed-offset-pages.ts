import { offsetPages, type OffsetPage } from './offset-pages.js';

/** A window of a range, both ends inclusive, in the vendor's time unit. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** Where a windowed walk stands: the window's start and the offset inside it. */
export interface WindowPosition {
  windowStart: number;
  offset: number;
}

export interface WindowedPage<T> extends OffsetPage<T> {
  window: TimeWindow;
  /** Where the next page starts: a resume point to checkpoint with this page's rows. */
  next: WindowPosition;
  /** The range's last page (its last window's last page). */
  finished: boolean;
}

export interface WindowedOffsetPagesOptions {
  limit: number;
  start: WindowPosition;
  /** The range's last instant, inclusive. */
  until: number;
  /** The window starting at `start`, its end at most `until`; the next starts right after it. */
  windowAt(start: number, until: number): TimeWindow;
}

/**
 * Offset pages inside consecutive fixed windows of a range, oldest first: the vendor's required
 * window length (Etsy's 31-day ledger windows), and offsets that stay stable because each
 * window's set of records no longer grows. Yields every page, an empty window's one empty page
 * included, so each step can be committed with its resume point. A start past `until` yields nothing.
 */
export async function* windowedOffsetPages<T>(
  fetchPage: (window: TimeWindow, offset: number, limit: number) => Promise<{ count: number; results: T[] }>,
  options: WindowedOffsetPagesOptions,
): AsyncGenerator<WindowedPage<T>> {
  for (let { windowStart, offset } = options.start; windowStart <= options.until; offset = 0) {
    const window = options.windowAt(windowStart, options.until);
    for await (const page of offsetPages<T>((at, limit) => fetchPage(window, at, limit), { limit: options.limit, startOffset: offset })) {
      const next = page.last ? { windowStart: window.end + 1, offset: 0 } : { windowStart, offset: page.nextOffset };
      yield { ...page, window, next, finished: page.last && window.end >= options.until };
    }
    windowStart = window.end + 1;
  }
}
