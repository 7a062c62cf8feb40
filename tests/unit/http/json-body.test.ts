import { describe, expect, it } from '@jest/globals';
import { mediaType, PayloadTooLargeError, readJsonBody, UnsupportedMediaTypeError } from '../../../api/_lib/json-body.js';
import { ValidationError } from '../../../lib/errors.js';

// Strict JSON bodies: only application/json is read, never more than the limit, and every
// refusal names the problem (400), the type sent (415) or the size (413).
const post = (body: string | Uint8Array | ReadableStream | null, headers: Record<string, string> = {}) =>
  new Request('https://sluice.example/api/x', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
const json = (text: string, extra: Record<string, string> = {}) => post(text, { 'content-type': 'application/json', ...extra });

/** A body stream that reports how many chunks were pulled and whether it was cancelled. */
function countingStream(chunks: number, chunkBytes: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled === chunks) return controller.close();
        state.pulled += 1;
        controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe('readJsonBody', () => {
  it('parses application/json, whatever its case and parameters', async () => {
    await expect(readJsonBody(json('{"a":[1,"é"]}'))).resolves.toEqual({ a: [1, 'é'] });
    await expect(readJsonBody(post('[1]', { 'content-type': 'Application/JSON; charset=UTF-8' }))).resolves.toEqual([1]);
  });

  it('takes an empty JSON body as {}', async () => {
    await expect(readJsonBody(json(''))).resolves.toEqual({});
    await expect(readJsonBody(post(null, { 'content-type': 'application/json' }))).resolves.toEqual({});
  });

  it('takes a request without a body as {}, whatever its Content-Type says', async () => {
    await expect(readJsonBody(post(null))).resolves.toEqual({});
    await expect(readJsonBody(post(new Uint8Array(), { 'content-type': 'text/plain' }))).resolves.toEqual({});
    await expect(readJsonBody(new Request('https://sluice.example/api/x'))).resolves.toEqual({});
  });

  it.each([
    [undefined, ' (no Content-Type was sent)'],
    ['text/plain', ', not text/plain'],
    ['application/x-www-form-urlencoded', ', not application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x', ', not multipart/form-data'],
    ['application/json-seq', ', not application/json-seq'],
    ['application/merge-patch+json', ', not application/merge-patch+json'],
  ])('refuses a %s body with a 415 that names the type sent', async (contentType, detail) => {
    // Bytes, not a string: a string body would get Request's default text/plain type.
    const bytes = new TextEncoder().encode('{"a":1}');
    const error = await readJsonBody(post(bytes, contentType ? { 'content-type': contentType } : {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect((error as Error).message).toBe(`request body must be JSON sent with "Content-Type: application/json"${detail}`);
  });

  it('refuses a wrong type from the headers alone when Content-Length announces a body', async () => {
    const { stream, state } = countingStream(100, 1_000);
    const error = await readJsonBody(post(stream, { 'content-type': 'text/csv', 'content-length': '100000' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(state.pulled).toBe(0);
  });

  it('quotes at most 100 characters of the type sent', async () => {
    const type = `application/${'x'.repeat(5_000)}`;
    const error = (await readJsonBody(post(new Uint8Array([0x7b, 0x7d]), { 'content-type': type })).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(error.message).toBe(`request body must be JSON sent with "Content-Type: application/json", not ${type.slice(0, 100)}…`);
  });

  it('refuses malformed JSON and bytes that are not UTF-8', async () => {
    await expect(readJsonBody(json('{"a":'))).rejects.toThrow(/request body is not valid JSON: /);
    await expect(readJsonBody(json('{"a":'))).rejects.toBeInstanceOf(ValidationError);
    await expect(readJsonBody(post(new Uint8Array([0x7b, 0xff, 0x7d]), { 'content-type': 'application/json' }))).rejects.toThrow('not valid UTF-8');
  });

  it('reads exactly up to the limit', async () => {
    await expect(readJsonBody(json(`"${'x'.repeat(8)}"`), 10)).resolves.toBe('xxxxxxxx');
    await expect(readJsonBody(json(`"${'x'.repeat(9)}"`), 10)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const { stream, state } = countingStream(100, 1_000);
    const error = await readJsonBody(post(stream, { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect((error as Error).message).toBe('request body exceeds 1048576 bytes');
    expect(state.pulled).toBe(0);
  });

  it('stops reading a body without Content-Length as soon as it passes the limit, and cancels it', async () => {
    const { stream, state } = countingStream(1_000, 1_024);
    await expect(readJsonBody(post(stream, { 'content-type': 'application/json' }), 10 * 1_024)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(state.pulled).toBeLessThan(20);
    expect(state.cancelled).toBe(true);
  });
});

describe('mediaType', () => {
  it.each([
    [null, undefined],
    ['', undefined],
    [' Application/Json ; charset=utf-8', 'application/json'],
  ])('%p → %p', (header, type) => {
    expect(mediaType(header)).toBe(type);
  });
});
