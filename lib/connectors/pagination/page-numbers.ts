import { PermanentError } from '../../errors.js';

/** One page of a page-numbered list (Laravel-style `?page=N`: Printify), as its client read it. */
export interface NumberedPage<T> {
  /** The page asked for. */
  page: number;
  items: readonly T[];
  /** The page to ask for next, as the vendor says (its next-page link, its last page); null at the end. */
  nextPage: number | null;
  /** How many records the whole list holds, when the vendor says. */
  total: number | null;
}

/**
 * Walks a page-numbered list from `firstPage` (a resumed walk starts where it stopped), one page
 * per iteration, following the vendor's own next page rather than a page size Sluice assumes.
 * Ends after a page without a next one or without items; the caller may stop earlier (`break`).
 * A next page that does not move forward would loop for ever: it is a PermanentError.
 */
export async function* pageNumbers<T>(fetchPage: (page: number) => Promise<NumberedPage<T>>, firstPage = 1): AsyncGenerator<NumberedPage<T>, void, undefined> {
  let page: number | null = firstPage;
  while (page !== null) {
    const current: NumberedPage<T> = await fetchPage(page);
    yield current;
    if (current.items.length === 0 || current.nextPage === null) return;
    if (current.nextPage <= page) throw new PermanentError(`page ${page} points to page ${current.nextPage} next: the list would never end`);
    page = current.nextPage;
  }
}

/**
 * Pure: the next page of a Laravel-style page envelope — the `page` of `next_page_url` (e.g.
 * `/?page=4`), or the one after `current_page` when the link carries none; null when there is no
 * link or `current_page` is the `last_page`.
 */
export function nextPageOf(envelope: { current_page: number; last_page: number; next_page_url?: string | null | undefined }): number | null {
  if (!envelope.next_page_url || envelope.current_page >= envelope.last_page) return null;
  let linked: string | null = null;
  try {
    linked = new URL(envelope.next_page_url, 'http://relative.invalid').searchParams.get('page');
  } catch {
    linked = null;
  }
  const page = linked !== null && /^\d+$/.test(linked) ? Number(linked) : envelope.current_page + 1;
  return page;
}
