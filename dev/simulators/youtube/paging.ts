/**
 * Paging of Data API list methods: `maxResults` 0..50 (default 5) and opaque `pageToken`s, e.g.
 * https://developers.google.com/youtube/v3/docs/playlists/list#parameters
 * Tokens are made as Google's look: base64url of a tiny protobuf, field 1 the boundary offset and
 * field 2 the direction (0 onward from it, 1 the page that ends before it), so 'CAUQAA' is "from
 * item 5". Anything else is 400 invalidPageToken
 * (https://developers.google.com/youtube/v3/docs/errors#badRequest).
 */
import type { SimResponse } from '../_shared/http-io.js';
import { googleError } from './google-errors.js';

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
  prevPageToken?: string;
  pageInfo: { totalResults: number; resultsPerPage: number };
}

export type PageResult<T> = { ok: true; page: Page<T> } | { ok: false; response: SimResponse };

const DEFAULT_MAX_RESULTS = 5;
const MAX_RESULTS = 50;

function varint(value: number): number[] {
  const bytes: number[] = [];
  for (let rest = value; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) return [...bytes, rest];
    bytes.push((rest % 128) | 128);
  }
}

export function encodePageToken(offset: number, backward: boolean): string {
  return Buffer.from([0x08, ...varint(offset), 0x10, backward ? 1 : 0]).toString('base64url');
}

/** The token's offset and direction; null when it is not one of ours. */
export function decodePageToken(token: string): { offset: number; backward: boolean } | null {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const bytes = [...Buffer.from(token, 'base64url')];
  if (bytes[0] !== 0x08) return null;
  let offset = 0;
  let index = 1;
  for (let scale = 1; ; scale *= 128, index++) {
    const byte = bytes[index];
    if (byte === undefined || scale > 2 ** 28) return null;
    offset += (byte & 127) * scale;
    if (byte < 128) break;
  }
  const [tag, direction, ...rest] = bytes.slice(index + 1);
  if (tag !== 0x10 || (direction !== 0 && direction !== 1) || rest.length > 0) return null;
  if (encodePageToken(offset, direction === 1) !== token) return null; // one spelling per token
  return { offset, backward: direction === 1 };
}

const invalidValue = (value: string): SimResponse => {
  const message = `Invalid value '${value}'. Values must be within the range: [0, ${MAX_RESULTS}]`;
  return googleError(400, message, { reason: 'invalidParameter', location: 'maxResults', locationType: 'parameter' });
};

const invalidPageToken = (): SimResponse =>
  googleError(400, 'The request specifies an invalid page token.', { domain: 'youtube.parameter', reason: 'invalidPageToken', location: 'pageToken', locationType: 'parameter' });

/** The page of `all` that `maxResults` and `pageToken` ask for. */
export function pageOf<T>(all: readonly T[], params: URLSearchParams): PageResult<T> {
  const rawMax = params.get('maxResults');
  const size = rawMax === null ? DEFAULT_MAX_RESULTS : Number(rawMax);
  if (rawMax !== null && (!/^\d+$/.test(rawMax) || size > MAX_RESULTS)) return { ok: false, response: invalidValue(rawMax) };
  const rawToken = params.get('pageToken');
  const token = rawToken ? decodePageToken(rawToken) : { offset: 0, backward: false };
  if (!token || token.offset > all.length) return { ok: false, response: invalidPageToken() };
  const start = token.backward ? Math.max(0, token.offset - size) : token.offset;
  const end = Math.min(all.length, start + size);
  const page: Page<T> = { items: all.slice(start, end), pageInfo: { totalResults: all.length, resultsPerPage: size } };
  if (end < all.length && size > 0) page.nextPageToken = encodePageToken(end, false);
  if (start > 0 && size > 0) page.prevPageToken = encodePageToken(start, true);
  return { ok: true, page };
}
