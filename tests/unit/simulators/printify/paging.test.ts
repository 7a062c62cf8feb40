import { describe, expect, it } from '@jest/globals';
import { pageEnvelope, parsePaging } from '../../../../dev/simulators/printify/paging.js';

const ITEMS = Array.from({ length: 23 }, (_, i) => i);

describe('pageEnvelope', () => {
  it("answers a middle page in Laravel's envelope with relative page URLs", () => {
    expect(pageEnvelope(ITEMS, 2, 10)).toEqual({
      current_page: 2,
      data: [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
      first_page_url: '/?page=1',
      from: 11,
      last_page: 3,
      last_page_url: '/?page=3',
      next_page_url: '/?page=3',
      path: '/',
      per_page: 10,
      prev_page_url: '/?page=1',
      to: 20,
      total: 23,
    });
  });

  it('ends with a short last page and no next, and is empty past the end', () => {
    expect(pageEnvelope(ITEMS, 3, 10)).toMatchObject({ data: [20, 21, 22], from: 21, to: 23, next_page_url: null, prev_page_url: '/?page=2' });
    expect(pageEnvelope(ITEMS, 9, 10)).toMatchObject({ data: [], from: null, to: null, next_page_url: null, last_page: 3, total: 23 });
    expect(pageEnvelope(ITEMS, 1, 10)).toMatchObject({ prev_page_url: null, next_page_url: '/?page=2' });
  });

  it('has one empty page for an empty list', () => {
    expect(pageEnvelope([], 1, 10)).toMatchObject({ data: [], last_page: 1, last_page_url: '/?page=1', next_page_url: null, from: null, total: 0 });
  });
});

describe('parsePaging', () => {
  const parse = (query: string, max = 10) => parsePaging(new URLSearchParams(query), max);

  it('defaults to page 1 and 10 to a page, and reads any page that is not a positive integer as 1', () => {
    expect(parse('')).toEqual({ page: 1, limit: 10 });
    expect(parse('page=4&limit=3')).toEqual({ page: 4, limit: 3 });
    for (const page of ['0', '-2', 'x', '1.5']) expect(parse(`page=${page}`)).toEqual({ page: 1, limit: 10 });
  });

  it("refuses a limit over the endpoint's maximum, or not a positive integer, with Printify's validation error", () => {
    expect(parse('limit=10')).toEqual({ page: 1, limit: 10 });
    expect(parse('limit=11')).toEqual({
      status: 400,
      body: { status: 'error', code: 8150, message: 'Validation failed.', errors: { reason: 'limit: The limit may not be greater than 10.', code: 8150 } },
    });
    expect(parse('limit=50', 50)).toEqual({ page: 1, limit: 50 });
    expect(parse('limit=51', 50)).toMatchObject({ status: 400 });
    expect(parse('limit=0')).toMatchObject({ status: 400, body: { errors: { reason: 'limit: The limit must be at least 1.' } } });
    expect(parse('limit=abc')).toMatchObject({ status: 400, body: { errors: { reason: 'limit: The limit must be an integer.' } } });
  });
});
