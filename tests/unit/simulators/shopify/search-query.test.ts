import { describe, expect, it } from '@jest/globals';
import { parseSearchQuery } from '../../../../dev/simulators/shopify/search-query.js';

const ms = Date.parse;

describe('parseSearchQuery', () => {
  it('reads UTC timestamps, quoted or not, joined by spaces or AND, as [from, to) ranges', () => {
    expect(parseSearchQuery("updated_at:>='2026-01-01T00:00:00Z' AND updated_at:<2026-02-01T00:00:00Z", 'UTC')).toEqual({
      updated_at: { from: ms('2026-01-01T00:00:00Z'), to: ms('2026-02-01T00:00:00Z') },
    });
    expect(parseSearchQuery('created_at:>"2026-01-01T00:00:00Z" created_at:<=2026-01-02T00:00:00Z', 'UTC')).toEqual({
      created_at: { from: ms('2026-01-01T00:00:00Z') + 1, to: ms('2026-01-02T00:00:00Z') + 1 },
    });
  });

  it('reads a bare date as the whole day in the shop time zone (DST included)', () => {
    expect(parseSearchQuery('created_at:2026-07-04', 'America/New_York')).toEqual({ created_at: { from: ms('2026-07-04T04:00:00Z'), to: ms('2026-07-05T04:00:00Z') } });
    expect(parseSearchQuery('created_at:>=2026-01-15', 'America/New_York').created_at?.from).toBe(ms('2026-01-15T05:00:00Z'));
    expect(parseSearchQuery('updated_at:<2026-03-01', 'Asia/Tokyo').updated_at).toEqual({ from: -Infinity, to: ms('2026-02-28T15:00:00Z') });
  });

  it('ignores terms it does not understand, as Shopify ignores an unknown filter', () => {
    expect(parseSearchQuery('status:open financial_status:paid updated_at:>=yesterday', 'UTC')).toEqual({});
    expect(parseSearchQuery('id:>=5000100000010', 'UTC')).toEqual({ id: { from: 5000100000010, to: Infinity } });
  });
});
