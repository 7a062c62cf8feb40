/**
 * Vercel's request helpers for Node functions (`req.query`, `req.cookies`, `req.body`),
 * reproduced from @vercel/node's `serverless-functions/helpers.ts` so that a handler that
 * works here behaves the same when deployed
 * (https://vercel.com/docs/functions/runtimes/node-js#node.js-request-and-response-objects):
 *
 * - the body is read only when the request has a `content-type`; without one `req.body`
 *   is `''` (Vercel treats a missing type as text/plain);
 * - `application/json`: parsed, `{}` when empty, and malformed JSON makes *reading*
 *   `req.body` throw (so the handler decides the 400);
 * - `text/plain`: the text; `application/octet-stream`: the Buffer;
 *   `application/x-www-form-urlencoded`: the parsed form; any other type: undefined;
 * - every helper is computed on first access, as Vercel does.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import type { VercelRequest, VercelRequestCookies, VercelRequestQuery } from '@vercel/node';

/** Vercel's own limit on a function's request body. */
export const MAX_BODY_BYTES = 4.5 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** Thrown on reading `req.body` when it is not valid JSON; Vercel's `ApiError(400, 'Invalid JSON')`. */
export class InvalidJsonBodyError extends Error {
  override readonly name = 'InvalidJsonBodyError';
  readonly statusCode = 400;
}

/**
 * Reads the body (when there is a `content-type`) and defines the helpers on `req`.
 * `params` are the route's `[name]` segments, which Vercel merges into the query.
 */
export async function addRequestHelpers(req: IncomingMessage, params: Record<string, string> = {}): Promise<VercelRequest> {
  const contentType = req.headers['content-type'];
  const body = contentType === undefined ? Buffer.alloc(0) : await readRequestBody(req);
  defineLazy(req, 'query', () => ({ ...parseQuery(req.url ?? '/'), ...params }));
  defineLazy(req, 'cookies', () => parseCookies(req.headers.cookie));
  defineLazy(req, 'body', () => parseBody(body, contentType));
  return req as VercelRequest;
}

export function parseQuery(url: string): VercelRequestQuery {
  const query: VercelRequestQuery = {};
  new URL(url, 'http://localhost').searchParams.forEach((value, key) => {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  });
  return query;
}

/** RFC 6265 `Cookie` header → name/value map; the first of repeated names wins (as the `cookie` package does). */
export function parseCookies(header: string | undefined): VercelRequestCookies {
  const cookies: VercelRequestCookies = {};
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (name === '' || name in cookies) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    cookies[name] = safeDecode(value);
  }
  return cookies;
}

export function parseBody(body: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (type === 'application/json') {
    const text = body.toString('utf8');
    try {
      return text ? (JSON.parse(text) as unknown) : {};
    } catch (cause) {
      throw new InvalidJsonBodyError('Invalid JSON', { cause });
    }
  }
  if (type === 'application/octet-stream') return body;
  if (type === 'application/x-www-form-urlencoded') return { ...parseForm(body.toString('utf8')) };
  if (type === 'text/plain') return body.toString('utf8');
  return undefined;
}

/** `application/json; charset=utf-8` → `application/json`; a missing header counts as text/plain. */
function mediaType(contentType: string | undefined): string {
  if (contentType === undefined) return 'text/plain';
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** A property computed on first read and then fixed; assigning replaces it (Vercel's `setLazyProp`). */
function defineLazy(target: object, name: string, compute: () => unknown): void {
  const fixed = (value: unknown) =>
    Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(target, name, {
    enumerable: true,
    configurable: true,
    get: () => {
      const value = compute();
      fixed(value);
      return value;
    },
    set: fixed,
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
