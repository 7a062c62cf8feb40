import { describe, expect, it } from '@jest/globals';
import { decodePageToken, encodePageToken, pageOf } from '../../../../dev/simulators/youtube/paging.js';

const params = (query: Record<string, string>) => new URLSearchParams(query);
const letters = [...'abcdefghijkl'];

describe('page tokens', () => {
  it("spell offsets as Google's do ('CAUQAA' is item 5 onward) and read back only their own spelling", () => {
    expect(encodePageToken(5, false)).toBe('CAUQAA');
    expect(encodePageToken(5, true)).toBe('CAUQAQ');
    for (const offset of [0, 1, 127, 128, 300, 2 ** 20]) expect(decodePageToken(encodePageToken(offset, true))).toEqual({ offset, backward: true });
    for (const bad of ['', 'CAUQ', 'CAUQAg', 'CAUQAAA', 'garbage!', 'CAUQAA==', 'XAUQAA']) expect(decodePageToken(bad)).toBeNull();
  });
});

describe('pageOf', () => {
  it('walks forward and back with default size 5', () => {
    const first = pageOf(letters, params({}));
    expect(first).toEqual({ ok: true, page: { items: ['a', 'b', 'c', 'd', 'e'], nextPageToken: 'CAUQAA', pageInfo: { totalResults: 12, resultsPerPage: 5 } } });
    const third = pageOf(letters, params({ pageToken: 'CAoQAA' }));
    expect(third.ok && third.page).toMatchObject({ items: ['k', 'l'], prevPageToken: 'CAoQAQ' });
    expect(third.ok && third.page.nextPageToken).toBeUndefined();
    const back = pageOf(letters, params({ pageToken: 'CAoQAQ' }));
    expect(back.ok && back.page.items).toEqual(['f', 'g', 'h', 'i', 'j']);
  });

  it('refuses maxResults outside 0..50 and tokens it did not make or past the end', () => {
    for (const maxResults of ['51', '-1', 'x', '2.5']) {
      const result = pageOf(letters, params({ maxResults }));
      expect(result.ok || result.response).toMatchObject({ status: 400, body: { error: { errors: [{ reason: 'invalidParameter', location: 'maxResults' }] } } });
    }
    for (const pageToken of ['nope', encodePageToken(13, false)]) {
      const result = pageOf(letters, params({ pageToken }));
      expect(result.ok || result.response).toMatchObject({ status: 400, body: { error: { errors: [{ reason: 'invalidPageToken' }] } } });
    }
    expect(pageOf(letters, params({ maxResults: '0' }))).toMatchObject({ ok: true, page: { items: [], pageInfo: { totalResults: 12, resultsPerPage: 0 } } });
  });
});
