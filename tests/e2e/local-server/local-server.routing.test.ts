import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalServer, type LocalServer } from '../../../dev/local-server/local-server.js';
import { FIXTURE_PROJECT, recordingLogger, tempWorkDir } from './support.js';

// The local server serves a project's api/ folder the way Vercel does: paths from file
// names, `_` helpers hidden, `[param]` segments, Vercel's request/response helpers, and a
// 500 for a crashing function. The fixture project's handlers report what they received.
const ADMIN = 'admin-token-routing-test';
const CRON = 'cron-secret-routing-test';

describe('local server routing and Vercel helpers', () => {
  const work = tempWorkDir();
  const logger = recordingLogger();
  let server: LocalServer;

  beforeAll(async () => {
    server = await startLocalServer({
      port: 0,
      projectRoot: FIXTURE_PROJECT,
      crons: false,
      secretsFile: work.secretsFile,
      logger,
      env: { DATABASE_URL: work.databaseUrl, ADMIN_TOKEN: ADMIN, CRON_SECRET: CRON, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') },
    });
  });
  afterAll(async () => {
    await server?.close();
    work.remove();
  });

  const request = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
  const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as any });

  it('serves each api/ file at its Vercel path, index files at their folder, [id] segments into req.query', async () => {
    expect(await json(await request('/api/items'))).toEqual({ status: 200, body: { items: [] } });
    expect(await json(await request('/api/items/42%20b?x=1'))).toEqual({ status: 200, body: { id: '42 b', query: { id: '42 b', x: '1' } } });
    expect((await request('/api/raw/')).status).toBe(200); // a trailing slash reaches the same function
  });

  it('answers 404 JSON for unknown paths and for _-prefixed helper files and folders', async () => {
    for (const path of ['/api/nope', '/api/_hidden', '/api/_helpers/describe-body', '/', '/api/raw/extra']) {
      const { status, body } = await json(await request(path));
      expect({ path, status, code: body.error.code }).toEqual({ path, status: 404, code: 'not_found' });
    }
  });

  it('gives handlers req.query with repeated keys as arrays, and req.cookies', async () => {
    const { body } = await json(await request('/api/raw?tag=a&tag=b&one=1', { headers: { cookie: 'session=abc%20def; theme="dark"; session=second' } }));
    expect(body.query).toEqual({ tag: ['a', 'b'], one: '1' });
    expect(body.cookies).toEqual({ session: 'abc def', theme: 'dark' });
  });

  it.each([
    ['application/json', '{"a":[1,2]}', { kind: 'object', value: { a: [1, 2] } }],
    ['application/json; charset=utf-8', '', { kind: 'object', value: {} }],
    ['text/plain', 'just text', { kind: 'string', value: 'just text' }],
    ['application/x-www-form-urlencoded', 'a=1&b=2&b=3', { kind: 'object', value: { a: '1', b: ['2', '3'] } }],
    ['application/octet-stream', 'bytes', { kind: 'buffer', value: 'bytes' }],
    ['text/csv', 'a,b', { kind: 'undefined', value: null }],
  ])('parses a %s body as Vercel does', async (contentType, payload, expected) => {
    const { body } = await json(await request('/api/raw', { method: 'POST', headers: { 'content-type': contentType }, body: payload }));
    expect(body.body).toEqual(expected);
  });

  it('gives an empty string as the body of a request without content-type, as Vercel does', async () => {
    const { body } = await json(await request('/api/raw', { method: 'POST' }));
    expect(body.body).toEqual({ kind: 'string', value: '' });
  });

  it('makes reading req.body throw on malformed JSON, so the handler answers 400', async () => {
    const raw = await json(await request('/api/raw', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' }));
    expect(raw).toEqual({ status: 400, body: { error: { code: 'bad_body', message: 'Invalid JSON' } } });
    const wrapped = await json(
      await request('/api/echo', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: '{"a":' }),
    );
    expect(wrapped.status).toBe(400);
    expect(wrapped.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/JSON/) });
  });

  it('runs handlers through the edge wrapper: parsed JSON in, JSON out, 401 without the bearer, 405 with Allow on a wrong method', async () => {
    const ok = await json(
      await request('/api/echo?q=1', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}`, cookie: 'c=1' },
        body: JSON.stringify({ tenant_id: 'acme' }),
      }),
    );
    expect(ok).toEqual({ status: 200, body: { query: { q: '1' }, cookies: { c: '1' }, body: { tenant_id: 'acme' } } });
    expect((await request('/api/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    const wrongMethod = await request('/api/echo', { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(((await wrongMethod.json()) as any).error.code).toBe('method_not_allowed');
  });

  it('implements res.status().send() for HTML and res.redirect() with a 307 by default', async () => {
    const page = await request('/api/page');
    expect(page.status).toBe(202);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe('<p>hello</p>');
    const redirect = await request('/api/page?to=/elsewhere');
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('location')).toBe('/elsewhere');
  });

  it('answers 500 JSON when a function throws, and logs the error', async () => {
    const { status, body } = await json(await request('/api/throws'));
    expect(status).toBe(500);
    expect(body.error.code).toBe('function_invocation_failed');
    expect(logger.lines.some((line) => line.includes('api/throws.ts threw') && line.includes('boom'))).toBe(true);
  });

  it('runs a vercel.json cron as Vercel does: GET with the cron bearer and user agent, one log line with the JSON answer', async () => {
    const run = await server.triggerCron('/api/cron-target');
    expect(run).toMatchObject({ status: 200, body: { ran: true, user_agent: 'vercel-cron/1.0' } });
    const cronLines = logger.lines.filter((line) => line.startsWith('[cron] GET /api/cron-target'));
    expect(cronLines).toHaveLength(1);
    expect(cronLines[0]).toContain('→ 200');
    expect(cronLines[0]).toContain('{"ran":true,"user_agent":"vercel-cron/1.0"}');
  });
});
