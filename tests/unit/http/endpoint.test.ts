import { describe, expect, it, jest } from '@jest/globals';
import { z } from 'zod';
import { endpoint, type Edge } from '../../../api/_lib/http.js';
import { tenantId } from '../../../api/_lib/input-schemas.js';
import { loadConfig } from '../../../lib/config/env.js';
import {
  ConfigError,
  ConflictError,
  JobActiveError,
  NotFoundError,
  PermanentError,
  RateLimitedError,
  ReauthRequiredError,
  RetryableError,
  UnauthorizedError,
  ValidationError,
} from '../../../lib/errors.js';
import type { Runtime } from '../../../lib/runtime.js';
import { createLogger } from '../../../lib/shared/logger.js';

// The Web-standard edge without a database: the runtime is a stub whose use is recorded, so
// each test also proves what the edge did *not* touch (the database, the body) on refusals.
const CRON = 'cron-secret-endpoint-test';
const ADMIN = 'admin-token-endpoint-test';

function fakeEdge(overrides: Partial<Edge> = {}) {
  const lines: string[] = [];
  const runtime = jest.fn(async () => ({ clock: { now: () => new Date() } }) as unknown as Runtime);
  const edge: Edge = {
    config: () => loadConfig({ CRON_SECRET: CRON, ADMIN_TOKEN: ADMIN }),
    runtime,
    deadline: () => new Date('2026-11-29T12:00:55.000Z'),
    logger: createLogger({ sink: (_level, line) => lines.push(line) }),
    ...overrides,
  };
  return { edge, runtime, lines };
}

const call = (fn: { fetch(request: Request): Promise<Response> }, init: RequestInit & { bearer?: string } = {}) => {
  const { bearer, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (bearer !== undefined) headers.set('authorization', `Bearer ${bearer}`);
  return fn.fetch(new Request('https://sluice.example/api/x', { ...rest, headers }));
};
const read = async (response: Response) => ({ status: response.status, body: (await response.json()) as any });

describe('endpoint(): a Web-standard Vercel function', () => {
  it('answers run()’s data as JSON with status 200, giving run the Request, the runtime and the platform deadline', async () => {
    const { edge } = fakeEdge();
    const run = jest.fn(async ({ request }: { request: Request }, _runtime: Runtime, invocation: { deadline: Date | undefined }) => ({
      path: new URL(request.url).pathname,
      deadline: invocation.deadline?.toISOString(),
    }));
    const response = await call(endpoint({ methods: ['GET'], auth: 'cron' }, run, edge), { bearer: CRON });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await read(response)).toEqual({ status: 200, body: { path: '/api/x', deadline: '2026-11-29T12:00:55.000Z' } });
  });

  it('answers a wrong method 405 with Allow, before authorizing or touching the database', async () => {
    const { edge, runtime } = fakeEdge();
    const response = await call(endpoint({ methods: ['GET', 'POST'], auth: 'cron' }, async () => ({}), edge), { method: 'PUT' });
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(await read(response)).toEqual({ status: 405, body: { error: { code: 'method_not_allowed', message: 'use GET or POST' } } });
    expect(runtime).not.toHaveBeenCalled();
  });

  it.each([
    ['no Authorization header', undefined, /missing "Authorization: Bearer <CRON_SECRET>"/],
    ['a wrong bearer', 'nope', /invalid bearer token \(expected CRON_SECRET\)/],
    ['the admin token on a cron endpoint', ADMIN, /expected CRON_SECRET/],
  ])('answers 401 for %s without touching the database or reading the body', async (_case, bearer, message) => {
    const { edge, runtime } = fakeEdge();
    let pulled = false;
    const body = new ReadableStream({ pull: () => void (pulled = true) }, { highWaterMark: 0 });
    const fn = endpoint({ methods: ['POST'], auth: 'cron' }, async () => ({}), edge);
    const response = await call(fn, { method: 'POST', body, duplex: 'half', ...(bearer === undefined ? {} : { bearer }) } as RequestInit);
    const { status, body: answer } = await read(response);
    expect({ status, code: answer.error.code }).toEqual({ status: 401, code: 'unauthorized' });
    expect(answer.error.message).toMatch(message);
    expect(runtime).not.toHaveBeenCalled();
    expect(pulled).toBe(false);
  });

  it('accepts the admin token on admin endpoints and only there', async () => {
    const { edge } = fakeEdge();
    const fn = endpoint({ methods: ['POST'], auth: 'admin' }, async () => ({ ok: true }), edge);
    expect((await call(fn, { method: 'POST', bearer: ADMIN })).status).toBe(200);
    expect((await call(fn, { method: 'POST', bearer: CRON })).status).toBe(401);
  });

  it('answers 500 misconfigured, without details, when the configuration does not load, and logs why', async () => {
    const { edge, runtime, lines } = fakeEdge({ config: () => loadConfig({ YOUTUBE_BACKFILL_DAYS: 'many' }) });
    const { status, body } = await read(await call(endpoint({ methods: ['GET'], auth: 'cron' }, async () => ({}), edge), { bearer: CRON }));
    expect({ status, body }).toEqual({ status: 500, body: { error: { code: 'misconfigured', message: 'the server is misconfigured; see its logs' } } });
    expect(runtime).not.toHaveBeenCalled();
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', event: 'http.misconfigured', error: { message: expect.stringContaining('YOUTUBE_BACKFILL_DAYS') } });
  });

  it('answers 500 misconfigured naming the missing secret when the endpoint’s bearer is not configured', async () => {
    const { edge } = fakeEdge({ config: () => loadConfig({ ADMIN_TOKEN: ADMIN }) });
    const { status, body } = await read(await call(endpoint({ methods: ['GET'], auth: 'cron' }, async () => ({}), edge), { bearer: 'x' }));
    expect({ status, body }).toEqual({ status: 500, body: { error: { code: 'misconfigured', message: 'CRON_SECRET is not configured' } } });
  });

  const now = Date.now();
  it.each([
    [new ValidationError('bad tenant_id', [{ path: 'tenant_id', message: 'Required' }]), 400, 'invalid_request'],
    [new UnauthorizedError('who?'), 401, 'unauthorized'],
    [new NotFoundError('no such channel'), 404, 'not_found'],
    [new ConflictError('already'), 409, 'conflict'],
    [new JobActiveError('job 7 is already active for t:youtube:UC1:data-collection', 7), 409, 'job_active'],
    [new ReauthRequiredError('reconnect'), 409, 'needs_reauth'],
    [new RateLimitedError('slow down', new Date(now + 30_000)), 503, 'upstream_rate_limited'],
    [new RetryableError('google 500'), 502, 'upstream_unavailable'],
    [new PermanentError('google 400'), 502, 'upstream_rejected'],
    [new ConfigError('GOOGLE_CLIENT_ID refused'), 500, 'misconfigured'],
  ])('maps %p to %i %s', async (error, status, code) => {
    const { edge } = fakeEdge();
    const response = await call(endpoint({ methods: ['GET'], auth: 'cron' }, async () => Promise.reject(error), edge), { bearer: CRON });
    const answer = await read(response);
    expect({ status: answer.status, code: answer.body.error.code, message: answer.body.error.message }).toEqual({ status, code, message: error.message });
    if (error instanceof RateLimitedError) expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    if (error instanceof JobActiveError) expect(answer.body.error.job_id).toBe(7);
    if (error instanceof ValidationError) expect(answer.body.error.issues).toEqual([{ path: 'tenant_id', message: 'Required' }]);
  });

  it('answers anything else 500 internal, telling the caller nothing, and logs it with secrets masked', async () => {
    const { edge, lines } = fakeEdge();
    const fn = endpoint({ methods: ['GET'], auth: 'cron' }, async () => Promise.reject(new TypeError('boom with Bearer abc.def')), edge);
    expect(await read(await call(fn, { bearer: CRON }))).toEqual({ status: 500, body: { error: { code: 'internal', message: 'internal error' } } });
    const event = JSON.parse(lines[0]!);
    expect(event).toMatchObject({ level: 'error', event: 'http.unhandled_error', error: { name: 'TypeError', message: 'boom with Bearer [redacted]' } });
    expect(lines[0]).not.toContain('abc.def');
  });
});

describe('endpoint(): strict input, validated after the bearer and before the runtime', () => {
  const body = z.strictObject({ tenant_id: tenantId, force: z.boolean().optional() });
  const echo = (edge: Edge) => endpoint({ methods: ['GET', 'POST'], auth: 'admin', body }, async (input) => ({ body: input.body, query: input.query }), edge);
  const noInput = (edge: Edge) => endpoint({ methods: ['GET', 'POST'], auth: 'cron' }, async (input) => ({ body: input.body, query: input.query }), edge);
  const post = (text: string | undefined, headers: Record<string, string>, bearer: string, path = '/api/x') => ({
    method: 'POST',
    headers,
    bearer,
    ...(text === undefined ? {} : { body: new TextEncoder().encode(text) }),
    path,
  });
  const send = (fn: { fetch(request: Request): Promise<Response> }, init: ReturnType<typeof post>) => {
    const { path, bearer, ...rest } = init;
    const headers = new Headers(rest.headers);
    headers.set('authorization', `Bearer ${bearer}`);
    return fn.fetch(new Request(`https://sluice.example${path}`, { ...rest, headers }));
  };

  it('hands run the validated body and query', async () => {
    const { edge } = fakeEdge();
    const answer = await read(await send(echo(edge), post('{"tenant_id":" acme ","force":true}', { 'content-type': 'application/json' }, ADMIN)));
    expect(answer).toEqual({ status: 200, body: { body: { tenant_id: 'acme', force: true }, query: {} } });
  });

  it('refuses unknown body fields with a 400 naming each, and never reaches the runtime', async () => {
    const { edge, runtime } = fakeEdge();
    const response = await send(echo(edge), post('{"tenant_id":"acme","froce":true,"dyas":7}', { 'content-type': 'application/json' }, ADMIN));
    const { status, body: answer } = await read(response);
    expect({ status, code: answer.error.code }).toEqual({ status: 400, code: 'invalid_request' });
    expect(answer.error.message).toBe('invalid body: body: unrecognized key "froce"; body: unrecognized key "dyas"');
    expect(answer.error.issues).toEqual([
      { path: 'body', message: 'unrecognized key "froce"' },
      { path: 'body', message: 'unrecognized key "dyas"' },
    ]);
    expect(runtime).not.toHaveBeenCalled();
  });

  it.each([
    ['text/plain', 'not text/plain'],
    [undefined, 'no Content-Type was sent'],
  ])('refuses a %s body with 415 naming the type, and never reaches the runtime', async (contentType, detail) => {
    const { edge, runtime } = fakeEdge();
    const response = await send(echo(edge), post('{"tenant_id":"acme"}', contentType ? { 'content-type': contentType } : {}, ADMIN));
    const { status, body: answer } = await read(response);
    expect({ status, code: answer.error.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
    expect(answer.error.message).toContain(detail);
    expect(runtime).not.toHaveBeenCalled();
  });

  it('refuses unknown and repeated query parameters by name', async () => {
    const { edge, runtime } = fakeEdge();
    const unknown = await read(await send(noInput(edge), { ...post(undefined, {}, CRON), path: '/api/x?force=true' }));
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: 'invalid query: query: unrecognized key "force"' } } });
    const fn = endpoint({ methods: ['GET'], auth: 'cron', query: z.strictObject({ tag: z.string().max(8) }) }, async ({ query }) => query, edge);
    const repeated = await read(await send(fn, { ...post(undefined, {}, CRON), method: 'GET', path: '/api/x?tag=a&tag=b' }));
    expect(repeated).toMatchObject({ status: 400, body: { error: { message: 'invalid query: tag: Invalid input: expected string, received array' } } });
    const ok = await read(await send(fn, { ...post(undefined, {}, CRON), method: 'GET', path: '/api/x?tag=a' }));
    expect(ok).toEqual({ status: 200, body: { tag: 'a' } });
    expect(runtime).toHaveBeenCalledTimes(1);
  });

  it('lets an endpoint that takes no input be called with no body, an empty one of any type, or {}', async () => {
    const { edge } = fakeEdge();
    for (const [text, headers] of [
      [undefined, {}],
      ['', { 'content-type': 'text/plain' }],
      ['', {}],
      ['{}', { 'content-type': 'application/json' }],
      [' ', { 'content-type': 'application/json; charset=utf-8' }],
    ] as const) {
      expect({ text, headers, ...(await read(await send(noInput(edge), post(text, headers, CRON)))) }).toEqual({ text, headers, status: 200, body: { body: {}, query: {} } });
    }
    const extra = await read(await send(noInput(edge), post('{"limit":5}', { 'content-type': 'application/json' }, CRON)));
    expect(extra).toMatchObject({ status: 400, body: { error: { message: 'invalid body: body: unrecognized key "limit"' } } });
    const array = await read(await send(noInput(edge), post('[]', { 'content-type': 'application/json' }, CRON)));
    expect(array).toMatchObject({ status: 400, body: { error: { message: 'invalid body: body: Invalid input: expected object, received array' } } });
  });

  it.each([
    ['an unknown field', '{"tenant_id":"acme","froce":true}', { 'content-type': 'application/json' }],
    ['a text body', 'froce=true', { 'content-type': 'text/plain' }],
    ['malformed JSON', '{"tenant_id":', { 'content-type': 'application/json' }],
  ])('answers 401, not 400 or 415, to an unauthenticated request with %s', async (_case, text, headers) => {
    const { edge, runtime } = fakeEdge();
    const { status, body: answer } = await read(await send(echo(edge), post(text, headers, 'wrong')));
    expect({ status, code: answer.error.code }).toEqual({ status: 401, code: 'unauthorized' });
    expect(runtime).not.toHaveBeenCalled();
  });
});
