import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { etsyMinimumCalls, printifyMinimumCalls, windowedPages } from '../../../bench/commerce-minimum.js';
import { WINDOW_SECONDS } from '../../../lib/connectors/etsy/etsy-windows.js';

const DAY = 86_400;

describe('windowedPages', () => {
  it('costs each 31-day window ceil(records / limit) pages, and an empty window one', () => {
    const start = 1_000_000;
    const until = start + 3 * WINDOW_SECONDS - 1; // three whole windows
    const first = Array.from({ length: 250 }, (_, i) => start + i); // 3 pages
    const third = Array.from({ length: 100 }, (_, i) => start + 2 * WINDOW_SECONDS + i); // exactly 1 page
    expect(windowedPages([...third, ...first], start, until, 100)).toEqual({ windows: 3, pages: 3 + 1 + 1 });
  });

  it('clips the last window at the range end and counts records at both inclusive bounds', () => {
    const start = 0;
    const until = WINDOW_SECONDS + 10; // a full window, then an 11-second one
    expect(windowedPages([0, WINDOW_SECONDS - 1, WINDOW_SECONDS, until], start, until, 1)).toEqual({ windows: 2, pages: 2 + 2 });
  });

  it('leaves out records outside the range and needs nothing for a range that starts after it ends', () => {
    expect(windowedPages([5, 50], 10, 20, 100)).toEqual({ windows: 1, pages: 1 });
    expect(windowedPages([5], 30, 20, 100)).toEqual({ windows: 0, pages: 0 });
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 200 * DAY }), { maxLength: 400 }), fc.integer({ min: 1, max: 100 })])(
    'never needs fewer pages than the records take, nor fewer than one per window',
    (times, limit) => {
      const { windows, pages } = windowedPages(times, 0, 200 * DAY, limit);
      expect(windows).toBe(Math.ceil((200 * DAY + 1) / WINDOW_SECONDS));
      expect(pages).toBeGreaterThanOrEqual(Math.max(windows, Math.ceil(times.length / limit)));
      expect(pages).toBeLessThanOrEqual(windows + Math.ceil(times.length / limit));
    },
  );
});

describe('etsyMinimumCalls', () => {
  const shopCreated = 1_600_000_000;
  const until = shopCreated + 100 * DAY;

  it('adds identify, the shop reads, the count probe and every entity’s pages', () => {
    // Receipts from day 10: the order windows start at the oldest one, not at the shop's creation.
    const receiptsCreated = Array.from({ length: 450 }, (_, i) => shopCreated + 10 * DAY + i * 60);
    const ledgerCreated = Array.from({ length: 1_201 }, (_, i) => shopCreated + 10 * DAY + 60 + i * 60);
    const minimum = etsyMinimumCalls({ shopCreated, until, receiptsCreated, ledgerCreated, activeListings: 101 });
    expect(minimum.parts).toEqual({
      identify: 2, // users/me, shops/{id}
      shopReads: 2, // orders and payments read create_date
      countProbe: 1,
      receiptPages: 5 + 2, // 450 in the first window, then 2 receipt-less windows up to day 100
      listingPages: 2,
      ledgerPages: 13 + 3, // 1,201 entries in the first window (they end by day 11); 3 more windows to day 100
    });
    expect(minimum.orderWindows).toBe(3);
    expect(minimum.ledgerWindows).toBe(4);
    expect(minimum.total).toBe(2 + 2 + 1 + 7 + 2 + 16);
    expect(minimum.backfill).toBe(minimum.total - 2);
  });

  it('reads one empty listings page and no receipt window when the shop has none', () => {
    const minimum = etsyMinimumCalls({ shopCreated, until, receiptsCreated: [], ledgerCreated: [], activeListings: 0 });
    expect(minimum.parts).toEqual({ identify: 2, shopReads: 2, countProbe: 1, receiptPages: 0, listingPages: 1, ledgerPages: 4 });
  });
});

describe('printifyMinimumCalls', () => {
  it('is shops.json, then 10 orders and 50 products a page', () => {
    expect(printifyMinimumCalls({ orders: 20_000, products: 501 })).toEqual({ parts: { identify: 1, orderPages: 2_000, productPages: 11 }, total: 2_012, backfill: 2_011 });
    expect(printifyMinimumCalls({ orders: 0, products: 0 }).parts).toEqual({ identify: 1, orderPages: 1, productPages: 1 });
  });
});
