/**
 * The simulator's HTTP behaviour with plain fetch: limits, quota, injected faults, latency, stats, and
 * mounting `handle()` under a prefix inside another node:http server (as the dev server does).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYouTubeSimulator, startYouTubeSimulator, type RunningYouTubeSimulator } from '../../../../dev/simulators/youtube/index.js';

let sim: RunningYouTubeSimulator;
let token: string;

async function accessTokenFor(baseUrl: string, code: string): Promise<string> {
  const response = await fetch(`${baseUrl}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code }) });
  return ((await response.json()) as { access_token: string }).access_token;
}

const report = (baseUrl: string, bearer: string): Promise<Response> =>
  fetch(`${baseUrl}/v2/reports?ids=channel%3D%3DMINE&startDate=2025-03-01&endDate=2025-03-05&metrics=views`, {
    headers: { authorization: `Bearer ${bearer}` },
  });

beforeAll(async () => {
  sim = await startYouTubeSimulator({ today: () => '2025-03-15' });
  token = await accessTokenFor(sim.baseUrl, 'sim-code-Grace');
});
afterAll(() => sim.close());

describe('simulator over HTTP', () => {
  it('answers 404 outside its paths and 401 without a token', async () => {
    expect((await fetch(`${sim.baseUrl}/nope`)).status).toBe(404);
    const response = await report(sim.baseUrl, 'not-a-token');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('enforces the daily analytics quota and resets it on the next Pacific day', async () => {
    let day = '2025-03-16';
    const quoted = await startYouTubeSimulator({ today: () => day, analyticsDailyQuota: 3 });
    try {
      const bearer = await accessTokenFor(quoted.baseUrl, quoted.issueCode('Grace'));
      for (let i = 0; i < 3; i++) expect((await report(quoted.baseUrl, bearer)).status).toBe(200);
      const exceeded = await report(quoted.baseUrl, bearer);
      expect(exceeded.status).toBe(403);
      expect(await exceeded.json()).toMatchObject({ error: { errors: [{ domain: 'youtube.quota', reason: 'quotaExceeded' }] } });
      day = '2025-03-17';
      expect((await report(quoted.baseUrl, bearer)).status).toBe(200);
    } finally {
      await quoted.close();
    }
  });

  it('consumes injected faults in order, count times', async () => {
    sim.injectFaults([
      { api: 'analytics', kind: 'serverError', status: 503, count: 2 },
      { api: 'data', kind: 'badRequest' },
      { api: 'analytics', kind: 'unauthorized' },
    ]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await report(sim.baseUrl, token)).status);
    expect(statuses).toEqual([503, 503, 401, 200]);
    const channels = await fetch(`${sim.dataRootUrl}youtube/v3/channels?part=id&mine=true`, { headers: { authorization: `Bearer ${token}` } });
    expect(channels.status).toBe(400);
  });

  it('hangs on an injected timeout, then answers or drops the socket', async () => {
    sim.injectFaults([
      { api: 'analytics', kind: 'timeout', timeoutMs: 150 },
      { api: 'analytics', kind: 'timeout', timeoutMs: 10, destroySocket: true },
    ]);
    const started = Date.now();
    expect((await report(sim.baseUrl, token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await expect(report(sim.baseUrl, token)).rejects.toThrow();
  });

  it('answers an injected OAuth fault in the token endpoint dialect', async () => {
    sim.injectFaults([{ api: 'oauth', kind: 'serverError' }]);
    const response = await fetch(sim.oauthTokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x' }) });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: 'internal_failure' });
  });

  it('shows a channel chooser when the consent page has no login_hint', async () => {
    const response = await fetch(`${sim.oauthAuthUrl}?redirect_uri=${encodeURIComponent('http://127.0.0.1:1/cb')}&state=a%22b`);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('name="login_hint"');
    expect(html).toContain('value="a&#34;b"');
  });
});

describe('rate limit and latency', () => {
  let limited: RunningYouTubeSimulator;
  let bearer: string;
  beforeAll(async () => {
    limited = await startYouTubeSimulator({ ratePerSecond: 3, latencyMs: 20 });
    bearer = await accessTokenFor(limited.baseUrl, limited.issueCode('Heidi'));
  });
  afterAll(() => limited.close());

  it('answers 429 with Retry-After beyond ratePerSecond, per API', async () => {
    limited.resetStats();
    const started = Date.now();
    const statuses = await Promise.all(Array.from({ length: 5 }, async () => (await report(limited.baseUrl, bearer)).status));
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
    expect(statuses.sort()).toEqual([200, 200, 200, 429, 429]);
    const rejected = await report(limited.baseUrl, bearer);
    expect(rejected.headers.get('retry-after')).toBe('1');
    expect(await rejected.json()).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', errors: [{ reason: 'rateLimitExceeded' }] } });
    const dataApi = await fetch(`${limited.dataRootUrl}youtube/v3/channels?part=snippet&mine=true`, { headers: { authorization: `Bearer ${bearer}` } });
    expect(dataApi.status).toBe(200); // the Data API has its own window
    const stats = limited.stats()['analytics.reports.query'];
    expect(stats.byStatus).toEqual({ 200: 3, 429: 3 });
    expect(stats.timestamps).toHaveLength(6);
  });
});

describe('mounted inside another server', () => {
  let server: Server;
  let baseUrl: string;
  const mounted = createYouTubeSimulator();
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!path.startsWith('/youtube-sim/')) return void res.writeHead(418).end();
      void mounted.handle(req, res, path.slice('/youtube-sim'.length)).then((handled) => handled || res.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/youtube-sim`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves its paths relative to the mount point', async () => {
    const bearer = await accessTokenFor(baseUrl, 'sim-code-Ivan');
    const response = await fetch(`${baseUrl}/youtube/v3/channels?part=snippet&mine=true`, { headers: { authorization: `Bearer ${bearer}` } });
    expect(await response.json()).toMatchObject({ items: [{ id: mounted.channelIdFor('Ivan'), snippet: { title: 'Ivan' } }] });
    expect((await fetch(`${baseUrl}/elsewhere`)).status).toBe(404);
  });
});

describe('random faults', () => {
  let flaky: RunningYouTubeSimulator;
  let bearer: string;
  const dayReport = (day: string, signal?: AbortSignal) =>
    fetch(`${flaky.baseUrl}/v2/reports?ids=channel%3D%3DMINE&startDate=${day}&endDate=${day}&metrics=views&dimensions=video&sort=-views&maxResults=10`, {
      headers: { authorization: `Bearer ${bearer}` },
      ...(signal ? { signal } : {}),
    });
  beforeAll(async () => {
    flaky = await startYouTubeSimulator({ today: () => '2025-03-15', faultRates: { serverError: 0.3, rateLimited: 0.2, timeout: 0.1 }, faultSeed: 5, faultTimeoutMs: 30 });
    bearer = await accessTokenFor(flaky.baseUrl, 'sim-code-Judy');
  });
  afterAll(() => flaky.close());

  it('answers Analytics requests with the injected faults’ envelopes at random, and counts each channel-day', async () => {
    const outcomes: (number | 'dropped')[] = [];
    for (let i = 0; i < 60; i++) outcomes.push(await dayReport(`2025-03-0${1 + (i % 3)}`).then((r) => r.status, () => 'dropped' as const));
    const seen = new Set(outcomes);
    for (const status of [200, 429, 500, 503, 'dropped'] as const) expect(seen).toContain(status);
    const limited = await (async () => {
      for (let i = 0; i < 50; i++) {
        const response = await dayReport('2025-03-04').catch(() => null);
        if (response?.status === 429) return response;
      }
      throw new Error('no 429 in 50 requests at a 20% rate');
    })();
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ error: { code: 429, errors: [{ reason: 'rateLimitExceeded' }] } });

    const stats = flaky.stats()['analytics.reports.query'];
    const channelId = flaky.channelIdFor('Judy');
    const first = stats.byKey[`${channelId}/2025-03-01`]!;
    expect(first.total).toBe(20);
    expect(Object.values(first.byStatus).reduce((a, b) => a + b, 0)).toBe(20);
    expect(stats.byStatus['destroyed']).toBe(outcomes.filter((o) => o === 'dropped').length + (stats.byKey[`${channelId}/2025-03-04`]!.byStatus['destroyed'] ?? 0));
    // The token endpoint and the Data API never draw a fault.
    const channels = await fetch(`${flaky.dataRootUrl}youtube/v3/channels?part=snippet&mine=true`, { headers: { authorization: `Bearer ${bearer}` } });
    expect(channels.status).toBe(200);
  });

  it("counts an answer the client gave up on as 'abandoned', not as a success", async () => {
    const slow = await startYouTubeSimulator({ latencyMs: 300 });
    try {
      const token = await accessTokenFor(slow.baseUrl, 'sim-code-Ken');
      slow.resetStats();
      await expect(fetch(`${slow.analyticsRootUrl}v2/reports?ids=channel%3D%3DMINE&startDate=2025-03-01&endDate=2025-03-01&metrics=views`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(50),
      })).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 400));
      const stats = slow.stats()['analytics.reports.query'];
      expect(stats.byStatus).toEqual({ abandoned: 1 });
      expect(stats.byKey).toEqual({ [`${slow.channelIdFor('Ken')}/2025-03-01`]: { total: 1, byStatus: { abandoned: 1 } } });
    } finally {
      await slow.close();
    }
  });
});

describe('control routes (a simulator in its own process)', () => {
  let controlled: RunningYouTubeSimulator;
  beforeAll(async () => {
    controlled = await startYouTubeSimulator({ today: () => '2025-03-15', controlRoutes: true, videosPerChannel: 3 });
  });
  afterAll(() => controlled.close());
  const control = (path: string, init?: RequestInit) => fetch(`${controlled.baseUrl}/__control/${path}`, init);

  it('serves stats, ground truth and channel ids, and resets the stats', async () => {
    const bearer = await accessTokenFor(controlled.baseUrl, 'sim-code-Lee');
    await report(controlled.baseUrl, bearer);
    const channelId = controlled.channelIdFor('Lee');
    expect(await (await control('channel-id?name=Lee')).json()).toEqual({ channel_id: channelId });
    const stats = (await (await control('stats')).json()) as Record<string, { total: number; byKey: object }>;
    expect(stats['analytics.reports.query']).toMatchObject({ total: 1, byKey: { [`${channelId}/2025-03-01..2025-03-05`]: { total: 1, byStatus: { 200: 1 } } } });
    const truth = await (await control(`ground-truth?channel_id=${channelId}&start_date=2025-03-01&end_date=2025-03-05`)).json();
    expect(truth).toEqual(controlled.groundTruth(channelId, '2025-03-01', '2025-03-05'));
    expect((await control('reset-stats', { method: 'POST' })).status).toBe(200);
    expect(controlled.stats()['analytics.reports.query'].total).toBe(0);
  });

  it('answers 400 naming a missing or bad parameter, 405 for the wrong method, 404 for unknown routes', async () => {
    const missing = await control('ground-truth?channel_id=x&start_date=2025-03-01');
    expect([missing.status, await missing.json()]).toEqual([400, { error: 'missing query parameter end_date' }]);
    expect((await control('ground-truth?channel_id=x&start_date=2025-3-1&end_date=2025-03-02')).status).toBe(400);
    expect((await control('reset-stats')).status).toBe(405);
    expect((await control('nope')).status).toBe(404);
    expect((await control('toString')).status).toBe(404);
  });

  it('is off unless asked for', async () => {
    expect((await fetch(`${sim.baseUrl}/__control/stats`)).status).toBe(404);
  });
});
