import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import { requestJson, type JsonClientOptions } from '../../../../lib/connectors/http/json-request.js';
import { AccessTokenRejectedError, ConfigError, PermanentError, RateLimitedError, RetryableError } from '../../../../lib/errors.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type SeenRequest } from '../../../support/loopback-server.js';

const now = new Date('2026-11-22T12:00:00Z');
const options: JsonClientOptions = { now: () => now, errorText: (body) => (body as { error?: string } | null)?.error };

// One route per behaviour: the path picks the answer.
const routes: Record<string, (request: SeenRequest, response: ServerResponse) => void> = {
  '/ok': (_req, res) => sendJson(res, 200, { hello: 'world' }, { 'x-remaining-today': '42' }),
  '/echo': (req, res) => sendJson(res, 200, { method: req.method, contentType: req.headers['content-type'] ?? null, accept: req.headers.accept, body: req.body }),
  '/empty': (_req, res) => res.writeHead(204).end(),
  '/text': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('not json'),
  '/html-502': (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>'),
  '/vendor-403': (_req, res) => sendJson(res, 403, { error: 'Shared secret is required in x-api-key header.' }),
  '/vendor-400': (_req, res) => sendJson(res, 400, { error: 'limit must be at most 100' }),
  '/401': (_req, res) => sendJson(res, 401, { error: 'invalid_token' }),
  '/429': (_req, res) => sendJson(res, 429, { error: 'Exceeded per second rate limit' }, { 'retry-after': '7' }),
  '/stalled-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"results": [');
  },
  '/hang': () => {
    // Never answers: the caller's timeout or abort must end the call.
  },
};

let server: LoopbackServer;
const url = (path: string) => `${server.origin}${path}`;

beforeAll(async () => {
  server = await startLoopbackServer((request, response) => {
    const route = routes[new URL(request.url, 'http://x').pathname];
    if (route) route(request, response);
    else sendJson(response, 404, { error: 'no route' });
  });
});
afterAll(() => server.close());

describe('requestJson: answers', () => {
  it('parses a JSON 2xx and hands back its status and headers (rate headers are the caller’s)', async () => {
    const response = await requestJson({ url: url('/ok'), timeoutMs: 2_000 }, options);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ hello: 'world' });
    expect(response.headers.get('x-remaining-today')).toBe('42');
  });

  it('sends a form as application/x-www-form-urlencoded and a JSON body as application/json, asking for JSON', async () => {
    const form = await requestJson({ method: 'POST', url: url('/echo'), body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r 1' }), timeoutMs: 2_000 }, options);
    expect(form.body).toEqual({ method: 'POST', contentType: 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json', body: 'grant_type=refresh_token&refresh_token=r+1' });
    const json = await requestJson({ method: 'POST', url: url('/echo'), body: { a: 1 }, timeoutMs: 2_000 }, options);
    expect(json.body).toMatchObject({ contentType: 'application/json', body: '{"a":1}' });
  });

  it('reads an empty body as null and a body that is not JSON as its text', async () => {
    expect((await requestJson({ url: url('/empty'), timeoutMs: 2_000 }, options)).body).toBeNull();
    expect((await requestJson({ url: url('/text'), timeoutMs: 2_000 }, options)).body).toBe('not json');
  });
});

describe('requestJson: failures', () => {
  it('a call that outlives its timeout is retryable, and says so', async () => {
    const error = await requestJson({ url: url('/hang'), timeoutMs: 50 }, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toBe('request failed: GET /hang: timed out after 50 ms');
  });

  it('the timeout covers the body too: headers then a stalled body', async () => {
    const error = await requestJson({ url: url('/stalled-body'), timeoutMs: 50 }, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toBe('request failed: GET /stalled-body: timed out after 50 ms');
  });

  it('the caller’s own abort (a lost lease) comes through as its reason, not as the vendor’s failure', async () => {
    const controller = new AbortController();
    const reason = new Error('lease lost');
    const pending = requestJson({ url: url('/hang'), timeoutMs: 5_000, signal: controller.signal }, options);
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });

  it('no server at all is a retryable network failure naming the code', async () => {
    const closed = await startLoopbackServer(() => {});
    const origin = closed.origin;
    await closed.close();
    const error = await requestJson({ url: `${origin}/x`, timeoutMs: 2_000 }, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('a non-JSON error body (a proxy’s HTML 502) is retried and quoted in the message', async () => {
    const error = await requestJson({ url: url('/html-502'), timeoutMs: 2_000 }, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toBe('502 from /html-502: <html><body>Bad Gateway</body></html>');
  });

  it('names the vendor’s message, and never the query string (it may carry keys)', async () => {
    const error = await requestJson({ url: url('/vendor-400?api_key=secret'), timeoutMs: 2_000 }, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toBe('400 from /vendor-400: limit must be at most 100');
    expect((error as Error).message).not.toContain('secret');
  });

  it('falls back to the shared ladder: 401 rejects the token, 429 waits for Retry-After', async () => {
    await expect(requestJson({ url: url('/401'), timeoutMs: 2_000 }, options)).rejects.toBeInstanceOf(AccessTokenRejectedError);
    const limited = (await requestJson({ url: url('/429'), timeoutMs: 2_000 }, options).catch((e: unknown) => e)) as RateLimitedError;
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited.retryAt.getTime() - now.getTime()).toBe(7_000);
  });

  it('asks the vendor’s reader first, with the status, Retry-After and parsed body', async () => {
    const seen: unknown[] = [];
    const readFailure: JsonClientOptions['readFailure'] = (failure) => {
      seen.push(failure);
      return failure.status === 403 ? new ConfigError(`app refused: ${failure.description}`) : undefined;
    };
    const error = await requestJson({ url: url('/vendor-403'), timeoutMs: 2_000 }, { ...options, readFailure }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('app refused: 403 from /vendor-403: Shared secret is required in x-api-key header.');
    expect(seen).toEqual([{ status: 403, retryAfter: null, description: '403 from /vendor-403: Shared secret is required in x-api-key header.', body: { error: 'Shared secret is required in x-api-key header.' } }]);
    // The reader passing (undefined) leaves the ladder to decide.
    await expect(requestJson({ url: url('/429'), timeoutMs: 2_000 }, { ...options, readFailure })).rejects.toBeInstanceOf(RateLimitedError);
  });
});
