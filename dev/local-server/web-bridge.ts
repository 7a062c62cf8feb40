/**
 * node:http ⇄ Web `Request`/`Response`, the way Vercel's Node runtime runs a Web-standard
 * function: the body is read whole first (Vercel buffers request bodies and refuses those
 * over 4.5 MB), the function gets a standard `Request` whose URL is the one the client asked
 * for, with a route's `[name]` segments added to its query, and its `Response` is streamed
 * back with every header (each `Set-Cookie` separately).
 *
 * Hand-written rather than srvx's node adapter: srvx's `NodeRequest` is a lazy look-alike of
 * `Request` (patched prototypes and `instanceof`), while a function on Vercel receives a plain
 * `Request`. The local server's point is to behave like Vercel, which a few dozen lines do.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Vercel's limit on a function's request body (https://vercel.com/docs/functions/limitations). */
export const MAX_REQUEST_BODY_BYTES = 4.5 * 1024 * 1024;

export class RequestBodyTooLargeError extends Error {
  override readonly name = 'RequestBodyTooLargeError';
}

export interface WebRequestOptions {
  /** Resolves the request's path, e.g. `http://127.0.0.1:3000`. */
  origin: string;
  /** Route segments, set in the query as Vercel's rewrite of `api/items/[id]` does. */
  params?: Record<string, string>;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  maxBodyBytes?: number;
}

export async function toWebRequest(req: IncomingMessage, options: WebRequestOptions): Promise<Request> {
  const url = new URL(req.url ?? '/', options.origin);
  for (const [name, value] of Object.entries(options.params ?? {})) url.searchParams.set(name, value);
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headersDistinct)) for (const value of values ?? []) headers.append(name, value);
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req, options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES);
  return new Request(url, {
    method,
    headers,
    ...(body && body.length > 0 ? { body } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** Writes `response` to `res`; a HEAD request gets the headers only. */
export async function sendWebResponse(res: ServerResponse, response: Response, method = 'GET'): Promise<void> {
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers.push([name, value]);
  });
  for (const cookie of response.headers.getSetCookie()) headers.push(['set-cookie', cookie]);
  res.writeHead(response.status, response.statusText || undefined, headers.flat());
  if (!response.body || method === 'HEAD') {
    await response.body?.cancel();
    res.end();
    return;
  }
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), res);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new RequestBodyTooLargeError(`request body exceeds ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
