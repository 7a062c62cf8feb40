/**
 * The Data API's playlist endpoints through the real @googleapis/youtube client (retries off, as the
 * product calls it): round trips and pages, items with duplicates and the videoId filter, Google's
 * error bodies, units charged per request (invalid ones too), the daily quota and its reset, and
 * faults that apply a write and then lose the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { youtube, type youtube_v3 } from '@googleapis/youtube';
import { request } from 'node:http';
import { OAuth2Client } from 'google-auth-library';
import { startYouTubeSimulator, type RunningYouTubeSimulator } from '../../../../dev/simulators/youtube/index.js';
import type { YouTubeSimulatorServerOptions } from '../../../../dev/simulators/youtube/server.js';

const NO_RETRY = { retry: false };

async function dataClient(sim: RunningYouTubeSimulator, channelName: string): Promise<youtube_v3.Youtube> {
  const auth = new OAuth2Client({ clientId: 'c', clientSecret: 's', endpoints: { oauth2TokenUrl: sim.oauthTokenUrl } });
  auth.setCredentials((await auth.getToken(sim.issueCode(channelName))).tokens);
  return youtube({ version: 'v3', auth, rootUrl: sim.dataRootUrl });
}

/** The GaxiosError a call rejects with. */
async function failureOf(call: Promise<unknown>): Promise<{ status?: number; response?: { data: unknown } }> {
  try {
    await call;
  } catch (error) {
    return error as { status?: number; response?: { data: unknown } };
  }
  throw new Error('expected the call to fail');
}

/** Google's envelope: `{ error: { code, message, errors: [{ message, domain, reason, … }], status } }`. */
const googleError = (code: number, domain: string, reason: string) => ({
  error: { code, message: expect.any(String), errors: [expect.objectContaining({ message: expect.any(String), domain, reason })], status: expect.any(String) },
});

const insertPlaylist = (api: youtube_v3.Youtube, title: string) =>
  api.playlists.insert({ part: ['snippet', 'status'], requestBody: { snippet: { title, description: `about ${title}` }, status: { privacyStatus: 'private' } } }, NO_RETRY);

const insertItem = (api: youtube_v3.Youtube, playlistId: string, videoId: string, position?: number) =>
  api.playlistItems.insert({ part: ['snippet'], requestBody: { snippet: { playlistId, resourceId: { kind: 'youtube#video', videoId }, ...(position !== undefined && { position }) } } }, NO_RETRY);

async function withSimulator(options: YouTubeSimulatorServerOptions, run: (sim: RunningYouTubeSimulator) => Promise<void>): Promise<void> {
  const sim = await startYouTubeSimulator({ videosPerChannel: 4, ...options });
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

describe('playlists', () => {
  let sim: RunningYouTubeSimulator;
  let api: youtube_v3.Youtube;
  beforeAll(async () => {
    sim = await startYouTubeSimulator({ videosPerChannel: 4 });
    api = await dataClient(sim, 'Pat');
  });
  afterAll(() => sim.close());

  it('inserts, lists newest first in stable pages, and deletes', async () => {
    const channelId = sim.channelIdFor('Pat');
    const made = [];
    for (let i = 1; i <= 7; i++) made.push((await insertPlaylist(api, `Top ${i}`)).data);
    expect(made[0]).toMatchObject({ kind: 'youtube#playlist', snippet: { title: 'Top 1', description: 'about Top 1', channelId, channelTitle: 'Pat' }, status: { privacyStatus: 'private' } });
    expect(made[0]?.id).toMatch(/^PL[A-Za-z0-9_-]{32}$/);
    expect(new Set(made.map((p) => p.id)).size).toBe(7);

    const pages: youtube_v3.Schema$PlaylistListResponse[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await api.playlists.list({ part: ['id', 'snippet', 'status', 'contentDetails'], mine: true, maxResults: 3, ...(pageToken && { pageToken }) }, NO_RETRY);
      pages.push(data);
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    expect(pages.map((page) => page.items?.length)).toEqual([3, 3, 1]);
    expect(pages[0]).toMatchObject({ kind: 'youtube#playlistListResponse', pageInfo: { totalResults: 7, resultsPerPage: 3 } });
    expect(pages.flatMap((page) => page.items ?? []).map((p) => p.id)).toEqual(made.map((p) => p.id).reverse());
    expect(pages[1]?.items?.[0]).toMatchObject({ contentDetails: { itemCount: 0 }, status: { privacyStatus: 'private' } });
    const back = await api.playlists.list({ part: ['id'], mine: true, maxResults: 3, pageToken: pages[1]?.prevPageToken ?? '' }, NO_RETRY);
    expect(back.data.items?.map((p) => p.id)).toEqual(pages[0]?.items?.map((p) => p.id));

    const deleted = await api.playlists.delete({ id: made[0]?.id ?? '' }, NO_RETRY);
    expect(deleted.status).toBe(204);
    expect(sim.playlists(channelId).map((p) => p.title)).toEqual(['Top 2', 'Top 3', 'Top 4', 'Top 5', 'Top 6', 'Top 7']);
    const byId = await api.playlists.list({ part: ['snippet'], id: [made[1]?.id ?? '', made[0]?.id ?? ''] }, NO_RETRY);
    expect(byId.data.items?.map((p) => p.snippet?.title)).toEqual(['Top 2']);
  });

  it("answers Google's errors: unknown and another channel's playlist, missing title, bad paging", async () => {
    const other = await dataClient(sim, 'Quinn');
    const theirs = (await insertPlaylist(other, 'Not yours')).data.id ?? '';
    const forbidden = await failureOf(api.playlists.delete({ id: theirs }, NO_RETRY));
    expect([forbidden.status, forbidden.response?.data]).toEqual([403, googleError(403, 'youtube.playlist', 'playlistForbidden')]);
    const unknown = await failureOf(api.playlists.delete({ id: 'PLnope' }, NO_RETRY));
    expect([unknown.status, unknown.response?.data]).toEqual([404, googleError(404, 'youtube.playlist', 'playlistNotFound')]);
    expect(sim.playlists(sim.channelIdFor('Quinn'))).toHaveLength(1);

    const untitled = await failureOf(api.playlists.insert({ part: ['snippet'], requestBody: { snippet: { description: 'x' } } }, NO_RETRY));
    expect(untitled.response?.data).toEqual(googleError(400, 'youtube.playlist', 'playlistTitleRequired'));
    const badToken = await failureOf(api.playlists.list({ part: ['id'], mine: true, pageToken: 'garbage!' }, NO_RETRY));
    expect(badToken.response?.data).toEqual(googleError(400, 'youtube.parameter', 'invalidPageToken'));
    const tooMany = await failureOf(api.playlists.list({ part: ['id'], mine: true, maxResults: 51 }, NO_RETRY));
    expect(tooMany.response?.data).toEqual(googleError(400, 'global', 'invalidParameter'));
    const noFilter = await failureOf(api.playlists.list({ part: ['id'] }, NO_RETRY));
    expect(noFilter.response?.data).toEqual(googleError(400, 'youtube.parameter', 'missingRequiredParameter'));
    const badPart = await failureOf(api.playlists.list({ part: ['nope'], mine: true }, NO_RETRY));
    expect(badPart.response?.data).toEqual(googleError(400, 'youtube.part', 'unknownPart'));
  });
});

describe('playlistItems', () => {
  let sim: RunningYouTubeSimulator;
  let api: youtube_v3.Youtube;
  let videos: string[];
  beforeAll(async () => {
    sim = await startYouTubeSimulator({ videosPerChannel: 4 });
    api = await dataClient(sim, 'Rae');
    videos = sim.videoIdsOf(sim.channelIdFor('Rae'));
  });
  afterAll(() => sim.close());

  it('adds videos in position order, duplicates as two items, and filters by videoId', async () => {
    const playlistId = (await insertPlaylist(api, 'Best of')).data.id ?? '';
    const [a = '', b = '', c = ''] = videos;
    const first = (await insertItem(api, playlistId, a)).data;
    expect(first).toMatchObject({ kind: 'youtube#playlistItem', snippet: { playlistId, position: 0, resourceId: { kind: 'youtube#video', videoId: a } } });
    await insertItem(api, playlistId, b);
    const again = (await insertItem(api, playlistId, a)).data;
    expect(again.id).not.toBe(first.id);
    await insertItem(api, playlistId, c, 0);
    expect(sim.playlists(sim.channelIdFor('Rae'))).toEqual([{ id: playlistId, title: 'Best of', description: 'about Best of', privacyStatus: 'private', videoIds: [c, a, b, a] }]);

    const { data: page1 } = await api.playlistItems.list({ part: ['snippet', 'contentDetails'], playlistId, maxResults: 3 }, NO_RETRY);
    expect(page1).toMatchObject({ kind: 'youtube#playlistItemListResponse', pageInfo: { totalResults: 4, resultsPerPage: 3 } });
    expect(page1.items?.map((item) => [item.snippet?.position, item.contentDetails?.videoId])).toEqual([[0, c], [1, a], [2, b]]);
    const { data: page2 } = await api.playlistItems.list({ part: ['snippet'], playlistId, maxResults: 3, pageToken: page1.nextPageToken ?? '' }, NO_RETRY);
    expect(page2.items?.map((item) => item.snippet?.resourceId?.videoId)).toEqual([a]);
    expect(page2.nextPageToken).toBeUndefined();

    const { data: ofA } = await api.playlistItems.list({ part: ['snippet'], playlistId, videoId: a }, NO_RETRY);
    expect(ofA.items?.map((item) => [item.id, item.snippet?.position])).toEqual([[first.id, 1], [again.id, 3]]);
    const { data: listed } = await api.playlists.list({ part: ['contentDetails'], id: [playlistId] }, NO_RETRY);
    expect(listed.items?.[0]?.contentDetails?.itemCount).toBe(4);
  });

  it('answers videoNotFound, playlistNotFound and playlistItemsNotAccessible as Google does', async () => {
    const playlistId = (await insertPlaylist(api, 'Errors')).data.id ?? '';
    sim.hideVideos([videos[3] ?? '']);
    for (const videoId of [videos[3] ?? '', 'neverSeen01']) {
      const missing = await failureOf(insertItem(api, playlistId, videoId));
      expect([missing.status, missing.response?.data]).toEqual([404, googleError(404, 'youtube.playlistItem', 'videoNotFound')]);
    }
    const noPlaylist = await failureOf(insertItem(api, 'PLnope', videos[0] ?? ''));
    expect([noPlaylist.status, noPlaylist.response?.data]).toEqual([404, googleError(404, 'youtube.playlistItem', 'playlistNotFound')]);
    const listMissing = await failureOf(api.playlistItems.list({ part: ['id'], playlistId: 'PLnope' }, NO_RETRY));
    expect(listMissing.response?.data).toMatchObject({ error: { message: "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.", status: 'NOT_FOUND' } });

    const other = await dataClient(sim, 'Sam');
    const foreign = await failureOf(insertItem(other, playlistId, videos[0] ?? ''));
    expect([foreign.status, foreign.response?.data]).toEqual([403, googleError(403, 'youtube.playlistItem', 'playlistItemsNotAccessible')]);
    expect(sim.playlists(sim.channelIdFor('Rae')).find((p) => p.id === playlistId)?.videoIds).toEqual([]);
  });
});

describe('Data API units', () => {
  it('charges every authenticated request its units, a 404 included', async () => {
    await withSimulator({}, async (sim) => {
      const api = await dataClient(sim, 'Uma');
      await api.channels.list({ part: ['id'], mine: true }, NO_RETRY);
      const playlistId = (await insertPlaylist(api, 'Costs')).data.id ?? '';
      await failureOf(insertItem(api, playlistId, 'neverSeen01'));
      await api.playlistItems.list({ part: ['id'], playlistId }, NO_RETRY);
      await failureOf(api.playlists.list({ part: ['id'], mine: true, pageToken: 'bad' }, NO_RETRY));
      await api.playlists.delete({ id: playlistId }, NO_RETRY);
      expect(sim.dataUnitsUsed()).toEqual({
        today: 153,
        total: 153,
        byEndpoint: { 'data.channels.list': 1, 'data.playlists.insert': 50, 'data.playlistItems.insert': 50, 'data.playlistItems.list': 1, 'data.playlists.list': 1, 'data.playlists.delete': 50 },
      });
    });
  });

  it('refuses with 403 quotaExceeded when the units no longer fit, charging nothing, until the Pacific day turns', async () => {
    let day = '2025-03-15';
    await withSimulator({ today: () => day, dataDailyQuota: 120 }, async (sim) => {
      const api = await dataClient(sim, 'Vic');
      await insertPlaylist(api, 'One');
      await insertPlaylist(api, 'Two');
      const exceeded = await failureOf(insertPlaylist(api, 'Three'));
      expect(exceeded.status).toBe(403);
      expect(exceeded.response?.data).toMatchObject({
        error: { code: 403, message: 'The request cannot be completed because you have exceeded your quota.', errors: [{ domain: 'youtube.quota', reason: 'quotaExceeded' }] },
      });
      expect(sim.dataUnitsUsed().today).toBe(100);
      await expect(api.playlists.list({ part: ['id'], mine: true }, NO_RETRY)).resolves.toMatchObject({ status: 200 }); // 1 unit still fits
      expect(sim.playlists(sim.channelIdFor('Vic'))).toHaveLength(2);

      day = '2025-03-16';
      await expect(insertPlaylist(api, 'Three')).resolves.toMatchObject({ status: 200 });
      expect(sim.dataUnitsUsed()).toMatchObject({ today: 50, total: 151 });
      await insertPlaylist(api, 'Four');
      expect((await failureOf(insertPlaylist(api, 'Five'))).status).toBe(403);
      sim.resetDataQuota();
      await expect(insertPlaylist(api, 'Five')).resolves.toMatchObject({ status: 200 });
      sim.setDataDailyQuota(null);
      for (let i = 0; i < 3; i++) await insertPlaylist(api, `More ${i}`);
    });
  });
});

describe('faults of unknown outcome', () => {
  it('commitThenTimeout applies the aimed insert, then drops the connection', async () => {
    await withSimulator({}, async (sim) => {
      const api = await dataClient(sim, 'Wes');
      const [a = '', b = ''] = sim.videoIdsOf(sim.channelIdFor('Wes'));
      const playlistId = (await insertPlaylist(api, 'Flaky')).data.id ?? '';
      sim.injectFaults([{ api: 'data', kind: 'commitThenTimeout', endpoint: 'data.playlistItems.insert', after: 1, timeoutMs: 20 }]);
      await api.playlistItems.list({ part: ['id'], playlistId }, NO_RETRY); // another endpoint: passes it by, not counted
      await insertItem(api, playlistId, a);
      const lost = await failureOf(insertItem(api, playlistId, b));
      expect(lost.status).toBeUndefined(); // no answer at all
      expect(sim.playlists(sim.channelIdFor('Wes'))[0]?.videoIds).toEqual([a, b]);
      expect(sim.stats()['data.playlistItems.insert'].byStatus).toEqual({ 200: 1, destroyed: 1 });
      await insertItem(api, playlistId, b); // the queue is empty again: a blind retry adds a duplicate
      expect(sim.playlists(sim.channelIdFor('Wes'))[0]?.videoIds).toEqual([a, b, b]);
    });
  });

  it('applies a write whose client died while it waited out the latency, as Google applies a request it has received', async () => {
    await withSimulator({ latencyMs: 300 }, async (sim) => {
      const auth = new OAuth2Client({ clientId: 'c', clientSecret: 's', endpoints: { oauth2TokenUrl: sim.oauthTokenUrl } });
      const token = (await auth.getToken(sim.issueCode('Yul'))).tokens.access_token;
      const [a = ''] = sim.videoIdsOf(sim.channelIdFor('Yul'));
      const playlistId = sim.seedPlaylist(sim.channelIdFor('Yul'), { title: 'Cut off', videoIds: [] });
      const sent = await new Promise<void>((resolve, reject) => {
        // A raw request, so that the client can be cut off once its body is out (a killed process).
        const req = request(`${sim.dataRootUrl}youtube/v3/playlistItems?part=snippet`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
        req.on('error', () => {});
        req.end(JSON.stringify({ snippet: { playlistId, resourceId: { kind: 'youtube#video', videoId: a } } }), () => setTimeout(() => (req.destroy(), resolve()), 50));
        req.on('response', () => reject(new Error('answered before the latency passed')));
      });
      await sent;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(sim.playlists(sim.channelIdFor('Yul'))[0]?.videoIds).toEqual([a]);
      expect(sim.dataUnitsUsed().byEndpoint['data.playlistItems.insert']).toBe(50);
      expect(sim.stats()['data.playlistItems.insert'].byStatus).toEqual({ abandoned: 1 });
    });
  });

  it('commitThenServerError applies the delete, then answers 503', async () => {
    await withSimulator({}, async (sim) => {
      const api = await dataClient(sim, 'Xan');
      const playlistId = (await insertPlaylist(api, 'Doomed')).data.id ?? '';
      sim.injectFaults([{ api: 'data', kind: 'commitThenServerError', status: 503, endpoint: 'data.playlists.delete' }]);
      const failed = await failureOf(api.playlists.delete({ id: playlistId }, NO_RETRY));
      expect([failed.status, failed.response?.data]).toEqual([503, googleError(503, 'global', 'backendError')]);
      expect(sim.playlists(sim.channelIdFor('Xan'))).toEqual([]);
      const retried = await failureOf(api.playlists.delete({ id: playlistId }, NO_RETRY));
      expect(retried.status).toBe(404);
    });
  });
});

describe('control routes for playlists and units', () => {
  it('seeds and reads playlists, hides videos, reads and sets the unit quota over HTTP', async () => {
    await withSimulator({ controlRoutes: true }, async (sim) => {
      const control = async <T = unknown>(path: string, init?: RequestInit) => {
        const response = await fetch(`${sim.baseUrl}/__control/${path}`, init);
        return [response.status, (await response.json()) as T] as const;
      };
      const channelId = sim.channelIdFor('Yara');
      const [, videoIds] = await control<string[]>(`video-ids?channel_id=${channelId}`);
      expect(videoIds).toEqual(sim.videoIdsOf(channelId));
      const [status, seeded] = await control<{ id: string }>('seed-playlist', { method: 'POST', body: JSON.stringify({ channelId, title: 'Old', videoIds: [videoIds[0], videoIds[0]] }) });
      expect(status).toBe(200);
      expect(await control(`playlists?channel_id=${channelId}`)).toEqual([200, [{ id: seeded.id, title: 'Old', description: '', privacyStatus: 'private', videoIds: [videoIds[0], videoIds[0]] }]]);
      expect((await control('seed-playlist', { method: 'POST', body: '{}' }))[0]).toBe(400);

      await control(`hide-videos?ids=${videoIds[1]}`, { method: 'POST' });
      await control('data-daily-quota?units=50', { method: 'POST' });
      const api = await dataClient(sim, 'Yara');
      const hidden = await failureOf(insertItem(api, seeded.id, videoIds[1] ?? ''));
      expect(hidden.response?.data).toEqual(googleError(404, 'youtube.playlistItem', 'videoNotFound'));
      expect((await failureOf(insertItem(api, seeded.id, videoIds[2] ?? ''))).status).toBe(403); // 50 spent on the 404
      expect(await control('data-units')).toEqual([200, { today: 50, total: 50, byEndpoint: { 'data.playlistItems.insert': 50 } }]);
      await control('reset-data-quota', { method: 'POST' });
      await control('inject-faults', { method: 'POST', body: JSON.stringify([{ api: 'data', kind: 'commitThenServerError', endpoint: 'data.playlistItems.insert' }]) });
      expect((await failureOf(insertItem(api, seeded.id, videoIds[2] ?? ''))).status).toBe(500);
      expect(sim.playlists(channelId)[0]?.videoIds).toEqual([videoIds[0], videoIds[0], videoIds[2]]);

      // issue-code: a code granting the scope asked for, which the token endpoint then reports.
      const scope = 'https://www.googleapis.com/auth/youtube.readonly https://www.googleapis.com/auth/youtube.force-ssl';
      const [issued, { code }] = await control<{ code: string }>(`issue-code?name=Yara&scope=${encodeURIComponent(scope)}`, { method: 'POST' });
      expect(issued).toBe(200);
      const auth = new OAuth2Client({ clientId: 'c', clientSecret: 's', endpoints: { oauth2TokenUrl: sim.oauthTokenUrl } });
      expect((await auth.getToken(code)).tokens.scope).toBe(scope);
      expect((await control('issue-code', { method: 'POST' }))[0]).toBe(400);
    });
  });
});
