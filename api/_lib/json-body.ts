import { ValidationError } from '../../lib/errors.js';

/**
 * The request body as JSON, strictly: a body is read only when sent as
 * `Content-Type: application/json` (any parameters, e.g. `; charset=utf-8`), its bytes must be
 * UTF-8, and at most `limit` bytes are read, whatever `Content-Length` claims. A request
 * without a body (none, or zero bytes) counts as `{}` whatever its type says, as Vercel's Node
 * helpers made it: `POST` with nothing to send stays fine. A body of any other type, or of none,
 * is an `UnsupportedMediaTypeError` (415) naming the type sent; malformed JSON a
 * `ValidationError` (400); an oversized body a `PayloadTooLargeError` (413).
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

export class UnsupportedMediaTypeError extends Error {
  override readonly name = 'UnsupportedMediaTypeError';
}

const JSON_TYPE = 'application/json';
/** A media type is a short token; a longer header is cut when it is quoted back to the caller. */
const MAX_QUOTED_TYPE = 100;

export async function readJsonBody(request: Request, limit = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const type = mediaType(request.headers.get('content-type'));
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  // Refused from the headers when they say enough, so a wrong or huge body is never read.
  if (declared > 0 && type !== JSON_TYPE) throw unsupported(type);
  if (declared > limit) throw tooLarge(limit);
  const bytes = await readAtMost(request, limit);
  if (bytes.byteLength === 0) return {};
  if (type !== JSON_TYPE) throw unsupported(type);
  const text = decodeUtf8(bytes);
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

function unsupported(type: string | undefined): UnsupportedMediaTypeError {
  const expected = 'request body must be JSON sent with "Content-Type: application/json"';
  if (type === undefined) return new UnsupportedMediaTypeError(`${expected} (no Content-Type was sent)`);
  const quoted = type.length > MAX_QUOTED_TYPE ? `${type.slice(0, MAX_QUOTED_TYPE)}…` : type;
  return new UnsupportedMediaTypeError(`${expected}, not ${quoted}`);
}

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`request body exceeds ${limit} bytes`);
}
