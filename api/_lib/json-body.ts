import { ValidationError } from '../../lib/errors.js';

/**
 * The request body as JSON, strictly: only `Content-Type: application/json` (any parameters,
 * e.g. `; charset=utf-8`) is read, the bytes must be UTF-8, and at most `limit` bytes are
 * read, whatever `Content-Length` claims. An empty JSON body counts as `{}`, as Vercel's
 * Node helpers made it. A caller's mistake is a `ValidationError` (400) that names it; an
 * oversized body is a `PayloadTooLargeError` (413).
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

export async function readJsonBody(request: Request, limit = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const type = mediaType(request.headers.get('content-type'));
  if (type !== 'application/json') {
    throw new ValidationError(
      type === undefined
        ? 'request body must be JSON sent with "Content-Type: application/json" (no Content-Type was sent)'
        : `request body must be JSON sent with "Content-Type: application/json", not ${type}`,
    );
  }
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const text = decodeUtf8(await readAtMost(request, limit));
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ValidationError(`request body is not valid JSON: ${(cause as Error).message}`, [], { cause });
  }
}

/** `Application/JSON; charset=utf-8` → `application/json`; undefined when the header is absent or empty. */
export function mediaType(header: string | null): string | undefined {
  const type = (header ?? '').split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

async function readAtMost(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new ValidationError('request body is not valid UTF-8', [], { cause });
  }
}

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`request body exceeds ${limit} bytes`);
}
