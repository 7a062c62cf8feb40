import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { bearerToken, bodyParams, readBody, writeResponse } from '../../../../dev/simulators/_shared/http-io.js';

const request = (chunks: (Buffer | string)[]): IncomingMessage => Readable.from(chunks) as IncomingMessage;

/** Records what writeResponse does to a response; `gone` plays a client that hung up. */
function recordingResponse(gone = false): { res: ServerResponse; written: { status?: number; headers?: Record<string, unknown>; payload?: string } } {
  const written: { status?: number; headers?: Record<string, unknown>; payload?: string } = {};
  const res = {
    destroyed: gone,
    writableEnded: false,
    writeHead(status: number, headers: Record<string, unknown>) {
      Object.assign(written, { status, headers });
      return this;
    },
    end(payload: string) {
      written.payload = payload;
      return this;
    },
  };
  return { res: res as unknown as ServerResponse, written };
}

describe('readBody', () => {
  it('joins the chunks as UTF-8, split characters included', async () => {
    const euro = Buffer.from('€');
    expect(await readBody(request([Buffer.from('a=1&b='), euro.subarray(0, 1), euro.subarray(1)]))).toBe('a=1&b=€');
    expect(await readBody(request([]))).toBe('');
  });

  it('refuses a body over 1 MiB', async () => {
    await expect(readBody(request([Buffer.alloc(1 << 20), Buffer.alloc(1)]))).rejects.toThrow('request body too large');
    expect(await readBody(request([Buffer.alloc(1 << 20)]))).toHaveLength(1 << 20);
  });
});

describe('writeResponse', () => {
  it('sends objects as indented JSON with its length in bytes (é is two)', () => {
    const { res, written } = recordingResponse();
    writeResponse(res, { status: 201, body: { name: 'é' }, headers: { 'x-extra': '1' } });
    expect(written).toEqual({
      status: 201,
      headers: { 'content-type': 'application/json; charset=UTF-8', 'x-extra': '1', 'content-length': 18 },
      payload: '{\n  "name": "é"\n}',
    });
  });

  it('sends strings as they are, as text unless the headers say otherwise', () => {
    const plain = recordingResponse();
    writeResponse(plain.res, { status: 400, body: 'nope' });
    expect(plain.written.headers).toEqual({ 'content-type': 'text/plain; charset=utf-8', 'content-length': 4 });
    const html = recordingResponse();
    writeResponse(html.res, { status: 200, body: '<p>', headers: { 'content-type': 'text/html' } });
    expect(html.written).toMatchObject({ headers: { 'content-type': 'text/html' }, payload: '<p>' });
  });

  it('lets a computed content-length win over a given one, and writes nothing to a client that left', () => {
    const { res, written } = recordingResponse();
    writeResponse(res, { status: 200, body: 'abc', headers: { 'content-length': '99' } });
    expect(written.headers?.['content-length']).toBe(3);
    const gone = recordingResponse(true);
    writeResponse(gone.res, { status: 200, body: 'abc' });
    expect(gone.written).toEqual({});
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header, any case, and nothing else', () => {
    expect(bearerToken('Bearer 123.abc')).toBe('123.abc');
    expect(bearerToken('bearer  xyz')).toBe('xyz');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer ')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('bodyParams', () => {
  it('reads a form body', () => {
    expect(Object.fromEntries(bodyParams('app_id=a&code=b%20c', 'application/x-www-form-urlencoded'))).toEqual({ app_id: 'a', code: 'b c' });
  });

  it('reads a JSON object body, by content type or by its look, with values as strings', () => {
    expect(Object.fromEntries(bodyParams('{"app_id":"a","code":7,"skip":null}', 'application/json; charset=utf-8'))).toEqual({ app_id: 'a', code: '7' });
    expect(Object.fromEntries(bodyParams(' {"app_id":"a"}', undefined))).toEqual({ app_id: 'a' });
  });

  it('reads malformed or non-object JSON as no parameters', () => {
    expect([...bodyParams('{"app_id":', 'application/json')]).toEqual([]);
    expect([...bodyParams('[1,2]', 'application/json')]).toEqual([]);
    expect([...bodyParams('', undefined)]).toEqual([]);
  });
});
