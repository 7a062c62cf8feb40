import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import type { RunningYouTubeSimulator } from '../../dev/simulators/youtube/index.js';
import { SYNC_PRIORITY } from '../../lib/connectors/youtube/daily-channel.planner.js';
import { latestReportDay } from '../../lib/connectors/youtube/youtube-calendar.js';
import { classOf } from '../../lib/jobs/fair-queue.js';
import { addDays } from '../../lib/shared/calendar-days.js';
import { toDbTime } from '../../db/values.js';
import { storedVideoDays, truthVideoDays } from '../../bench/youtube-stored-rows.js';
import { describeEachEngine } from '../support/engines.js';
import { startSimulatedServer, type SimulatedServer } from '../support/simulated-server.js';
import type { TestDatabase } from '../support/test-databases.js';

// The product's main job over HTTP: OAuth exchange → concurrent dispatches → metrics equal
// the simulator's ground truth, with the real Google client packages talking to a fake on
// 127.0.0.1. Several faults of the vendor's documented kinds are injected along the way.
const ADMIN = 'admin-token-for-tests';
const CRON = 'cron-secret-for-tests';
const DAYS = 28; // 4 chunks of 7 days

describeEachEngine('YouTube backfill end to end', (engine) => {
  let sim: RunningYouTubeSimulator;
  let database: TestDatabase;
  let server: SimulatedServer;

  beforeAll(async () => {
    server = await startSimulatedServer({
      engine,
      admin: ADMIN,
      cron: CRON,
      client: { id: 'e2e-client', secret: 'e2e-secret' },
      simulator: { videosPerChannel: 6 },
      env: { YOUTUBE_BACKFILL_DAYS: String(DAYS), YOUTUBE_REQUESTS_PER_SECOND: '200', DISPATCH_CONCURRENCY: '3' },
    });
    ({ sim, database } = server);
  });
  afterAll(() => server?.close());

  const call: SimulatedServer['call'] = (path, options) => server.call(path, options);
  const dispatchOnce = () => call('/api/jobs/dispatch', { token: CRON });
  const dispatchUntilIdle = () => server.dispatchUntilIdle();
  /** Tasks waiting for a backoff are made due now: the test's stand-in for time passing. */
  const makeWaitingTasksDue = () =>
    database.db.updateTable('job_tasks').set({ run_after: toDbTime(new Date(Date.now() - 1_000)) }).where('status', '=', 'queued').execute();
  const storedRows = (channelId: string) => storedVideoDays(database.db, channelId);
  const groundTruth = (channelId: string) => {
    const end = latestReportDay(new Date());
    return truthVideoDays(sim.groundTruth(channelId, addDays(end, -DAYS + 1), end));
  };
  const taskCount = async () => Number((await sql<{ n: number }>`select count(*) as n from job_tasks`.execute(database.db)).rows[0]!.n);

  it('connects a channel, backfills it with concurrent dispatches, and stores exactly the ground truth', async () => {
    const exchange = await call('/api/oauth/youtube/exchange', { token: ADMIN, body: { tenant_id: 'acme', code: 'sim-code-acme' } });
    expect(exchange.status).toBe(200);
    expect(exchange.body).toMatchObject({ connection_id: expect.any(Number), channel_id: sim.channelIdFor('acme'), backfill_enqueued: 4 });

    const summaries = await Promise.all([dispatchOnce(), dispatchOnce(), dispatchOnce()]);
    expect(summaries.map((s) => s.status)).toEqual([200, 200, 200]);
    expect(summaries.reduce((sum, s) => sum + s.body.succeeded, 0)).toBe(4);
    const truth = groundTruth(exchange.body.channel_id);
    expect(truth.length).toBeGreaterThan(20);
    expect(await storedRows(exchange.body.channel_id)).toEqual(truth);
    const job = await database.db.selectFrom('backfill_jobs').selectAll().executeTakeFirstOrThrow();
    expect(job.status).toBe('succeeded');

    // Tokens are sealed at rest.
    const connection = await database.db.selectFrom('connections').selectAll().executeTakeFirstOrThrow();
    expect(connection.access_token_enc).toMatch(/^v1\./);
    expect(connection.refresh_token_enc).toMatch(/^v1\./);
  });

  it('reconnecting the same channel refreshes its tokens and enqueues nothing', async () => {
    const before = await database.db.selectFrom('connections').select('access_token_enc').executeTakeFirstOrThrow();
    const again = await call('/api/oauth/youtube/exchange', { token: ADMIN, body: { tenant_id: 'acme', code: 'sim-code-acme.2' } });
    expect(again.body).toMatchObject({ backfill_enqueued: 0 });
    const after = await database.db.selectFrom('connections').select('access_token_enc').executeTakeFirstOrThrow();
    expect(after.access_token_enc).not.toBe(before.access_token_enc);
    expect(await database.db.selectFrom('backfill_jobs').select('id').where('type', '=', 'data-collection').execute()).toHaveLength(1);
  });

  it('manual backfill skips succeeded chunks unless forced; an expired access token is refreshed', async () => {
    expect((await call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: 'acme' } })).body.backfill_enqueued).toBe(0);
    sim.expireAccessTokens(sim.channelIdFor('acme'));
    sim.resetStats();
    const forced = await call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: 'acme', days: 14, force: true } });
    expect(forced.body.backfill_enqueued).toBe(2);
    await dispatchUntilIdle();
    expect(sim.stats()['oauth.token'].total).toBeGreaterThanOrEqual(1);
    expect(await storedRows(sim.channelIdFor('acme'))).toEqual(groundTruth(sim.channelIdFor('acme')));
  });

  it('429, 5xx and quota faults finish with bounded attempts and no attempt spent on rate limits', async () => {
    sim.injectFaults([
      { api: 'analytics', kind: 'rateLimited', count: 2, retryAfterSeconds: 1 },
      { api: 'analytics', kind: 'serverError', count: 2 },
    ]);
    await call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: 'acme', force: true } });
    await dispatchUntilIdle();
    const tasks = await database.db.selectFrom('job_tasks').select(['status', 'attempts', 'max_attempts']).execute();
    expect(tasks.every((t) => t.status === 'succeeded')).toBe(true);
    // 429s reschedule and lone 5xx are retried inside the task: no attempt spent.
    expect(tasks.map((t) => t.attempts)).toEqual(tasks.map(() => 0));

  });

  it('a revoked refresh token sets needs_reauth, parks the tasks, loses nothing, and reconnecting resumes them', async () => {
    const channelId = sim.channelIdFor('acme');
    const rowsBefore = await storedRows(channelId);
    sim.expireAccessTokens(channelId);
    sim.revokeRefreshTokens(channelId);
    await call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: 'acme', days: 14, force: true } });
    const summary = (await dispatchOnce()).body;
    expect(summary.parked).toBe(2);
    expect(summary.dead).toBe(0);
    const connection = await database.db.selectFrom('connections').selectAll().executeTakeFirstOrThrow();
    expect(connection.status).toBe('needs_reauth');
    const parked = await database.db.selectFrom('job_tasks').selectAll().where('status', '=', 'paused').execute();
    expect(parked).toHaveLength(2);
    expect(parked.every((t) => t.attempts === 0)).toBe(true);
    expect(await storedRows(channelId)).toEqual(rowsBefore);
    // A manual backfill for a connection that needs re-authorization is refused, naming why.
    const refused = await call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: 'acme' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/re-authorization/);

    await call('/api/oauth/youtube/exchange', { token: ADMIN, body: { tenant_id: 'acme', code: 'sim-code-acme.3' } });
    await dispatchUntilIdle();
    expect(await database.db.selectFrom('job_tasks').select('id').where('status', '!=', 'succeeded').execute()).toEqual([]);
  });

  it('the daily cron enqueues the latest chunk once per day for each active connection', async () => {
    // The backfill already made today's chunk; remove it so the cron has its day to enqueue.
    const latest = latestReportDay(new Date());
    await database.db.deleteFrom('job_tasks').where('dedupe_key', 'like', `%:${latest}`).execute();
    const first = await call('/api/jobs/daily', { token: CRON });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ connections: 1, enqueued: 1, run_for_dt: latest });
    const row = await database.db.selectFrom('job_tasks').selectAll().where('dedupe_key', '=', `acme:daily_channel:${sim.channelIdFor('acme')}:${latest}`).executeTakeFirstOrThrow();
    expect(classOf(row.priority)).toBe(SYNC_PRIORITY); // freshness before history
    // Delivered twice (Vercel may): nothing new the second time.
    expect((await call('/api/jobs/daily', { method: 'GET', token: CRON })).body.enqueued).toBe(0);
    await dispatchUntilIdle();
  });

  it('a second 401 after a refresh marks the connection needs_reauth and parks the chunk', async () => {
    sim.injectFaults([{ api: 'analytics', kind: 'unauthorized', count: 2 }]);
    await call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: 'acme', days: 7, force: true } });
    const summary = (await dispatchOnce()).body;
    expect(summary).toMatchObject({ parked: 1, dead: 0 });
    expect((await database.db.selectFrom('connections').select('status').executeTakeFirstOrThrow()).status).toBe('needs_reauth');
    await call('/api/oauth/youtube/exchange', { token: ADMIN, body: { tenant_id: 'acme', code: 'sim-code-acme.4' } });
    await dispatchUntilIdle();
    expect(await database.db.selectFrom('job_tasks').select('id').where('status', '!=', 'succeeded').execute()).toEqual([]);
  });

  it('a failing token refresh is not retried by the library: one 500 reaches Sluice, which retries the call inside the task', async () => {
    const channelId = sim.channelIdFor('acme');
    sim.expireAccessTokens(channelId);
    sim.resetStats();
    sim.injectFaults([{ api: 'oauth', kind: 'serverError', count: 1 }]);
    await call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: 'acme', days: 7, force: true } });
    expect((await dispatchOnce()).body).toMatchObject({ retried: 0, succeeded: 1 });
    expect(sim.stats()['oauth.token'].byStatus).toEqual({ '500': 1, '200': 1 });
  });

  it('reconnecting on a later day (the chunk keys have moved on) enqueues no second backfill', async () => {
    await database.db.deleteFrom('job_tasks').execute(); // as if every key had a different end date
    const again = await call('/api/oauth/youtube/exchange', { token: ADMIN, body: { tenant_id: 'acme', code: 'sim-code-acme.5' } });
    expect(again.body).toMatchObject({ backfill_enqueued: 0, job_id: null });
    // A reconnect got no refresh token (Google sends one only on first consent) and kept the stored one.
    const connection = await database.db.selectFrom('connections').selectAll().where('tenant_id', '=', 'acme').executeTakeFirstOrThrow();
    expect(connection.refresh_token_enc).toMatch(/^v1\./);
  });

  it('a new connection without a refresh token is refused with 409 and nothing is written; with consent it works', async () => {
    const before = await database.db.selectFrom('connections').select('id').execute();
    // The account already granted this app, so Google sends no refresh token without prompt=consent.
    const refused = await call('/api/oauth/youtube/exchange', { token: ADMIN, body: { tenant_id: 'globex', code: 'sim-code-acme.6' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/no refresh token.*prompt=consent/);
    expect(await database.db.selectFrom('connections').select('id').execute()).toEqual(before);
    // A second tenant connecting the same channel gets its own backfill and does not take over the rows.
    const other = await call('/api/oauth/youtube/exchange', { token: ADMIN, body: { tenant_id: 'globex', code: 'sim-code-acme.consent' } });
    expect(other.body.backfill_enqueued).toBe(4);
    await dispatchUntilIdle();
    const owners = await database.db.selectFrom('video_daily_metrics').select('tenant_id').distinct().execute();
    expect(owners.map((o) => o.tenant_id)).toEqual(['acme']);
  });

  // Last: the exhausted quota holds the project's YouTube Analytics calls until midnight Pacific.
  it('an exhausted daily quota reschedules to midnight Pacific without spending an attempt, and holds later calls', async () => {
    sim.injectFaults([{ api: 'analytics', kind: 'quotaExceeded', count: 1 }]);
    await call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: 'acme', days: 14, force: true } });
    const before = sim.stats()['analytics.reports.query'].total;
    const summary = (await dispatchOnce()).body;
    expect(summary.rescheduled).toBe(2);
    // At most the calls already in flight met the quota error (one per chunk)…
    expect(sim.stats()['analytics.reports.query'].total - before).toBeLessThanOrEqual(2);
    // …and once the hold is known (shared by every invocation), due chunks are not even claimed:
    // the claims move them to the reset without calling the API.
    await makeWaitingTasksDue();
    const held = sim.stats()['analytics.reports.query'].total;
    expect((await dispatchOnce()).body).toMatchObject({ claimed: 0, rescheduled: 0 });
    expect(sim.stats()['analytics.reports.query'].total).toBe(held);
    const waiting = await database.db.selectFrom('job_tasks').selectAll().where('status', '=', 'queued').execute();
    expect(waiting).toHaveLength(2);
    for (const task of waiting) {
      expect(task.attempts).toBe(0);
      expect(task.last_error).toMatch(/quota|held/);
      expect(new Date(`${task.run_after.replace(' ', 'T')}Z`).getTime()).toBeGreaterThan(Date.now() + 60_000);
    }
  });

  it.each([
    ['/api/oauth/youtube/exchange', 'POST'],
    ['/api/jobs/backfill/dispatch', 'POST'],
    ['/api/jobs/dispatch', 'POST'],
    ['/api/jobs/daily', 'GET'],
  ])('%s answers 401 without or with a wrong bearer token, and writes nothing', async (path, method) => {
    const before = await taskCount();
    const missing = await call(path, { method, body: { tenant_id: 'x', code: 'sim-code-x' } });
    const wrong = await call(path, { method, token: 'nope', body: { tenant_id: 'x', code: 'sim-code-x' } });
    expect([missing.status, wrong.status]).toEqual([401, 401]);
    expect(wrong.body.error.code).toBe('unauthorized');
    // The admin token does not open cron endpoints and vice versa.
    const cronEndpoint = path === '/api/jobs/dispatch' || path === '/api/jobs/daily';
    const swapped = await call(path, { method, token: cronEndpoint ? ADMIN : CRON, body: {} });
    expect(swapped.status).toBe(401);
    expect(await taskCount()).toBe(before);
  });

  it.each([
    [{ code: 'sim-code-z' }, 'tenant_id'],
    [{ tenant_id: '', code: 'sim-code-z' }, 'tenant_id'],
    [{ tenant_id: 'z' }, 'code'],
    [{ tenant_id: 'z', code: 'sim-code-z', redirect_uri: 'not a url' }, 'redirect_uri'],
  ])('exchange rejects %j with a 400 naming %s, and writes nothing', async (body, field) => {
    const before = await taskCount();
    const response = await call('/api/oauth/youtube/exchange', { token: ADMIN, body });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(field);
    expect(await taskCount()).toBe(before);
  });

  it('rejects malformed JSON, bad backfill input and a reused code with 4xx naming the problem', async () => {
    const before = await taskCount();
    const malformed = await call('/api/jobs/backfill/dispatch', { token: ADMIN, rawBody: '{"tenant_id": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/JSON/);
    const days = await call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: 'acme', days: 1000 } });
    expect(days.status).toBe(400);
    expect(days.body.error.message).toContain('days');
    const platform = await call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: 'acme', platform: 'myspace' } });
    expect([platform.status, platform.body.error.message]).toEqual([400, expect.stringMatching(/platform: must be one of youtube/)]);
    const mixed = await call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: 'acme', account_id: 'UCa', channel_id: 'UCb' } });
    expect([mixed.status, mixed.body.error.message]).toEqual([400, expect.stringMatching(/channel_id: channel_id and account_id name different accounts/)]);
    const unknown = await call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: 'nobody' } });
    expect(unknown.status).toBe(404);
    const reused = await call('/api/oauth/youtube/exchange', { token: ADMIN, body: { tenant_id: 'acme', code: 'sim-code-acme' } });
    expect(reused.status).toBe(400);
    expect(reused.body.error.message).toMatch(/invalid_grant/);
    expect(await taskCount()).toBe(before);
  });
});
