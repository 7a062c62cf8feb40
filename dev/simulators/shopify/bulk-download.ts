/**
 * GET /bulk/{token}.jsonl: a result file as Shopify's signed Cloud Storage URL serves it — no
 * token needed, streamed from disk, `Range: bytes=N-` (or N-M) answered 206 with Content-Range so
 * a client can resume, 416 past the end; an expired result is a 403 and an unknown one a 404.
 */
import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { SimResponse } from '../_shared/http-io.js';
import type { ResultFile } from './bulk-operations.js';
import { storageError } from './shopify-errors.js';

export type Download = { kind: 'response'; response: SimResponse } | { kind: 'file'; path: string; status: 200 | 206; start: number; end: number; size: number };

/** What a request with `range` gets for `file`: an error response, or the byte span to stream. */
export function planDownload(file: ResultFile, range: string | undefined): Download {
  if (file === null) return { kind: 'response', response: storageError(404, 'NoSuchKey', 'The specified key does not exist.') };
  if (file.state === 'expired') return { kind: 'response', response: storageError(403, 'ExpiredToken', 'The provided token has expired. Request signature expired.') };
  const { size, path } = file;
  if (range === undefined) return { kind: 'file', path, status: 200, start: 0, end: size - 1, size };
  const match = /^bytes=(\d+)-(\d*)$/.exec(range.trim());
  const start = match ? Number(match[1]) : NaN;
  const end = match?.[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  if (!match || start >= size || end < start) {
    return { kind: 'response', response: storageError(416, 'InvalidRange', 'The requested range cannot be satisfied.', { 'content-range': `bytes */${size}` }) };
  }
  return { kind: 'file', path, status: 206, start, end, size };
}

/** Streams the span; the bytes sent. */
export async function streamDownload(res: ServerResponse, download: Extract<Download, { kind: 'file' }>): Promise<number> {
  const { path, status, start, end, size } = download;
  const length = end - start + 1;
  res.writeHead(status, {
    'content-type': 'application/jsonl',
    'content-length': length,
    'accept-ranges': 'bytes',
    ...(status === 206 && { 'content-range': `bytes ${start}-${end}/${size}` }),
  });
  if (length <= 0) {
    res.end();
    return 0;
  }
  await pipeline(createReadStream(path, { start, end }), res);
  return length;
}
