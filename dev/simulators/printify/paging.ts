/**
 * Printify's page-numbered lists (orders, products): `?page=N&limit=L`, answered in Laravel's
 * LengthAwarePaginator envelope `{current_page, data, first_page_url, from, last_page,
 * last_page_url, next_page_url, path, per_page, prev_page_url, to, total}` with relative URLs
 * ("/?page=2"), as in https://developers.printify.com/#retrieve-a-list-of-products.
 * `limit` is validated (orders: at most 10; products: at most 50 here — the docs once said 100);
 * `page` is not: anything but a positive integer reads as page 1, and a page past the end is empty.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { validationFailed } from './printify-errors.js';

export const DEFAULT_LIMIT = 10;

export interface PageEnvelope<T> {
  current_page: number;
  data: T[];
  first_page_url: string;
  from: number | null;
  last_page: number;
  last_page_url: string;
  next_page_url: string | null;
  path: string;
  per_page: number;
  prev_page_url: string | null;
  to: number | null;
  total: number;
}

/** The page and limit asked for, or the 400 Printify gives a bad `limit`. */
export function parsePaging(query: URLSearchParams, maxLimit: number): { page: number; limit: number } | SimResponse {
  const pageText = query.get('page') ?? '';
  const page = /^\d+$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1;
  const limitText = query.get('limit');
  if (limitText === null || limitText === '') return { page, limit: DEFAULT_LIMIT };
  if (!/^-?\d+$/.test(limitText)) return validationFailed('limit: The limit must be an integer.');
  const limit = Number(limitText);
  if (limit < 1) return validationFailed('limit: The limit must be at least 1.');
  if (limit > maxLimit) return validationFailed(`limit: The limit may not be greater than ${maxLimit}.`);
  return { page, limit };
}

/** Page `page` of `all` (already in the API's order), `perPage` to a page. */
export function pageEnvelope<T>(all: readonly T[], page: number, perPage: number): PageEnvelope<T> {
  const total = all.length;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const data = all.slice((page - 1) * perPage, page * perPage);
  const from = data.length > 0 ? (page - 1) * perPage + 1 : null;
  const url = (n: number): string => `/?page=${n}`;
  return {
    current_page: page,
    data,
    first_page_url: url(1),
    from,
    last_page: lastPage,
    last_page_url: url(lastPage),
    next_page_url: page < lastPage ? url(page + 1) : null,
    path: '/',
    per_page: perPage,
    prev_page_url: page > 1 ? url(page - 1) : null,
    to: from === null ? null : from + data.length - 1,
    total,
  };
}

