import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeEachEngine } from '../support/engines.js';
import { startSimulatedServer, type SimulatedServer } from '../support/simulated-server.js';
import type { TestDatabase } from '../support/test-databases.js';

// Strict input over HTTP, for every endpoint: unknown fields, a body that is not JSON,
// over-long values and unknown query parameters answer 4xx naming the problem, and write
// nothing — while the same request, made valid, would (the last test proves the snapshot
// sees writes). A queued backfill waits in the database the whole time, so a dispatch that
// slipped through would claim it.
const ADMIN = 'admin-token-strict-input';
const CRON = 'cron-secret-strict-input';
/** The one redirect URI registered for the OAuth client, as in Google's console. */
const REGISTERED_REDIRECT_URI = 'http://127.0.0.1/callback';
const MIB = 1024 * 1024;

/**
 * Google's token endpoint checks the redirect URI against the consent request's and the
 * client's registered ones, answering 400 `{"error": "redirect_uri_mismatch",
 * "error_description": "Bad Request"}`; the simulator does not, so this stands in front of it.
 */
async function startRedirectCheckingTokenEndpoint(upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = Buffer.concat(chunks).toString('utf8');
    const params = new URLSearchParams(form);
    if (params.get('grant_type') === 'authorization_code' && params.get('redirect_uri') !== REGISTERED_REDIRECT_URI) {
      res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: 'redirect_uri_mismatch', error_description: 'Bad Request' }));
      return;
    }
    const headers: Record<string, string> = { 'content-type': req.headers['content-type'] ?? '' };
    if (req.headers.authorization) headers['authorization'] = req.headers.authorization;
    const answer = await fetch(upstream, { method: 'POST', headers, body: form });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/token`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface Endpoint {
  path: string;
  token: string;
  /** A body the endpoint accepts. */
  valid: Record<string, unknown>;
}

const EXCHANGE: Endpoint = { path: '/api/oauth/youtube/exchange', token: ADMIN, valid: { tenant_id: 'globex', code: 'sim-code-globex' } };
const BACKFILL: Endpoint = { path: '/api/jobs/backfill/dispatch', token: ADMIN, valid: { tenant_id: 'acme', force: true } };
const DISPATCH: Endpoint = { path: '/api/jobs/dispatch', token: CRON, valid: {} };
const DAILY: Endpoint = { path: '/api/jobs/daily', token: CRON, valid: {} };
const EVERY_ENDPOINT = [EXCHANGE, BACKFILL, DISPATCH, DAILY].map((endpoint) => [endpoint.path, endpoint] as const);

describeEachEngine('strict input end to end', (engine) => {
  let tokenEndpoint: { url: string; close(): Promise<void> } | undefined;
  let database: TestDatabase;
  let server: SimulatedServer;

  beforeAll(async () => {
    server = await startSimulatedServer({
      engine,
      admin: ADMIN,
      cron: CRON,
      client: { id: 'strict-client', secret: 'strict-secret' },
      simulator: { videosPerChannel: 2 },
      env: async (sim) => {
        tokenEndpoint = await startRedirectCheckingTokenEndpoint(sim.oauthTokenUrl);
        return { GOOGLE_REDIRECT_URI: REGISTERED_REDIRECT_URI, GOOGLE_OAUTH_TOKEN_URL: tokenEndpoint.url, YOUTUBE_BACKFILL_DAYS: '14' };
      },
    });
    ({ database } = server);
    // One connected channel whose backfill waits, queued, for a dispatch.
    const connected = await send(EXCHANGE.path, { token: ADMIN, json: { tenant_id: 'acme', code: 'sim-code-acme' } });
    expect(connected).toMatchObject({ status: 200, body: { backfill_enqueued: 2 } });
  });
  afterAll(async () => {
    await server?.close();
    await tokenEndpoint?.close();
  });

  /** `json` is serialized with `Content-Type: application/json`; `raw` is sent as given, with `headers`. */
  const send = async (path: string, options: { token?: string; method?: string; json?: unknown; raw?: string | Uint8Array; headers?: Record<string, string> }) => {
    const headers: Record<string, string> = { ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    const body = options.json !== undefined ? JSON.stringify(options.json) : options.raw;
    const response = await fetch(`${server.url}${path}`, { method: options.method ?? 'POST', headers, ...(body === undefined ? {} : { body }) });
    return { status: response.status, body: (await response.json()) as any };
  };
  /** Every row of the tables a request may write, so any insert or update shows. */
  const snapshot = async () => ({
    job_tasks: await database.db.selectFrom('job_tasks').selectAll().orderBy('id').execute(),
    backfill_jobs: await database.db.selectFrom('backfill_jobs').selectAll().orderBy('id').execute(),
    connections: await database.db.selectFrom('connections').selectAll().orderBy('id').execute(),
  });
  /** Runs `request`, checks it wrote nothing, and answers its response. */
  const writesNothing = async (request: () => Promise<{ status: number; body: any }>) => {
    const before = await snapshot();
    const answer = await request();
    expect(await snapshot()).toEqual(before);
    return answer;
  };
  const expectRefusal = (answer: { status: number; body: any }, status: number, code: string, message: string | RegExp) => {
    expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status, code });
    expect(answer.body.error.message).toEqual(typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message));
  };

  it('has the state a request that slipped through would change: a connection and its queued backfill', async () => {
    const state = await snapshot();
    expect(state.connections).toHaveLength(1);
    expect(state.backfill_jobs).toHaveLength(1);
    expect(state.job_tasks.map((task) => task.status)).toEqual(['queued', 'queued']);
  });

  describe('unknown fields', () => {
    it.each(EVERY_ENDPOINT)('%s answers 400 naming each unknown field', async (_path, endpoint) => {
      const answer = await writesNothing(() => send(endpoint.path, { token: endpoint.token, json: { ...endpoint.valid, froce: true, 'tenant id': 'x' } }));
      expectRefusal(answer, 400, 'invalid_request', 'body: unrecognized key "froce"; body: unrecognized key "tenant id"');
      expect(answer.body.error.issues).toEqual([
        { path: 'body', message: 'unrecognized key "froce"' },
        { path: 'body', message: 'unrecognized key "tenant id"' },
      ]);
    });

    it.each(EVERY_ENDPOINT)('%s answers 400 naming an unknown query parameter', async (_path, endpoint) => {
      const answer = await writesNothing(() => send(`${endpoint.path}?force=true`, { token: endpoint.token, json: endpoint.valid }));
      expectRefusal(answer, 400, 'invalid_request', 'invalid query: query: unrecognized key "force"');
    });

    it.each([DISPATCH, DAILY].map((endpoint) => [endpoint.path, endpoint] as const))('%s, which takes no input, refuses a body that is not {}', async (_path, endpoint) => {
      expectRefusal(await writesNothing(() => send(endpoint.path, { token: CRON, json: { limit: 5 } })), 400, 'invalid_request', 'body: unrecognized key "limit"');
      expectRefusal(await writesNothing(() => send(endpoint.path, { token: CRON, json: [] })), 400, 'invalid_request', 'body: Invalid input: expected object, received array');
    });
  });

  describe('a body that is not application/json', () => {
    it.each(
      EVERY_ENDPOINT.flatMap(([path, endpoint]) => [
        [path, 'text/plain', endpoint, 'not text/plain'],
        [path, 'application/x-www-form-urlencoded', endpoint, 'not application/x-www-form-urlencoded'],
        [path, undefined, endpoint, '(no Content-Type was sent)'],
      ] as const),
    )('%s answers 415 to a body of type %s, naming it', async (_path, contentType, endpoint, named) => {
      // Bytes, so that fetch adds no Content-Type of its own.
      const raw = new TextEncoder().encode(JSON.stringify(endpoint.valid));
      const answer = await writesNothing(() => send(endpoint.path, { token: endpoint.token, raw, headers: contentType ? { 'content-type': contentType } : {} }));
      expectRefusal(answer, 415, 'unsupported_media_type', `request body must be JSON sent with "Content-Type: application/json"`);
      expect(answer.body.error.message).toContain(named);
    });

  });

  describe('over-long values', () => {
    it.each([
      [EXCHANGE, 'tenant_id', 't'.repeat(192), 'Too big: expected string to have <=191 characters'],
      [EXCHANGE, 'code', 'c'.repeat(2_049), 'Too big: expected string to have <=2048 characters'],
      [EXCHANGE, 'redirect_uri', `https://sluice.example/${'r'.repeat(2_048)}`, 'Too big: expected string to have <=2048 characters'],
      // The issue's case: a redirect URI just under the body limit once passed and came back a 502.
      [EXCHANGE, 'redirect_uri', `https://sluice.example/${'r'.repeat(MIB - 1_000)}`, 'Too big: expected string to have <=2048 characters'],
      [BACKFILL, 'tenant_id', 't'.repeat(192), 'Too big: expected string to have <=191 characters'],
      [BACKFILL, 'account_id', 'a'.repeat(192), 'Too big: expected string to have <=191 characters'],
      [BACKFILL, 'channel_id', 'U'.repeat(192), 'Too big: expected string to have <=191 characters'],
      [BACKFILL, 'platform', 'p'.repeat(33), 'Too big: expected string to have <=32 characters'],
      [BACKFILL, 'days', 366, 'YouTube backfills cover 7 to 365 days'],
    ].map(([endpoint, field, value, message]) => [(endpoint as Endpoint).path, field as string, endpoint as Endpoint, value, message as string] as const))(
      '%s: %s over its limit is a 400 naming the field and the limit',
      async (_path, field, endpoint, value, message) => {
        const answer = await writesNothing(() => send(endpoint.path, { token: endpoint.token, json: { ...endpoint.valid, [field]: value } }));
        expectRefusal(answer, 400, 'invalid_request', `${field}: ${message}`);
        expect(answer.body.error.issues).toEqual([{ path: field, message }]);
        // The value itself is never quoted back.
        expect(JSON.stringify(answer.body).length).toBeLessThan(1_000);
      },
    );

    it.each([DISPATCH, DAILY].map((endpoint) => [endpoint.path, endpoint] as const))('%s names a huge unknown key without quoting it whole', async (_path, endpoint) => {
      const answer = await writesNothing(() => send(endpoint.path, { token: CRON, json: { ['k'.repeat(100_000)]: 1 } }));
      expectRefusal(answer, 400, 'invalid_request', `body: unrecognized key "${'k'.repeat(64)}…"`);
      expect(JSON.stringify(answer.body).length).toBeLessThan(1_000);
    });

    it.each(EVERY_ENDPOINT)('%s answers 413 to a body over 1 MiB', async (_path, endpoint) => {
      const answer = await writesNothing(() => send(endpoint.path, { token: endpoint.token, json: { ...endpoint.valid, padding: 'x'.repeat(MIB) } }));
      expectRefusal(answer, 413, 'payload_too_large', 'request body exceeds 1048576 bytes');
    });
  });

  describe('the bearer comes first', () => {
    it.each(
      EVERY_ENDPOINT.flatMap(([path, endpoint]) => [
        [path, 'an unknown field', endpoint, { json: { ...endpoint.valid, froce: true } }],
        [path, 'a text body', endpoint, { raw: new TextEncoder().encode('froce=true'), headers: { 'content-type': 'text/plain' } }],
        [path, 'malformed JSON', endpoint, { raw: '{"tenant_id":', headers: { 'content-type': 'application/json' } }],
      ] as const),
    )('%s answers 401, not 400 or 415, to a request without the right bearer carrying %s', async (_path, _case, endpoint, request) => {
      const missing = await writesNothing(() => send(endpoint.path, request));
      const wrong = await writesNothing(() => send(endpoint.path, { ...request, token: endpoint.token === ADMIN ? CRON : ADMIN }));
      for (const answer of [missing, wrong]) expectRefusal(answer, 401, 'unauthorized', /bearer/i);
    });
  });

  describe('Google refusing what the caller sent', () => {
    it('a redirect URI Google refuses is a 400 naming redirect_uri, not a 502', async () => {
      const answer = await writesNothing(() =>
        send(EXCHANGE.path, { token: ADMIN, json: { tenant_id: 'globex', code: 'sim-code-globex', redirect_uri: 'https://elsewhere.example/callback' } }),
      );
      expectRefusal(answer, 400, 'invalid_request', 'redirect_uri: Google refused the redirect URI (redirect_uri_mismatch: Bad Request)');
      expect(answer.body.error.issues).toEqual([{ path: 'redirect_uri', message: expect.stringContaining('redirect_uri_mismatch') }]);
    });

    it('a code Google refuses (already used) is a 400 naming code', async () => {
      const answer = await writesNothing(() => send(EXCHANGE.path, { token: ADMIN, json: { tenant_id: 'acme', code: 'sim-code-acme' } }));
      expectRefusal(answer, 400, 'invalid_request', 'code: Google refused the authorization code (invalid_grant: Bad Request)');
      expect(answer.body.error.issues).toEqual([{ path: 'code', message: expect.stringContaining('invalid_grant') }]);
    });
  });

  // Last: the valid requests change the state, which is what the refusals above were compared with.
  it('the same requests, made valid, do write; the crons run without a body, as Vercel calls them', async () => {
    const before = await snapshot();
    const exchange = await send(EXCHANGE.path, { token: ADMIN, json: { ...EXCHANGE.valid, redirect_uri: REGISTERED_REDIRECT_URI } });
    expect(exchange).toMatchObject({ status: 200, body: { backfill_enqueued: 2 } });
    // POST with nothing to send, and no Content-Type: no body, so no media type to refuse.
    expect((await send(DAILY.path, { token: CRON })).status).toBe(200);
    // GET, as Vercel's cron does.
    const dispatch = await send(DISPATCH.path, { token: CRON, method: 'GET' });
    // 4 metric chunks; each succeeded job (the backfill, the daily sync) is followed by a
    // channel rollup over its range (analytics-generation), run by this dispatch or queued for the next.
    expect(dispatch).toMatchObject({ status: 200 });
    const after = await snapshot();
    expect(after.connections).toHaveLength(before.connections.length + 1);
    const chunks = after.job_tasks.filter((task) => task.kind === 'youtube.daily_channel');
    expect(chunks.map((task) => task.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    const rollups = after.job_tasks.filter((task) => task.kind === 'youtube.channel_daily_rollup');
    expect(rollups).toHaveLength(2);
    expect(rollups.every((task) => task.status === 'succeeded' || task.status === 'queued')).toBe(true);
  });
});
