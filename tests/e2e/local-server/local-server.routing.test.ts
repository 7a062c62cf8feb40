import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalServer, type LocalServer } from '../../../dev/local-server/local-server.js';
import { FIXTURE_PROJECT, recordingLogger, tempWorkDir } from './support.js';
import { ADMIN_PAGE_CSP } from '../../../scripts/vercel-output/static-headers.js';

// The local server serves a project's api/ folder the way Vercel does: paths from file
// names, `_` helpers hidden, `[param]` segments added to the query, Web handlers given a
// standard Request with the body exactly as sent, their Response sent back as it is, and a
// 500 for a crashing function. The fixture project's handlers report what they received.
const ADMIN = 'admin-token-routing-test';
const CRON = 'cron-secret-routing-test';

describe('local server routing and the node:http ⇄ Request/Response bridge', () => {
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
      print: logger.print,
      env: { DATABASE_URL: work.databaseUrl, ADMIN_TOKEN: ADMIN, CRON_SECRET: CRON, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') },
    });
  });
  afterAll(async () => {
    await server?.close();
    work.remove();
  });

  const request = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
  const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as any });
  const admin = (body: string, contentType?: string) =>
    request('/api/echo', { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, ...(contentType ? { 'content-type': contentType } : {}) }, body });

  it('serves each api/ file at its Vercel path, index files at their folder, [id] segments added to the query', async () => {
    expect(await json(await request('/api/items'))).toEqual({ status: 200, body: { items: [] } });
    expect(await json(await request('/api/items/42%20b?x=1'))).toEqual({ status: 200, body: { id: '42 b', path: '/api/items/42%20b', query: { id: '42 b', x: '1' } } });
    expect((await request('/api/raw/')).status).toBe(200); // a trailing slash reaches the same function
  });

  it('answers 404 JSON for unknown paths and for _-prefixed helper files and folders', async () => {
    for (const path of ['/api/nope', '/api/_hidden', '/api/_helpers/describe-request', '/', '/api/raw/extra']) {
      const { status, body } = await json(await request(path));
      expect({ path, status, code: body.error.code }).toEqual({ path, status: 404, code: 'not_found' });
    }
  });

  it('serves public/ as the deployment does: /admin is admin/index.html, nothing outside public/ is reachable', async () => {
    for (const path of ['/admin', '/admin/', '/admin/index.html']) {
      const response = await request(path);
      expect({ path, status: response.status, type: response.headers.get('content-type'), csp: response.headers.get('content-security-policy'), body: await response.text() }).toEqual({
        path,
        status: 200,
        type: 'text/html; charset=utf-8',
        csp: ADMIN_PAGE_CSP, // the same header Vercel sends (a Build Output route)
        body: '<p>admin placeholder</p>\n',
      });
    }
    for (const path of ['/%2e%2e/vercel.json', '/admin/%2e%2e/%2e%2e/vercel.json', '/vercel.json', '/api']) {
      expect({ path, status: (await request(path)).status }).toEqual({ path, status: 404 });
    }
  });

  it('hands the function a standard Request with the URL, repeated query keys and headers as sent', async () => {
    const { body } = await json(await request('/api/raw?tag=a&tag=b&one=1', { headers: { cookie: 'session=abc%20def; theme="dark"' } }));
    expect(body).toMatchObject({ method: 'GET', url: `${server.url}/api/raw?tag=a&tag=b&one=1`, is_request: true });
    expect(body.query).toEqual({ tag: ['a', 'b'], one: '1' });
    expect(body.cookie).toBe('session=abc%20def; theme="dark"');
  });

  it.each([
    ['application/json', '{"a":[1,2]}'],
    ['text/plain', 'just text'],
    ['application/x-www-form-urlencoded', 'a=1&b=2&b=3'],
    ['text/csv', 'a,b'],
  ])('passes a %s body through byte for byte', async (contentType, payload) => {
    const { body } = await json(await request('/api/raw', { method: 'POST', headers: { 'content-type': contentType }, body: payload }));
    expect(body).toMatchObject({ method: 'POST', content_type: contentType, body: { bytes: Buffer.byteLength(payload), text: payload } });
  });

  it('passes binary bodies through unchanged and gives a body-less POST an empty body', async () => {
    const bytes = Buffer.from([0, 255, 1, 254, 10]);
    const binary = await request('/api/raw', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(((await binary.json()) as any).body.bytes).toBe(5);
    const { body } = await json(await request('/api/raw', { method: 'POST' }));
    expect(body).toMatchObject({ content_type: null, body: { bytes: 0, text: '' } });
  });

  it('refuses a body over Vercel’s 4.5 MB request limit with 413 before the function runs', async () => {
    const { status, body } = await json(await request('/api/raw', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(4.5 * 1024 * 1024 + 1) }));
    expect({ status, code: body.error.code }).toEqual({ status: 413, code: 'payload_too_large' });
  });

  it('runs handlers through the edge wrapper: parsed JSON in, JSON out, 401 without the bearer, 405 with Allow on a wrong method', async () => {
    const ok = await json(
      await request('/api/echo?q=1', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}`, cookie: 'c=1' },
        body: JSON.stringify({ tenant_id: 'acme' }),
      }),
    );
    expect(ok).toMatchObject({ status: 200, body: { query: { q: '1' }, cookie: 'c=1', body: { tenant_id: 'acme' } } });
    expect((await request('/api/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    const wrongMethod = await request('/api/echo', { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(((await wrongMethod.json()) as any).error.code).toBe('method_not_allowed');
  });

  it('accepts only JSON bodies at the edge: malformed JSON is 400, text and forms 415 naming the type, over 1 MiB is 413', async () => {
    const malformed = await json(await admin('{"a":', 'application/json'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/not valid JSON/) });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const refused = await json(await admin('a=1', contentType));
      expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
      expect(refused.body.error.message).toContain(`Content-Type: application/json", not ${contentType}`);
    }
    const large = await json(await admin(JSON.stringify({ blob: 'x'.repeat(1024 * 1024) }), 'application/json'));
    expect({ status: large.status, code: large.body.error.code }).toEqual({ status: 413, code: 'payload_too_large' });
  });

  it('gives the function its invocation deadline from vercel.json’s maxDuration, as Vercel’s getDeadline() does', async () => {
    const before = Date.now();
    const { body } = await json(await admin('{}', 'application/json'));
    const after = Date.now();
    const deadline = Date.parse(body.deadline);
    expect(deadline).toBeGreaterThanOrEqual(before + 10_000);
    expect(deadline).toBeLessThanOrEqual(after + 10_000);
  });

  it('sends any Response back as it is: status, headers, each Set-Cookie, a streamed body, a redirect', async () => {
    const page = await request('/api/page');
    expect(page.status).toBe(202);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(await page.text()).toBe('<p>hello</p>');
    const redirect = await request('/api/page?to=/elsewhere');
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('location')).toBe('/elsewhere');
    const head = await request('/api/page', { method: 'HEAD' });
    expect({ status: head.status, body: await head.text() }).toEqual({ status: 202, body: '' });
  });

  it('answers 405 with Allow for a method a per-method module does not export', async () => {
    const response = await request('/api/items', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('answers 500 JSON when a function throws, and logs an http.function_failed event', async () => {
    const { status, body } = await json(await request('/api/throws'));
    expect(status).toBe(500);
    expect(body.error.code).toBe('function_invocation_failed');
    expect(logger.events()).toContainEqual(
      expect.objectContaining({ level: 'error', event: 'http.function_failed', file: 'api/throws.ts', error: { name: 'Error', message: 'boom' } }),
    );
  });

  it('an error inside endpoint() reaches the server\'s logger as http.unhandled_error with method and path, secrets masked', async () => {
    const { status, body } = await json(await admin(JSON.stringify({ boom: true }), 'application/json'));
    expect([status, body.error.code]).toEqual([500, 'internal']);
    const logged = logger.events().find((event) => event.event === 'http.unhandled_error');
    expect(logged).toMatchObject({ level: 'error', method: 'POST', path: '/api/echo', error: { message: 'edge boom with Bearer [redacted]' } });
  });

  it('logs each function call as one http.request event with method, path, status and duration', async () => {
    await request('/api/items/7');
    const events = logger.events().filter((event) => event.event === 'http.request' && event.path === '/api/items/7');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ level: 'info', method: 'GET', status: 200, duration_ms: expect.any(Number) });
  });

  it('runs a vercel.json cron as Vercel does: GET with the cron bearer and user agent, one cron.run event with the JSON answer', async () => {
    const run = await server.triggerCron('/api/cron-target');
    expect(run).toMatchObject({ status: 200, body: { ran: true, user_agent: 'vercel-cron/1.0' } });
    const cronEvents = logger.events().filter((event) => event.event === 'cron.run' && event.path === '/api/cron-target');
    expect(cronEvents).toEqual([
      expect.objectContaining({ method: 'GET', status: 200, duration_ms: expect.any(Number), body: { ran: true, user_agent: 'vercel-cron/1.0' } }),
    ]);
    expect(logger.events().some((event) => event.event === 'http.request' && event.path === '/api/cron-target')).toBe(false);
  });
});
