import { describe, expect, it } from '@jest/globals';
import { parseReceiptQuery } from '../../../../dev/simulators/etsy/receipt-query.js';

const parse = (query: string) => parseReceiptQuery(new URLSearchParams(query));

describe('parseReceiptQuery', () => {
  it("takes Etsy's defaults: 25 from 0, sorted on created, newest first, no filters", () => {
    expect(parse('')).toEqual({
      ok: true,
      value: { limit: 25, offset: 0, minCreated: null, maxCreated: null, minLastModified: null, maxLastModified: null, sortOn: 'created', descending: true, wasPaid: null },
    });
  });

  it('reads every parameter', () => {
    const query = 'limit=100&offset=200&min_created=1700000000&max_created=1700086399&min_last_modified=1700000001&max_last_modified=1800000000&sort_on=updated&sort_order=asc&was_paid=true';
    expect(parse(query)).toEqual({
      ok: true,
      value: { limit: 100, offset: 200, minCreated: 1700000000, maxCreated: 1700086399, minLastModified: 1700000001, maxLastModified: 1800000000, sortOn: 'updated', descending: false, wasPaid: true },
    });
  });

  it.each([
    ['limit=101', /limit must be an integer from 1 to 100/],
    ['limit=0', /limit/],
    ['limit=ten', /limit/],
    ['offset=-1', /offset/],
    ['min_created=abc', /min_created/],
    ['max_last_modified=100', /max_last_modified/], // before 2000
    ['sort_on=price', /sort_on must be one of created, updated, receipt_id/],
    ['sort_order=sideways', /sort_order/],
    ['was_paid=maybe', /was_paid/],
    ['min_created=1700000001&max_created=1700000000', /min_created must be less than or equal to max_created/],
  ])('refuses %s', (query, message) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it("accepts Etsy's other spellings of the sort order", () => {
    const descending = (order: string) => {
      const result = parse(`sort_order=${order}`);
      return result.ok ? result.value.descending : 'error';
    };
    expect(['asc', 'ascending', 'up', 'desc', 'descending', 'down'].map(descending)).toEqual([false, false, false, true, true, true]);
  });
});
