import { describe, expect, it } from '@jest/globals';
import { nextPageOf, pageNumbers, type NumberedPage } from '../../../../lib/connectors/pagination/page-numbers.js';
import { PermanentError } from '../../../../lib/errors.js';

/** A list served as pages: `pages[n - 1]` is page n; `next` overrides where a page points. */
function served(pages: string[][], next: (page: number) => number | null = (page) => (page < pages.length ? page + 1 : null)) {
  const asked: number[] = [];
  const fetchPage = async (page: number): Promise<NumberedPage<string>> => {
    asked.push(page);
    return { page, items: pages[page - 1] ?? [], nextPage: next(page), total: pages.flat().length };
  };
  return { asked, fetchPage };
}

async function collect<T>(pages: AsyncIterable<NumberedPage<T>>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push([...page.items]);
  return out;
}

describe('pageNumbers', () => {
  it('walks every page the vendor points to, in order', async () => {
    const list = served([['a', 'b'], ['c', 'd'], ['e']]);
    expect(await collect(pageNumbers(list.fetchPage))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(list.asked).toEqual([1, 2, 3]);
  });

  it('starts where a resumed walk left off', async () => {
    const list = served([['a'], ['b'], ['c']]);
    expect(await collect(pageNumbers(list.fetchPage, 2))).toEqual([['b'], ['c']]);
    expect(list.asked).toEqual([2, 3]);
  });

  it('follows the vendor\'s next page, not a size it assumed (a page may skip ahead)', async () => {
    const list = served([['a'], [], ['c']], (page) => (page === 1 ? 3 : null));
    expect(await collect(pageNumbers(list.fetchPage))).toEqual([['a'], ['c']]);
    expect(list.asked).toEqual([1, 3]);
  });

  it('ends at an empty page even if it points further', async () => {
    const list = served([['a'], []], (page) => page + 1);
    expect(await collect(pageNumbers(list.fetchPage))).toEqual([['a'], []]);
    expect(list.asked).toEqual([1, 2]);
  });

  it('stops fetching when the caller stops', async () => {
    const list = served([['a'], ['b'], ['c']]);
    for await (const page of pageNumbers(list.fetchPage)) if (page.page === 2) break;
    expect(list.asked).toEqual([1, 2]);
  });

  it('refuses a next page that does not move forward (it would never end)', async () => {
    const list = served([['a'], ['b']], () => 1);
    await expect(collect(pageNumbers(list.fetchPage))).rejects.toThrow(new PermanentError('page 1 points to page 1 next: the list would never end'));
  });
});

describe('nextPageOf (Laravel-style envelopes)', () => {
  it.each([
    [{ current_page: 1, last_page: 5, next_page_url: '/?page=2' }, 2],
    [{ current_page: 3, last_page: 5, next_page_url: 'https://api.printify.com/v1/shops/1/orders.json?limit=10&page=4' }, 4],
    // A link without a page number: the next one.
    [{ current_page: 3, last_page: 5, next_page_url: '/next' }, 4],
    [{ current_page: 5, last_page: 5, next_page_url: null }, null],
    [{ current_page: 2, last_page: 5, next_page_url: null }, null],
    // The last page, whatever its link says.
    [{ current_page: 5, last_page: 5, next_page_url: '/?page=6' }, null],
    [{ current_page: 1, last_page: 0, next_page_url: undefined }, null],
  ])('%j → %p', (envelope, next) => {
    expect(nextPageOf(envelope)).toBe(next);
  });
});
