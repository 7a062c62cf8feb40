/**
 * The real Google client packages (google-auth-library, @googleapis/youtube, @googleapis/youtubeanalytics)
 * against the simulator on 127.0.0.1: the whole OAuth + Data API + Analytics flow the product runs.
 * Library retries are turned off per call (`retry: false`), as the product does, so faults surface as-is.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { youtube } from '@googleapis/youtube';
import { youtubeAnalytics } from '@googleapis/youtubeanalytics';
import { OAuth2Client } from 'google-auth-library';
import { startYouTubeSimulator, type RunningYouTubeSimulator } from '../../../../dev/simulators/youtube/index.js';
import { addDays, eachDay } from '../../../../dev/simulators/youtube/dates.js';

const TODAY = '2025-03-15';
const CLIENT = { clientId: 'sim-client.apps.googleusercontent.com', clientSecret: 'sim-secret' };
const NO_RETRY = { retry: false };

let sim: RunningYouTubeSimulator;

beforeAll(async () => {
  sim = await startYouTubeSimulator({ today: () => TODAY, ...CLIENT });
});
afterAll(() => sim.close());

function oauthClient(overrides: { clientSecret?: string; forceRefreshOnFailure?: boolean } = {}): OAuth2Client {
  const endpoints = { oauth2TokenUrl: sim.oauthTokenUrl, oauth2AuthBaseUrl: sim.oauthAuthUrl };
  return new OAuth2Client({ ...CLIENT, redirectUri: 'http://127.0.0.1:1/callback', endpoints, ...overrides });
}

async function signedIn(channelName: string, overrides: Parameters<typeof oauthClient>[0] = {}): Promise<OAuth2Client> {
  const client = oauthClient(overrides);
  const { tokens } = await client.getToken(sim.issueCode(channelName));
  client.setCredentials(tokens);
  return client;
}

/** The GaxiosError a call rejects with (status, response body and headers). */
async function failureOf(call: Promise<unknown>): Promise<{ status?: number; response?: { data: unknown; headers: Headers } }> {
  try {
    await call;
  } catch (error) {
    return error as { status?: number; response?: { data: unknown; headers: Headers } };
  }
  throw new Error('expected the call to fail');
}

describe('OAuth with google-auth-library', () => {
  it('runs the consent redirect and exchanges the code once', async () => {
    const client = oauthClient();
    const url = client.generateAuthUrl({ access_type: 'offline', scope: ['https://www.googleapis.com/auth/yt-analytics.readonly'], state: 's1', login_hint: 'Alice' });
    const consent = await fetch(url, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const redirect = new URL(consent.headers.get('location') ?? '');
    expect(redirect.searchParams.get('state')).toBe('s1');
    const code = redirect.searchParams.get('code') ?? '';

    const { tokens } = await client.getToken(code);
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/yt-analytics.readonly' });
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.expiry_date).toBeGreaterThan(Date.now() + 3500_000);

    const reused = await failureOf(client.getToken(code));
    expect(reused.status).toBe(400);
    expect(reused.response?.data).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });
  });

  it('accepts a typed sim-code-<channel> code once', async () => {
    const client = oauthClient();
    await expect(client.getToken('sim-code-Bob.first')).resolves.toBeDefined();
    expect((await failureOf(client.getToken('sim-code-Bob.first'))).status).toBe(400);
  });

  it('rejects a wrong client secret with invalid_client', async () => {
    const failure = await failureOf(oauthClient({ clientSecret: 'wrong' }).getToken(sim.issueCode('Alice')));
    expect(failure.status).toBe(401);
    expect(failure.response?.data).toMatchObject({ error: 'invalid_client' });
  });
});

describe('channels.list with @googleapis/youtube', () => {
  it('returns the authorized channel', async () => {
    const data = youtube({ version: 'v3', auth: await signedIn('Carol'), rootUrl: sim.dataRootUrl });
    const { data: list } = await data.channels.list({ part: ['snippet', 'contentDetails'], mine: true }, NO_RETRY);
    const channelId = sim.channelIdFor('Carol');
    expect(list.kind).toBe('youtube#channelListResponse');
    expect(list.items).toHaveLength(1);
    expect(list.items?.[0]).toMatchObject({
      kind: 'youtube#channel',
      id: channelId,
      snippet: { title: 'Carol' },
      contentDetails: { relatedPlaylists: { uploads: `UU${channelId.slice(2)}` } },
    });
  });
});

describe('reports.query with @googleapis/youtubeanalytics', () => {
  const METRICS = 'views,estimatedMinutesWatched,averageViewDuration,likes,comments,shares,subscribersGained,subscribersLost';

  it('serves the top-videos report day by day exactly as groundTruth', async () => {
    const analytics = youtubeAnalytics({ version: 'v2', auth: await signedIn('Dave'), rootUrl: sim.analyticsRootUrl });
    const channelId = sim.channelIdFor('Dave');
    const days = eachDay(addDays(TODAY, -40), TODAY); // the last two days have no data yet
    const served = [];
    for (const dt of days) {
      const query = { ids: 'channel==MINE', startDate: dt, endDate: dt, metrics: METRICS, dimensions: 'video', sort: '-views', maxResults: 200 };
      const { data: table } = await analytics.reports.query(query, NO_RETRY);
      expect(table.columnHeaders?.map((c) => c.name)).toEqual(['video', ...METRICS.split(',')]);
      for (const [videoId, ...values] of table.rows ?? []) {
        served.push({ channelId, videoId, dt, ...Object.fromEntries(METRICS.split(',').map((m, i) => [m, values[i]])) });
      }
    }
    // groundTruth's order: by day, then video id in code-unit order.
    const key = (row: { dt: string; videoId: unknown }): string => `${row.dt}/${String(row.videoId)}`;
    const byDayThenVideo = (a: { dt: string; videoId: unknown }, b: { dt: string; videoId: unknown }): number => (key(a) < key(b) ? -1 : 1);
    const truth = sim.groundTruth(channelId, days[0] ?? TODAY, TODAY);
    expect(truth.length).toBeGreaterThan(40);
    expect(served.sort(byDayThenVideo)).toEqual(truth);
  });

  it('rejects dimensions=day,video as an unsupported query', async () => {
    const analytics = youtubeAnalytics({ version: 'v2', auth: await signedIn('Dave'), rootUrl: sim.analyticsRootUrl });
    const query = { ids: 'channel==MINE', startDate: '2025-03-01', endDate: '2025-03-02', metrics: 'views', dimensions: 'day,video' };
    const failure = await failureOf(analytics.reports.query(query, NO_RETRY));
    expect(failure.status).toBe(400);
    expect(failure.response?.data).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT', errors: [{ reason: 'badRequest' }] } });
  });

  it('answers an injected rate limit with 429 and Retry-After', async () => {
    const analytics = youtubeAnalytics({ version: 'v2', auth: await signedIn('Dave'), rootUrl: sim.analyticsRootUrl });
    sim.injectFaults([{ api: 'analytics', kind: 'rateLimited', retryAfterSeconds: 7 }]);
    const query = { ids: 'channel==MINE', startDate: '2025-03-01', endDate: '2025-03-02', metrics: 'views' };
    const failure = await failureOf(analytics.reports.query(query, NO_RETRY));
    expect(failure.status).toBe(429);
    expect(failure.response?.headers.get('retry-after')).toBe('7');
    expect(failure.response?.data).toMatchObject({ error: { errors: [{ reason: 'rateLimitExceeded' }], status: 'RESOURCE_EXHAUSTED' } });
    await expect(analytics.reports.query(query, NO_RETRY)).resolves.toMatchObject({ status: 200 });
  });
});

describe('token lifecycle', () => {
  const query = { ids: 'channel==MINE', startDate: '2025-03-01', endDate: '2025-03-02', metrics: 'views' };

  it('answers 401 once access tokens expire, and works again after a refresh', async () => {
    const auth = await signedIn('Erin');
    const analytics = youtubeAnalytics({ version: 'v2', auth, rootUrl: sim.analyticsRootUrl });
    sim.expireAccessTokens(sim.channelIdFor('Erin'));
    const failure = await failureOf(analytics.reports.query(query, NO_RETRY));
    expect(failure.status).toBe(401);
    expect(failure.response?.data).toMatchObject({ error: { status: 'UNAUTHENTICATED', errors: [{ reason: 'authError' }] } });

    const { credentials } = await auth.refreshAccessToken();
    expect(credentials.access_token).toEqual(expect.any(String));
    await expect(analytics.reports.query(query, NO_RETRY)).resolves.toMatchObject({ status: 200 });
  });

  it('lets forceRefreshOnFailure recover from an expired token by itself', async () => {
    const auth = await signedIn('Erin', { forceRefreshOnFailure: true });
    const analytics = youtubeAnalytics({ version: 'v2', auth, rootUrl: sim.analyticsRootUrl });
    sim.expireAccessTokens(sim.channelIdFor('Erin'));
    sim.resetStats();
    await expect(analytics.reports.query(query, NO_RETRY)).resolves.toMatchObject({ status: 200 });
    expect(sim.stats()['oauth.token'].byStatus).toEqual({ 200: 1 });
    expect(sim.stats()['analytics.reports.query'].byStatus).toEqual({ 200: 1, 401: 1 });
  });

  it('refuses a revoked refresh token with invalid_grant', async () => {
    const auth = await signedIn('Frank');
    sim.revokeRefreshTokens(sim.channelIdFor('Frank'));
    const failure = await failureOf(auth.refreshAccessToken());
    expect(failure.status).toBe(400);
    expect(failure.response?.data).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
  });
});
