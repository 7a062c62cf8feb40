import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import type * as z from 'zod';
import type { RunningYouTubeSimulator } from '../../dev/simulators/youtube/index.js';
import { toDbTime } from '../../db/values.js';
import { adminOpenApiDocument } from '../../api/_lib/openapi-document.js';
import { latestReportDay } from '../../lib/connectors/youtube/youtube-calendar.js';
import { connectionListSchema, errorSchema, jobListSchema, jobSchema, previewSchema, rateLimitConfigSchema } from '../../lib/jobs/admin-api.schemas.js';
import { addDays } from '../../lib/shared/calendar-days.js';
import { discoverApiRoutes, matchRoute, type ApiRoute } from '../../scripts/vercel-output/api-routes.js';
import { describeEachEngine } from '../support/engines.js';
import { startSimulatedServer, type SimulatedServer } from '../support/simulated-server.js';
import type { TestDatabase } from '../support/test-databases.js';

// The admin API over HTTP (issue 8, DESIGN.md "Contracts"): the local server in-process with
// the built-in YouTube simulator, two channels connected through the real OAuth exchange.
// Every endpoint's 401, 400 (each invalid field named), 404 and 409 — each refusal writing
// nothing — and its happy path; every 2xx answer parsed with the answer schemas the OpenAPI
// document is made of, every 4xx with the error schema, and every status seen documented.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN = 'admin-token-admin-api';
const CRON = 'cron-secret-admin-api';
const RATE = 100;
const LANES = 2;
/** The exchange's backfill: two chunks of 7 days. */
const BACKFILL_DAYS = 14;

type Answer = { status: number; body: any };
type Row = { id: number; type: string; status: string; tenant_id: string; platform: string };

describeEachEngine('admin API end to end', (engine) => {
  let sim: RunningYouTubeSimulator;
  let database: TestDatabase;
  let server: SimulatedServer;
  let routes: ApiRoute[];
  /** Every answer of an admin function: method, route and status, to hold against the document. */
  const seen: { method: string; route: string; status: number }[] = [];
  /** The exchanges' answers for the two tenants, and the channels. */
  let acme: { connection_id: number; job_id: number; channel_id: string };
  let globex: { connection_id: number; job_id: number; channel_id: string };

  const latest = latestReportDay(new Date());
  /** Older 14-day ranges, clear of the exchange's: two chunks each. */
  const R1 = { start_date: addDays(latest, -41), end_date: addDays(latest, -28) };
  const R2 = { start_date: addDays(latest, -69), end_date: addDays(latest, -56) };
  const R3 = { start_date: addDays(latest, -97), end_date: addDays(latest, -84) };

  beforeAll(async () => {
    routes = await discoverApiRoutes(ROOT);
    server = await startSimulatedServer({
      engine,
      admin: ADMIN,
      cron: CRON,
      client: { id: 'admin-client', secret: 'admin-secret' },
      simulator: { videosPerChannel: 2 },
      // YouTube only: the rate-limit config below lists exactly its budgets.
      env: { CONNECTORS: 'youtube', YOUTUBE_BACKFILL_DAYS: String(BACKFILL_DAYS), YOUTUBE_REQUESTS_PER_SECOND: String(RATE), DISPATCH_CONCURRENCY: String(LANES) },
    });
    ({ sim, database } = server);
    const connect = async (tenant: string) => {
      const answer = await send('POST', '/api/oauth/youtube/exchange', { json: { tenant_id: tenant, code: `sim-code-${tenant}` } });
      // The exchange's answer as before the jobs service, plus the job it created.
      expect(answer).toEqual({
        status: 200,
        body: { connection_id: expect.any(Number), account_id: sim.channelIdFor(tenant), channel_id: sim.channelIdFor(tenant), backfill_enqueued: 2, job_id: expect.any(Number) },
      });
      return answer.body;
    };
    acme = await connect('acme');
    globex = await connect('globex');
  });
  afterAll(() => server?.close());

  /** One request; `json` is sent as `application/json`, `raw` as given with `headers`. `token: null` sends no bearer. */
  async function send(method: string, path: string, options: { token?: string | null; json?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
    const token = options.token === undefined ? ADMIN : options.token;
    const headers: Record<string, string> = { ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers };
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    const body = options.json !== undefined ? JSON.stringify(options.json) : options.raw;
    const response = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const answer = { status: response.status, body: (await response.json()) as any };
    const route = matchRoute(routes, new URL(path, server.url).pathname)?.route.path;
    if (route?.startsWith('/api/admin/') && answer.status !== 405) seen.push({ method: method.toLowerCase(), route, status: answer.status });
    return answer;
  }
  /** A GET with a JSON body, which fetch refuses to send. */
  async function getWithBody(path: string, body: string): Promise<Answer> {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      const req = httpRequest(`${server.url}${path}`, { method: 'GET', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
    const route = matchRoute(routes, path)?.route.path;
    if (route) seen.push({ method: 'get', route, status: answer.status });
    return answer;
  }
  /** A 2xx answer, parsed with its schema from lib/jobs/admin-api.schemas.ts. */
  function ok<S extends z.ZodType>(answer: Answer, schema: S, status = 200): z.infer<S> {
    expect({ status: answer.status, error: answer.body?.error }).toEqual({ status, error: undefined });
    return schema.parse(answer.body);
  }
  /** A refusal: its status and code, the error shape parsed; answers the error. */
  function refused(answer: Answer, status: number, code: string): z.infer<typeof errorSchema>['error'] {
    expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({ status, code });
    return errorSchema.parse(answer.body).error;
  }
  /** One dispatcher invocation through the cron endpoint; answers its summary. */
  const dispatch = async () => {
    const answer = await send('POST', '/api/jobs/dispatch', { token: CRON });
    expect(answer.status).toBe(200);
    return answer.body as { remaining: number; succeeded: number };
  };
  const dispatchUntilIdle = async () => {
    for (let round = 0; round < 10; round++) if ((await dispatch()).remaining === 0) return;
    throw new Error('the queue did not drain');
  };
  const showJob = async (id: number) => ok(await send('GET', `/api/admin/backfill/${id}`), jobSchema);
  const tasksOf = (jobId: number) => database.db.selectFrom('job_tasks').select(['id', 'dedupe_key', 'status', 'pause_reason', 'attempts', 'run_after']).where('job_id', '=', jobId).orderBy('id').execute();
  const jobRows = async (): Promise<Row[]> =>
    (await database.db.selectFrom('backfill_jobs').select(['id', 'type', 'status', 'tenant_id', 'platform']).orderBy('id', 'desc').execute()).map((row) => ({ ...row, id: Number(row.id) }));

  /** Every row of every table a request may write, so that any insert or update shows. */
  const snapshot = async () => ({
    job_tasks: await database.db.selectFrom('job_tasks').selectAll().orderBy('id').execute(),
    backfill_jobs: await database.db.selectFrom('backfill_jobs').selectAll().orderBy('id').execute(),
    connections: await database.db.selectFrom('connections').selectAll().orderBy('id').execute(),
    rate_limits: await database.db.selectFrom('rate_limits').selectAll().orderBy('budget').execute(),
    video_daily_metrics: await database.db.selectFrom('video_daily_metrics').selectAll().orderBy('channel_id').orderBy('video_id').orderBy('dt').execute(),
    channel_daily_metrics: await database.db.selectFrom('channel_daily_metrics').selectAll().orderBy('channel_id').orderBy('dt').execute(),
  });
  const writesNothing = async (request: () => Promise<Answer>): Promise<Answer> => {
    const before = await snapshot();
    const answer = await request();
    expect(await snapshot()).toEqual(before);
    return answer;
  };

  /** Every admin operation behind the bearer, with a body it would accept; `{jobId}` is the acme exchange's job. */
  const SECURED: { method: string; path: string; json?: unknown }[] = [
    { method: 'POST', path: '/api/admin/backfill', json: { tenant_id: 'acme', ...R2 } },
    { method: 'POST', path: '/api/admin/backfill/preview', json: { tenant_id: 'acme', ...R2 } },
    { method: 'GET', path: '/api/admin/backfill/jobs' },
    { method: 'GET', path: '/api/admin/backfill/{jobId}' },
    { method: 'DELETE', path: '/api/admin/backfill/{jobId}' },
    { method: 'POST', path: '/api/admin/backfill/{jobId}/pause' },
    { method: 'POST', path: '/api/admin/backfill/{jobId}/resume' },
    { method: 'GET', path: '/api/admin/backfill/config/rate-limit' },
    { method: 'PUT', path: '/api/admin/backfill/config/rate-limit', json: { platforms: { youtube: { concurrency: 1 } } } },
    { method: 'GET', path: '/api/admin/connections' },
    { method: 'GET', path: '/api/admin/tenants/{tenantId}/backfill' },
    { method: 'POST', path: '/api/admin/playlist-sync/preview', json: { tenant_id: 'acme', channel_id: 'UC1', categories: [{ name: 'A', video_ids: [] }] } },
    { method: 'POST', path: '/api/admin/playlist-sync', json: { tenant_id: 'acme', channel_id: 'UC1', categories: [{ name: 'A', video_ids: [] }] } },
    { method: 'POST', path: '/api/admin/playlist-sync/{jobId}/restore', json: { preview: true } },
    { method: 'POST', path: '/api/admin/data-backfills', json: { plan: { name: 'p' } } },
    { method: 'GET', path: '/api/admin/data-backfills' },
    { method: 'GET', path: '/api/admin/data-backfills/schema.json' },
    { method: 'GET', path: '/api/admin/data-backfills/{runId}' },
    { method: 'POST', path: '/api/admin/data-backfills/{runId}/approve', json: { phase: 'apply', note: 'n' } },
    { method: 'POST', path: '/api/admin/data-backfills/{runId}/rollback' },
    { method: 'GET', path: '/api/admin/data-backfills/{runId}/artifacts' },
  ];
  const withJob = (path: string, id: number | string) => path.replace('{jobId}', String(id)).replace('{runId}', '1').replace('{tenantId}', 'acme');

  it("serves the exchange's job through the admin API, pending with its two chunks", async () => {
    const job = await showJob(acme.job_id);
    expect(job).toMatchObject({
      id: acme.job_id,
      type: 'data-collection',
      status: 'pending',
      tenant_id: 'acme',
      platform: 'youtube',
      connection_id: acme.connection_id,
      account_id: acme.channel_id,
      scope: `acme:youtube:${acme.channel_id}:data-collection`,
      config: { start_date: addDays(latest, -(BACKFILL_DAYS - 1)), end_date: latest, days: BACKFILL_DAYS },
      progress: { done: 0, total: 2, percent: 0 },
      message: 'Waiting to start: 0/2 tasks',
      scopes: [{ scope: 'youtube.daily_channel', status: 'pending', done: 0, total: 2, percent: 0, message: 'Fetching daily video metrics… 0/2 weekly chunks' }],
      started_at: null,
      finished_at: null,
      eta: null,
      outcome: null,
      errors: [],
      budget: { requests_per_second: RATE, daily_quota: null, backfill_share: 0.5, concurrency: LANES },
    });
  });

  describe('401', () => {
    it('the table holds every operation of every admin function but the public document', async () => {
      const table = SECURED.map(({ method, path }) => `${method} ${path}`).sort();
      const functions = routes.filter((route) => route.path.startsWith('/api/admin/') && route.path !== '/api/admin/openapi.json');
      const operations: string[] = [];
      for (const route of functions) {
        // A method the function refuses is a 405 naming those it accepts.
        const probe = await fetch(`${server.url}${withJob(route.path.replace('[jobId]', '{jobId}'), acme.job_id)}`, { method: 'PATCH' });
        expect(probe.status).toBe(405);
        await probe.body?.cancel();
        for (const method of (probe.headers.get('allow') ?? '').split(', ')) operations.push(`${method} ${route.path.replace(/\[(\w+)\]/g, '{$1}')}`);
      }
      expect(operations.sort()).toEqual(table);
    });

    it.each(SECURED.flatMap((operation) => [
      [`${operation.method} ${operation.path}`, 'no bearer', operation, null],
      [`${operation.method} ${operation.path}`, 'the cron secret', operation, CRON],
      [`${operation.method} ${operation.path}`, 'a wrong bearer', operation, `${ADMIN}x`],
    ] as const))('%s answers 401 to %s, writing nothing', async (_name, _case, operation, token) => {
      const answer = await writesNothing(() => send(operation.method, withJob(operation.path, acme.job_id), { token, ...(operation.json ? { json: operation.json } : {}) }));
      expect(refused(answer, 401, 'unauthorized').message).toMatch(/bearer/i);
    });

    it('the OpenAPI document needs no bearer, and is the one generated from the schemas', async () => {
      const answer = await send('GET', '/api/admin/openapi.json', { token: null });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(JSON.parse(JSON.stringify(adminOpenApiDocument(server.url))));
    });
  });

  describe('400 naming each invalid field, writing nothing', () => {
    const acmeBody = { tenant_id: 'acme' };
    const jobBodies: [string, Record<string, unknown>, string[]][] = [
      ['tenant_id of the wrong type', { tenant_id: 5 }, ['tenant_id']],
      ['no tenant_id', { days: 7 }, ['tenant_id']],
      ['an empty tenant_id', { tenant_id: '  ' }, ['tenant_id']],
      ['days as a string', { ...acmeBody, days: '7' }, ['days']],
      ['days 0', { ...acmeBody, days: 0 }, ['days']],
      ['force as a string', { ...acmeBody, force: 'yes' }, ['force']],
      ['connection_id not an integer', { ...acmeBody, connection_id: 1.5 }, ['connection_id']],
      ['an unknown type', { ...acmeBody, type: 'bogus' }, ['type']],
      ['a day that does not exist', { ...acmeBody, start_date: '2025-02-30', end_date: '2025-03-01' }, ['start_date']],
      ['a day in another format', { ...acmeBody, start_date: R1.start_date, end_date: '03/01/2025' }, ['end_date']],
      ['start_date after end_date', { ...acmeBody, start_date: R1.end_date, end_date: R1.start_date }, ['start_date']],
      ['days with a range', { ...acmeBody, ...R1, days: 7 }, ['days']],
      ['only start_date', { ...acmeBody, start_date: R1.start_date }, ['end_date']],
      ['only end_date', { ...acmeBody, end_date: R1.end_date }, ['start_date']],
      ['an unknown key', { ...acmeBody, froce: true }, ['body']],
      ['an end_date after the latest report day', { ...acmeBody, start_date: R1.start_date, end_date: addDays(latest, 1) }, ['end_date']],
      ['a range over ten years', { ...acmeBody, start_date: addDays(latest, -4000), end_date: latest }, ['start_date']],
      ['a platform with no connector', { ...acmeBody, platform: 'myspace' }, ['platform']],
      ['a type the connector does not plan', { ...acmeBody, type: 'playlist-sync' }, ['type']],
      ['entities for a platform that has none', { ...acmeBody, entities: ['orders'] }, ['entities']],
      ['an empty list of entities', { ...acmeBody, entities: [] }, ['entities']],
      ['an array', [acmeBody] as unknown as Record<string, unknown>, ['body']],
    ];

    it.each(['/api/admin/backfill', '/api/admin/backfill/preview'].flatMap((path) => jobBodies.map(([name, json, fields]) => [path, name, json, fields] as const)))(
      'POST %s with %s',
      async (path, _name, json, fields) => {
        const error = refused(await writesNothing(() => send('POST', path, { json })), 400, 'invalid_request');
        expect(error.issues?.map((issue) => issue.path)).toEqual(fields);
        expect(error.issues?.every((issue) => issue.message.length > 0)).toBe(true);
      },
    );

    it.each(['/api/admin/backfill', '/api/admin/backfill/preview'])('POST %s with account_id and connection_id naming different accounts', async (path) => {
      const json = { tenant_id: 'acme', connection_id: acme.connection_id, account_id: 'UC-someone-else' };
      const error = refused(await writesNothing(() => send('POST', path, { json })), 400, 'invalid_request');
      expect(error.issues).toEqual([{ path: 'account_id', message: `connection ${acme.connection_id} is account ${acme.channel_id}` }]);
    });

    it.each(['/api/admin/backfill', '/api/admin/backfill/preview'])('POST %s with a query parameter, or malformed JSON', async (path) => {
      const query = refused(await writesNothing(() => send('POST', `${path}?force=true`, { json: { tenant_id: 'acme', ...R2 } })), 400, 'invalid_request');
      expect(query.issues).toEqual([{ path: 'query', message: 'unrecognized key "force"' }]);
      const malformed = refused(await writesNothing(() => send('POST', path, { raw: '{"tenant_id": "acme",', headers: { 'content-type': 'application/json' } })), 400, 'invalid_request');
      expect(malformed.message).toMatch(/not valid JSON/);
    });

    it.each([
      ['GET', '/api/admin/backfill/{jobId}'],
      ['DELETE', '/api/admin/backfill/{jobId}'],
      ['POST', '/api/admin/backfill/{jobId}/pause'],
      ['POST', '/api/admin/backfill/{jobId}/resume'],
    ].flatMap(([method, path]) => ['abc', '0', '-1', '1.5', '1234567890123456'].map((id) => [method!, path!, id] as const)))('%s %s with jobId %s', async (method, path, id) => {
      const error = refused(await writesNothing(() => send(method, withJob(path, id))), 400, 'invalid_request');
      expect(error.issues).toEqual([{ path: 'jobId', message: 'must be a positive integer id' }]);
    });

    it('GET a job with an unknown query parameter', async () => {
      const error = refused(await send('GET', `/api/admin/backfill/${acme.job_id}?verbose=1`), 400, 'invalid_request');
      expect(error.issues).toEqual([{ path: 'query', message: 'unrecognized key "verbose"' }]);
    });

    it.each([
      ['status=bogus', ['status.0']],
      ['status=running,bogus', ['status.1']],
      ['status=', ['status']],
      ['type=bogus', ['type']],
      ['limit=0', ['limit']],
      ['limit=101', ['limit']],
      ['limit=ten', ['limit']],
      ['limit=1&limit=2', ['limit']],
      ['cursor=abc', ['cursor']],
      ['cursor=0', ['cursor']],
      ['tenant_id=', ['tenant_id']],
      ['platform=' + 'p'.repeat(33), ['platform']],
      ['page=2', ['query']],
      ['status=bogus&limit=0&cursor=abc', ['status.0', 'limit', 'cursor']],
    ] as const)('GET /api/admin/backfill/jobs?%s', async (query, fields) => {
      const error = refused(await send('GET', `/api/admin/backfill/jobs?${query}`), 400, 'invalid_request');
      expect(error.issues?.map((issue) => issue.path)).toEqual(fields);
    });

    it.each([
      ['backfill_share 2', { youtube: { backfill_share: 2 } }, ['platforms.youtube.backfill_share']],
      ['backfill_share as a string', { youtube: { backfill_share: '0.5' } }, ['platforms.youtube.backfill_share']],
      ['requests_per_second 0', { youtube: { requests_per_second: 0 } }, ['platforms.youtube.requests_per_second']],
      ['daily_quota not an integer', { 'youtube-data': { daily_quota: 10.5 } }, ['platforms.youtube-data.daily_quota']],
      ['concurrency 0 and daily_quota -1', { youtube: { concurrency: 0, daily_quota: -1 } }, ['platforms.youtube.daily_quota', 'platforms.youtube.concurrency']],
      ['concurrency above DISPATCH_CONCURRENCY', { youtube: { concurrency: LANES + 1 } }, ['platforms.youtube.concurrency']],
      ['an unknown field', { youtube: { burst: 5 } }, ['platforms.youtube']],
      ['an unknown budget', { vimeo: { concurrency: 1 } }, ['platforms.vimeo']],
      ['a known and an unknown budget', { youtube: { concurrency: 1 }, vimeo: { concurrency: 1 } }, ['platforms.vimeo']],
      ['platforms as a list', [], ['platforms']],
    ] as const)('PUT /api/admin/backfill/config/rate-limit with %s', async (_name, platforms, fields) => {
      const error = refused(await writesNothing(() => send('PUT', '/api/admin/backfill/config/rate-limit', { json: { platforms } })), 400, 'invalid_request');
      expect(error.issues?.map((issue) => issue.path)).toEqual(fields);
    });

    it('PUT /api/admin/backfill/config/rate-limit without platforms, or with another key', async () => {
      const missing = refused(await writesNothing(() => send('PUT', '/api/admin/backfill/config/rate-limit', { json: {} })), 400, 'invalid_request');
      expect(missing.issues).toEqual([{ path: 'platforms', message: 'required' }]);
      const other = refused(await writesNothing(() => send('PUT', '/api/admin/backfill/config/rate-limit', { json: { youtube: { concurrency: 1 } } })), 400, 'invalid_request');
      expect(other.issues).toEqual([{ path: 'body', message: 'unrecognized key "youtube"' }]);
    });

    it('GET /api/admin/backfill/config/rate-limit with a body: refused, not ignored', async () => {
      // fetch cannot send a body with GET; curl -X GET -d can, so node:http does here.
      for (const json of [{ platforms: { youtube: { concurrency: 1 } } }, {}]) {
        const error = refused(await writesNothing(() => getWithBody('/api/admin/backfill/config/rate-limit', JSON.stringify(json))), 400, 'invalid_request');
        expect(error.issues).toEqual([{ path: 'body', message: 'a GET takes no body: change limits with PUT' }]);
      }
    });

    it('GET /api/admin/backfill/config/rate-limit with a query parameter', async () => {
      const error = refused(await send('GET', '/api/admin/backfill/config/rate-limit?platform=youtube'), 400, 'invalid_request');
      expect(error.issues).toEqual([{ path: 'query', message: 'unrecognized key "platform"' }]);
    });

    it.each([
      ['POST', '/api/admin/backfill', { tenant_id: 'acme', ...R2 }],
      ['POST', '/api/admin/backfill/preview', { tenant_id: 'acme', ...R2 }],
      ['PUT', '/api/admin/backfill/config/rate-limit', { platforms: { youtube: { concurrency: 1 } } }],
    ] as const)('%s %s answers 415 to a body that is not JSON', async (method, path, valid) => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
        const error = refused(await writesNothing(() => send(method, path, { raw: JSON.stringify(valid), headers: { 'content-type': type } })), 415, 'unsupported_media_type');
        expect(error.message).toContain(`not ${type}`);
      }
    });

    it.each([
      ['POST', '/api/admin/backfill', { tenant_id: 'acme', ...R2 }],
      ['POST', '/api/admin/backfill/preview', { tenant_id: 'acme', ...R2 }],
      ['PUT', '/api/admin/backfill/config/rate-limit', { platforms: { youtube: { concurrency: 1 } } }],
    ] as const)('%s %s answers 413 to a body over 1 MiB', async (method, path, valid) => {
      const error = refused(await writesNothing(() => send(method, path, { json: { ...valid, padding: 'x'.repeat(1024 * 1024) } })), 413, 'payload_too_large');
      expect(error.message).toBe('request body exceeds 1048576 bytes');
    });
  });

  describe('404, writing nothing', () => {
    it.each([
      ['GET', '/api/admin/backfill/{jobId}'],
      ['DELETE', '/api/admin/backfill/{jobId}'],
      ['POST', '/api/admin/backfill/{jobId}/pause'],
      ['POST', '/api/admin/backfill/{jobId}/resume'],
    ])('%s %s for a job that does not exist', async (method, path) => {
      const error = refused(await writesNothing(() => send(method, withJob(path, 987_654_321))), 404, 'not_found');
      expect(error.message).toBe('no job 987654321');
    });

    it.each(['/api/admin/backfill', '/api/admin/backfill/preview'].flatMap((path) => [
      [path, 'an unknown account_id', { account_id: 'UC-nobody' }, /no youtube connection for account UC-nobody of tenant acme/],
      [path, "another tenant's account_id", { account_id: 'GLOBEX' }, /no youtube connection for account UC.* of tenant acme/],
      [path, 'an unknown connection_id', { connection_id: 987_654 }, /no youtube connection 987654 for tenant acme/],
      [path, "another tenant's connection_id", { connection_id: 'GLOBEX' }, /no youtube connection \d+ for tenant acme/],
    ] as const))('POST %s for %s', async (path, _name, target, message) => {
      const resolved = Object.fromEntries(
        Object.entries(target).map(([key, value]) => [key, value === 'GLOBEX' ? (key === 'account_id' ? globex.channel_id : globex.connection_id) : value]),
      );
      const error = refused(await writesNothing(() => send('POST', path, { json: { tenant_id: 'acme', ...R2, ...resolved } })), 404, 'not_found');
      expect(error.message).toMatch(message);
    });

    it('POST /api/admin/backfill for a tenant without a connection', async () => {
      const error = refused(await writesNothing(() => send('POST', '/api/admin/backfill', { json: { tenant_id: 'initech' } })), 404, 'not_found');
      expect(error.message).toBe('no youtube connection for tenant initech');
    });
  });

  describe('preview, create and dispatch', () => {
    it('preview before a create shows the plan and its cost, and names the live job of the scope; it writes nothing', async () => {
      const preview = ok(await writesNothing(() => send('POST', '/api/admin/backfill/preview', { json: { tenant_id: 'acme', ...R1 } })), previewSchema);
      expect(preview).toMatchObject({
        type: 'data-collection',
        platform: 'youtube',
        tenant_id: 'acme',
        connection_id: acme.connection_id,
        account_id: acme.channel_id,
        scope: `acme:youtube:${acme.channel_id}:data-collection`,
        config: { ...R1, days: 14 },
        tasks: 2,
        skipped: 0,
        in_flight: 0,
        to_run: 2,
        // One Analytics query per day of each 7-day chunk, one quota unit each.
        api_calls: 14,
        quota_units: 14,
        budget: 'youtube',
        estimated_seconds: Math.ceil(14 / RATE),
        estimated_days: 1,
        active_job_id: acme.job_id,
      });
      expect(preview.chunks.map((chunk) => chunk.status)).toEqual(['new', 'new']);
      expect(preview.chunks.map((chunk) => chunk.task)).toEqual([`acme:daily_channel:${acme.channel_id}:${addDays(R1.end_date, -7)}`, `acme:daily_channel:${acme.channel_id}:${R1.end_date}`]);
      // The exchange's own range: its chunks are queued under that job, so a create would run nothing new.
      const own = ok(await send('POST', '/api/admin/backfill/preview', { json: { tenant_id: 'acme' } }), previewSchema);
      expect(own).toMatchObject({ tasks: 2, skipped: 0, in_flight: 2, to_run: 0, api_calls: 0, quota_units: 0, estimated_days: 0 });
    });

    it('a second create for a live scope is 409 job_active naming the live job, writing nothing', async () => {
      const error = refused(await writesNothing(() => send('POST', '/api/admin/backfill', { json: { tenant_id: 'acme', ...R1 } })), 409, 'job_active');
      expect(error.job_id).toBe(acme.job_id);
      expect(error.message).toContain(String(acme.job_id));
    });

    it('dispatch runs the exchanges’ jobs; GET shows them done: progress, percent, message, scopes, no ETA', async () => {
      await dispatchUntilIdle();
      for (const tenant of [acme, globex]) {
        const job = await showJob(tenant.job_id);
        expect(job).toMatchObject({
          status: 'succeeded',
          progress: { done: 2, total: 2, percent: 100 },
          message: 'Done: 2/2 tasks',
          scopes: [{ scope: 'youtube.daily_channel', status: 'succeeded', done: 2, total: 2, percent: 100, message: 'Fetching daily video metrics… 2/2 weekly chunks' }],
          eta: null,
          outcome: 'succeeded',
          error_summary: null,
        });
        expect(job.started_at).not.toBeNull();
        expect(Date.parse(job.finished_at!)).toBeGreaterThanOrEqual(Date.parse(job.started_at!));
        expect(job.duration_seconds).toBeGreaterThanOrEqual(0);
      }
      // Each collection was followed by its channel rollup (analytics-generation), run too.
      const rollups = (await jobRows()).filter((row) => row.type === 'analytics-generation');
      expect(rollups.map((row) => [row.tenant_id, row.status]).sort()).toEqual([
        ['acme', 'succeeded'],
        ['globex', 'succeeded'],
      ]);
    });

    it('preview after the job ran counts its done chunks as skipped; with force they run again', async () => {
      const after = ok(await writesNothing(() => send('POST', '/api/admin/backfill/preview', { json: { tenant_id: 'acme' } })), previewSchema);
      expect(after).toMatchObject({ tasks: 2, skipped: 2, in_flight: 0, to_run: 0, api_calls: 0, quota_units: 0, estimated_seconds: 0, estimated_days: 0, active_job_id: null });
      expect(after.chunks.map((chunk) => chunk.status)).toEqual(['done', 'done']);
      const forced = ok(await send('POST', '/api/admin/backfill/preview', { json: { tenant_id: 'acme', force: true } }), previewSchema);
      expect(forced).toMatchObject({ skipped: 0, to_run: 2, api_calls: 14, quota_units: 14 });
      expect(forced.chunks.map((chunk) => chunk.status)).toEqual(['rerun', 'rerun']);
      // Nothing to run without force: a create is refused, naming force.
      const error = refused(await writesNothing(() => send('POST', '/api/admin/backfill', { json: { tenant_id: 'acme' } })), 409, 'conflict');
      expect(error.message).toMatch(/"force": true/);
    });
  });

  describe('commands', () => {
    let jobB: z.infer<typeof jobSchema>;

    it('create answers 201 with the job; GET answers the same job', async () => {
      jobB = ok(await send('POST', '/api/admin/backfill', { json: { tenant_id: 'acme', account_id: acme.channel_id, ...R1 } }), jobSchema, 201);
      expect(jobB).toMatchObject({
        type: 'data-collection',
        status: 'pending',
        reason: null,
        tenant_id: 'acme',
        platform: 'youtube',
        connection_id: acme.connection_id,
        account_id: acme.channel_id,
        scope: `acme:youtube:${acme.channel_id}:data-collection`,
        config: { ...R1, days: 14, force: false },
        progress: { done: 0, total: 2, percent: 0, steps_done: 0 },
        message: 'Waiting to start: 0/2 tasks',
        errors: [],
        started_at: null,
        finished_at: null,
        eta: null,
        duration_seconds: null,
        outcome: null,
      });
      expect(jobB.id).toBeGreaterThan(acme.job_id);
      const shown = await showJob(jobB.id);
      expect({ ...shown, updated_at: undefined }).toEqual({ ...jobB, updated_at: undefined });
      expect((await tasksOf(jobB.id)).map((task) => task.status)).toEqual(['queued', 'queued']);
    });

    it('a running job: GET shows progress, percent, message, ETA and scopes; resume of a running job is 409', async () => {
      // The later chunk waits (as after a backoff), so one dispatch runs only the earlier one.
      const [, later] = await tasksOf(jobB.id);
      await database.db.updateTable('job_tasks').set({ run_after: toDbTime(new Date(Date.now() + 3_600_000)) }).where('id', '=', later!.id).execute();
      await dispatch();
      const asked = Date.now();
      const running = await showJob(jobB.id);
      expect(running).toMatchObject({
        status: 'running',
        progress: { done: 1, total: 2, percent: 50 },
        message: 'Collecting data… 1/2 tasks',
        scopes: [{ scope: 'youtube.daily_channel', status: 'running', done: 1, total: 2, percent: 50 }],
        outcome: null,
      });
      expect(running.started_at).not.toBeNull();
      // At the pace so far: the remaining chunk takes about as long as the first did.
      expect(Date.parse(running.eta!)).toBeGreaterThanOrEqual(asked);
      const error = refused(await writesNothing(() => send('POST', `/api/admin/backfill/${jobB.id}/resume`)), 409, 'conflict');
      expect(error.message).toBe(`job ${jobB.id} is running: resume applies to paused jobs`);
    });

    it('pause → a dispatch claims nothing of it → a second pause is 409 → resume → a dispatch finishes it', async () => {
      const paused = ok(await send('POST', `/api/admin/backfill/${jobB.id}/pause`), jobSchema);
      expect(paused).toMatchObject({ id: jobB.id, status: 'paused', message: 'Paused at 1/2 tasks', progress: { done: 1, total: 2 } });
      const tasks = await tasksOf(jobB.id);
      expect(tasks.map((task) => [task.status, task.pause_reason])).toEqual([
        ['succeeded', null],
        ['paused', 'job'],
      ]);
      await dispatch();
      expect(await tasksOf(jobB.id)).toEqual(tasks);
      expect((await showJob(jobB.id)).status).toBe('paused');
      const again = refused(await writesNothing(() => send('POST', `/api/admin/backfill/${jobB.id}/pause`)), 409, 'conflict');
      expect(again.message).toBe(`job ${jobB.id} is paused: pause applies to pending, running jobs`);

      const resumed = ok(await send('POST', `/api/admin/backfill/${jobB.id}/resume`), jobSchema);
      expect(resumed).toMatchObject({ status: 'running', progress: { done: 1, total: 2 } });
      // Resumed means ready now, even for the chunk that waited before the pause.
      expect((await tasksOf(jobB.id)).map((task) => task.status)).toEqual(['succeeded', 'queued']);
      await dispatchUntilIdle();
      expect(await showJob(jobB.id)).toMatchObject({ status: 'succeeded', progress: { done: 2, total: 2, percent: 100 }, outcome: 'succeeded' });
    });

    it('cancel: the job ends cancelled, its unstarted tasks cancelled, and no dispatch runs them; commands on an ended job are 409', async () => {
      const jobC = ok(await send('POST', '/api/admin/backfill', { json: { tenant_id: 'acme', ...R2 } }), jobSchema, 201);
      const cancelled = ok(await send('DELETE', `/api/admin/backfill/${jobC.id}`), jobSchema);
      expect(cancelled).toMatchObject({ id: jobC.id, status: 'cancelled', reason: 'cancelled', message: 'Cancelled at 0/2 tasks', outcome: 'cancelled', eta: null });
      expect(cancelled.finished_at).not.toBeNull();
      expect((await tasksOf(jobC.id)).map((task) => task.status)).toEqual(['cancelled', 'cancelled']);
      const calls = sim.stats()['analytics.reports.query']?.total ?? 0;
      await dispatch();
      expect((await tasksOf(jobC.id)).map((task) => task.status)).toEqual(['cancelled', 'cancelled']);
      expect(sim.stats()['analytics.reports.query']?.total ?? 0).toBe(calls);

      for (const [method, suffix, command, from] of [
        ['DELETE', '', 'cancel', 'pending, running, paused'],
        ['POST', '/pause', 'pause', 'pending, running'],
        ['POST', '/resume', 'resume', 'paused'],
      ] as const) {
        for (const [id, status] of [[jobC.id, 'cancelled'], [acme.job_id, 'succeeded']] as const) {
          const error = refused(await writesNothing(() => send(method, `/api/admin/backfill/${id}${suffix}`)), 409, 'conflict');
          expect(error.message).toBe(`job ${id} is ${status}: ${command} applies to ${from} jobs`);
        }
      }
    });
  });

  describe('history', () => {
    let rows: Row[];

    beforeAll(async () => {
      // Jobs of other types, ranges and tenants, in other states.
      ok(await send('POST', '/api/admin/backfill', { json: { tenant_id: 'acme', type: 'sync', ...R3 } }), jobSchema, 201);
      ok(await send('POST', '/api/admin/backfill', { json: { tenant_id: 'globex', type: 'analytics-generation', ...R2 } }), jobSchema, 201);
      const paused = ok(await send('POST', '/api/admin/backfill', { json: { tenant_id: 'globex', ...R1 } }), jobSchema, 201);
      ok(await send('POST', `/api/admin/backfill/${paused.id}/pause`), jobSchema);
      rows = await jobRows();
    });

    const list = async (query: string) => ok(await send('GET', `/api/admin/backfill/jobs${query ? `?${query}` : ''}`), jobListSchema);
    /** Every page of a listing, following next_cursor. */
    const allPages = async (query: string, limit: number) => {
      const pages: z.infer<typeof jobListSchema>[] = [];
      let cursor: string | null = null;
      do {
        const page = await list([query, `limit=${limit}`, cursor === null ? '' : `cursor=${cursor}`].filter(Boolean).join('&'));
        expect(page.jobs.length).toBeLessThanOrEqual(limit);
        pages.push(page);
        cursor = page.next_cursor;
      } while (cursor !== null && pages.length < 50);
      return pages;
    };
    const ids = (selected: Row[]) => selected.map((row) => row.id);

    it('lists every job newest first, a page at a time, the last page with next_cursor null', async () => {
      expect(new Set(rows.map((row) => row.type))).toEqual(new Set(['data-collection', 'analytics-generation', 'sync']));
      expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['succeeded', 'cancelled', 'pending', 'paused']));
      expect(rows.length).toBeGreaterThanOrEqual(9);
      const whole = await list('');
      expect(whole.jobs.map((job) => job.id)).toEqual(ids(rows));
      expect(whole.next_cursor).toBeNull();
      for (const limit of [1, 2, 4]) {
        const pages = await allPages('', limit);
        expect(pages.flatMap((page) => page.jobs.map((job) => job.id))).toEqual(ids(rows));
        expect(pages.length).toBe(Math.ceil(rows.length / limit));
        expect(pages.at(-1)!.next_cursor).toBeNull();
      }
    });

    it('each listed job carries duration, outcome and error summary', async () => {
      const { jobs } = await list('');
      for (const job of jobs) {
        expect(job.outcome).toBe(['succeeded', 'failed', 'cancelled'].includes(job.status) ? job.status : null);
        expect(job.error_summary).toBeNull();
        if (job.outcome !== null) expect(job.duration_seconds).toBeGreaterThanOrEqual(0);
      }
    });

    it.each([
      ['status=succeeded', (row: Row) => row.status === 'succeeded'],
      ['status=paused,cancelled', (row: Row) => row.status === 'paused' || row.status === 'cancelled'],
      ['status=failed', () => false],
      ['type=sync', (row: Row) => row.type === 'sync'],
      ['type=analytics-generation', (row: Row) => row.type === 'analytics-generation'],
      ['tenant_id=globex', (row: Row) => row.tenant_id === 'globex'],
      ['tenant_id=initech', () => false],
      ['platform=youtube', () => true],
      ['platform=etsy', () => false],
      ['tenant_id=globex&type=data-collection&status=succeeded,paused', (row: Row) => row.tenant_id === 'globex' && row.type === 'data-collection'],
    ] as const)('filters by %s, newest first, across pages', async (query, keep) => {
      const expected = ids(rows.filter(keep));
      expect((await list(query)).jobs.map((job) => job.id)).toEqual(expected);
      const pages = await allPages(query, 2);
      expect(pages.flatMap((page) => page.jobs.map((job) => job.id))).toEqual(expected);
      for (const job of pages.flatMap((page) => page.jobs)) expect(rows.find((row) => row.id === job.id)).toMatchObject({ status: job.status, type: job.type, tenant_id: job.tenant_id });
    });

    it('a cursor past the oldest job answers an empty page', async () => {
      expect(await list(`cursor=${Math.min(...ids(rows))}`)).toEqual({ jobs: [], next_cursor: null });
    });
  });

  describe('rate-limit config', () => {
    const DEFAULTS = {
      youtube: { requests_per_second: RATE, daily_quota: null, backfill_share: 0.5, concurrency: LANES },
      'youtube-data': { requests_per_second: RATE, daily_quota: 10_000, backfill_share: 0.5, concurrency: LANES },
    };
    const path = '/api/admin/backfill/config/rate-limit';
    type Config = z.infer<typeof rateLimitConfigSchema>;
    /** The limits alone (usage is checked on its own). */
    const limitsOf = (config: Config) => ({ platforms: Object.fromEntries(Object.entries(config.platforms).map(([key, { usage: _usage, ...limits }]) => [key, limits])) });

    it('usage: the Data API units the two channels.list calls of the OAuth exchanges spent, counted for the app in today\'s Pacific day', async () => {
      const config = ok(await send('GET', path), rateLimitConfigSchema);
      expect(config.platforms['youtube-data']!.usage).toEqual([
        { key: 'app', window: 'day', window_start: expect.stringMatching(/T0[78]:00:00\.000Z$/), used: 2, backfill_used: 0, blocked: null },
      ]);
      const stored = await database.db.selectFrom('budget_usage').select(['budget', 'budget_key', 'used']).where('budget', '=', 'youtube-data').execute();
      expect(stored.map((row) => [row.budget_key, Number(row.used)])).toEqual([['app', 2]]);
    });

    it('GET → PUT of some fields → GET shows the change; preview estimates under it; null puts the default back', async () => {
      expect(limitsOf(ok(await send('GET', path), rateLimitConfigSchema))).toEqual({ platforms: DEFAULTS });
      const stored = (await snapshot()).rate_limits;

      const changed = ok(await send('PUT', path, { json: { platforms: { youtube: { requests_per_second: 2, daily_quota: 10 } } } }), rateLimitConfigSchema);
      const expected = { platforms: { ...DEFAULTS, youtube: { ...DEFAULTS.youtube, requests_per_second: 2, daily_quota: 10 } } };
      expect(limitsOf(changed)).toEqual(expected);
      // Persisted, and seen by the snapshot that the refusals above were held to.
      expect((await snapshot()).rate_limits).not.toEqual(stored);
      expect(limitsOf(ok(await send('GET', path), rateLimitConfigSchema))).toEqual(expected);
      // A second PUT changes only its own field.
      const share = ok(await send('PUT', path, { json: { platforms: { youtube: { backfill_share: 0.2 }, 'youtube-data': { concurrency: 1 } } } }), rateLimitConfigSchema);
      expect(limitsOf(share)).toEqual({
        platforms: { youtube: { ...expected.platforms.youtube, backfill_share: 0.2 }, 'youtube-data': { ...DEFAULTS['youtube-data'], concurrency: 1 } },
      });

      // 14 queries at 2 a second; backfills get 2 units a day (20% of 10), and the backfills that
      // ran above spent more than the whole new quota today: nothing more today, then ⌈14/2⌉ more days.
      const [analytics] = ok(await send('GET', path), rateLimitConfigSchema).platforms['youtube']!.usage;
      expect(analytics).toMatchObject({ key: 'app', window: 'day', blocked: { backfill_only: false, reason: expect.stringMatching(/^daily quota spent \(\d+\/10\)/) } });
      expect(analytics!.used).toBeGreaterThan(10);
      const preview = ok(await send('POST', '/api/admin/backfill/preview', { json: { tenant_id: 'acme', force: true } }), previewSchema);
      expect(preview).toMatchObject({ quota_units: 14, estimated_seconds: 7, estimated_days: 8, rate: { requests_per_second: 2, daily_quota: 10, backfill_share: 0.2, concurrency: LANES } });
      // The job's view carries its budget in force.
      expect((await showJob(acme.job_id)).budget).toEqual({ requests_per_second: 2, daily_quota: 10, backfill_share: 0.2, concurrency: LANES });

      const reset = ok(
        await send('PUT', path, { json: { platforms: { youtube: { requests_per_second: null, daily_quota: null, backfill_share: null }, 'youtube-data': { concurrency: null } } } }),
        rateLimitConfigSchema,
      );
      expect(limitsOf(reset)).toEqual({ platforms: DEFAULTS });
      expect(limitsOf(ok(await send('GET', path), rateLimitConfigSchema))).toEqual({ platforms: DEFAULTS });
    });
  });

  describe('connections', () => {
    it('GET /api/admin/connections lists every tenant\'s accounts with status, never a token', async () => {
      const { connections } = ok(await send('GET', '/api/admin/connections'), connectionListSchema);
      expect(connections.map((c) => [c.id, c.tenant_id, c.platform, c.account_id, c.status])).toEqual([
        [acme.connection_id, 'acme', 'youtube', acme.channel_id, 'active'],
        [globex.connection_id, 'globex', 'youtube', globex.channel_id, 'active'],
      ]);
      const raw = JSON.stringify(connections);
      for (const column of ['token', '_enc']) expect(raw).not.toContain(column);
    });
    it('filters by tenant, platform and status', async () => {
      await database.db.updateTable('connections').set({ status: 'needs_reauth', last_error: 'invalid_grant' }).where('id', '=', globex.connection_id).execute();
      try {
        const ids = async (query: string) => ok(await send('GET', `/api/admin/connections?${query}`), connectionListSchema).connections.map((c) => c.id);
        expect(await ids('tenant_id=acme')).toEqual([acme.connection_id]);
        expect(await ids('status=needs_reauth')).toEqual([globex.connection_id]);
        expect(await ids('platform=youtube&status=active')).toEqual([acme.connection_id]);
        expect(await ids('platform=etsy')).toEqual([]);
        const reauth = ok(await send('GET', '/api/admin/connections?tenant_id=globex'), connectionListSchema).connections[0];
        expect(reauth).toMatchObject({ status: 'needs_reauth', last_error: 'invalid_grant' });
      } finally {
        await database.db.updateTable('connections').set({ status: 'active', last_error: null }).where('id', '=', globex.connection_id).execute();
      }
    });
    it('401 without the bearer; 400 naming an unknown parameter or a bad status', async () => {
      refused(await send('GET', '/api/admin/connections', { token: null }), 401, 'unauthorized');
      refused(await send('GET', '/api/admin/connections', { token: 'wrong' }), 401, 'unauthorized');
      const unknown = refused(await send('GET', '/api/admin/connections?tenant=acme'), 400, 'invalid_request');
      expect(unknown.issues).toEqual([{ path: 'query', message: 'unrecognized key "tenant"' }]);
      const status = refused(await send('GET', '/api/admin/connections?status=gone'), 400, 'invalid_request');
      expect(status.issues?.map((issue) => issue.path)).toEqual(['status']);
    });
  });

  describe('the endpoints that made jobs before the admin API', () => {
    it('POST /api/jobs/backfill/dispatch answers its shape plus job_id, and skips a live job naming it', async () => {
      const started = await send('POST', '/api/jobs/backfill/dispatch', { json: { tenant_id: 'acme', days: 7, force: true } });
      expect(started).toEqual({
        status: 200,
        body: { backfill_enqueued: 1, jobs: [{ account_id: acme.channel_id, channel_id: acme.channel_id, job_id: expect.any(Number), enqueued: 1 }], skipped: [] },
      });
      const job = await showJob(started.body.jobs[0].job_id);
      expect(job).toMatchObject({ type: 'data-collection', status: 'pending', tenant_id: 'acme', progress: { done: 0, total: 1 }, config: { days: 7, force: true } });

      // globex's collection over R1 is paused, so still live: skipped, named.
      const live = (await jobRows()).find((row) => row.tenant_id === 'globex' && row.type === 'data-collection' && row.status === 'paused')!;
      const skipped = await writesNothing(() => send('POST', '/api/jobs/backfill/dispatch', { json: { tenant_id: 'globex', channel_id: globex.channel_id } }));
      expect(skipped).toEqual({
        status: 200,
        body: { backfill_enqueued: 0, jobs: [], skipped: [{ account_id: globex.channel_id, channel_id: globex.channel_id, reason: 'already_running', job_id: live.id }] },
      });
    });

    it('the exchange for a connected channel answers its shape, with no second backfill and job_id null', async () => {
      const again = await send('POST', '/api/oauth/youtube/exchange', { json: { tenant_id: 'acme', code: 'sim-code-acme.again' } });
      expect(again).toEqual({
        status: 200,
        body: { connection_id: acme.connection_id, account_id: acme.channel_id, channel_id: acme.channel_id, backfill_enqueued: 0, job_id: null },
      });
    });
  });

  // Last: everything above has been answered.
  it('answered only statuses the OpenAPI document gives for each operation', () => {
    const document = adminOpenApiDocument() as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const observed = [...new Set(seen.map(({ method, route, status }) => `${method} ${route.replace(/\[(\w+)\]/g, '{$1}')} ${status}`))].sort();
    expect(observed.length).toBeGreaterThan(20);
    const undocumented = observed.filter((entry) => {
      const [method, path, status] = entry.split(' ');
      return document.paths[path!]?.[method!]?.responses[status!] === undefined;
    });
    expect(undocumented).toEqual([]);
  });
});
