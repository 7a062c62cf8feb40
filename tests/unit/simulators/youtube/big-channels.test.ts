/**
 * Configured (big) channels, issue 15: the catalogue model, the uploads playlist, channels.list
 * statistics and the per-video Analytics shape, through the simulator served on a local port.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, daysBetween, pacificToday } from '../../../../dev/simulators/youtube/dates.js';
import { startYouTubeSimulator, topVideosOfDay, type RunningYouTubeSimulator } from '../../../../dev/simulators/youtube/index.js';
import { activeIndices, channelDailyRows, channelIdFor, channelVideos, publishedAtIn } from '../../../../dev/simulators/youtube/synthetic-data.js';

const TODAY = '2025-06-30';
const BIG = { videos: 300, activeVideos: 120, years: 4 };

describe('the catalogue model', () => {
  const channelId = channelIdFor('big');
  const videos = channelVideos(channelId, BIG.videos, TODAY, BIG);

  it('makes exactly activeVideos active, chosen by the channel, a larger count only adding', () => {
    expect(videos.filter((video) => video.active)).toHaveLength(120);
    expect(channelVideos(channelId, BIG.videos, TODAY, BIG)).toEqual(videos);
    const fewer = activeIndices(channelId, 300, 50);
    expect([...fewer].every((index) => activeIndices(channelId, 300, 120).has(index))).toBe(true);
    expect(activeIndices(channelIdFor('other'), 300, 120)).not.toEqual(activeIndices(channelId, 300, 120));
  });

  it('gives quiet videos a row on few days and active ones on most', () => {
    const rows = channelDailyRows(channelId, videos, addDays(TODAY, -200), TODAY, TODAY);
    const lastDay = addDays(TODAY, -2);
    const share = (active: boolean): number => {
      const group = videos.filter((video) => video.active === active);
      const ids = new Set(group.map((video) => video.videoId));
      const liveDays = group.reduce((sum, video) => sum + Math.max(0, daysBetween(video.publishedOn > addDays(TODAY, -200) ? video.publishedOn : addDays(TODAY, -200), lastDay) + 1), 0);
      return rows.filter((row) => ids.has(row.videoId)).length / liveDays;
    };
    expect(share(false)).toBeGreaterThan(0.005);
    expect(share(false)).toBeLessThan(0.04);
    expect(share(true)).toBeGreaterThan(0.85);
  });

  it('spreads publish days over the years, none younger than 3 days, with titles and a publishedAt inside the day', () => {
    const days = videos.map((video) => video.publishedOn).sort();
    expect(days[0]! >= addDays(TODAY, -4 * 365)).toBe(true);
    expect(days[0]! < addDays(TODAY, -3 * 365)).toBe(true);
    expect(days.at(-1)! <= addDays(TODAY, -3)).toBe(true);
    expect(videos[16]).toMatchObject({ title: 'Video 17' });
    // Any minute of its Pacific publish day: some late in the evening there, already the next day in UTC.
    expect(videos.every((video) => pacificToday(new Date(video.publishedAt)) === video.publishedOn)).toBe(true);
    expect(videos.some((video) => video.publishedAt.slice(0, 10) !== video.publishedOn)).toBe(true);
  });

  it('a video published on the day clocks spring forward (23 hours) or fall back (25) stays in its day', () => {
    for (const day of ['2025-03-09', '2025-11-02', '2025-06-30']) {
      const times = Array.from({ length: 500 }, (_, index) => publishedAtIn(channelIdFor('dst'), index, day));
      expect(times.filter((at) => pacificToday(new Date(at)) !== day)).toEqual([]);
    }
  });

  it('is the default model for a spec of one year with every video active', () => {
    const alice = channelIdFor('Alice');
    expect(channelVideos(alice, 12, TODAY, { years: 1 })).toEqual(channelVideos(alice, 12, TODAY));
    expect(channelVideos(alice, 12, TODAY).every((video) => video.active)).toBe(true);
  });
});

describe('a big channel served', () => {
  let sim: RunningYouTubeSimulator;
  let token: string;
  let channelId: string;
  const get = async (path: string, params: Record<string, string>): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${sim.baseUrl}${path}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: await response.json() };
  };
  const report = (params: Record<string, string>) => get('/v2/reports', { ids: 'channel==MINE', metrics: 'views,likes', ...params });

  beforeAll(async () => {
    sim = await startYouTubeSimulator({ today: () => TODAY, videosPerChannel: 5, channels: { big: BIG } });
    const response = await fetch(`${sim.baseUrl}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: 'sim-code-big' }) });
    token = ((await response.json()) as { access_token: string }).access_token;
    channelId = sim.channelIdFor('big');
  });
  afterAll(() => sim.close());

  it('lists its catalogue newest first; unlisted channels keep videosPerChannel', () => {
    const catalogue = sim.catalogueOf(channelId);
    expect(catalogue).toHaveLength(300);
    const keys = catalogue.map((video) => `${video.publishedAt}/${video.videoId}`);
    const newestFirst = [...keys].sort((a, b) => (a.slice(0, 20) !== b.slice(0, 20) ? (a < b ? 1 : -1) : a < b ? -1 : 1));
    expect(keys).toEqual(newestFirst);
    expect(new Set(catalogue.map((video) => video.videoId))).toEqual(new Set(sim.videoIdsOf(channelId)));
    expect(sim.catalogueOf(sim.channelIdFor('small'))).toHaveLength(5);
  });

  it('answers channels.list with contentDetails and statistics (counts as strings) for 1 unit', async () => {
    const before = sim.dataUnitsUsed().total;
    const { body } = await get('/youtube/v3/channels', { mine: 'true', part: 'snippet,contentDetails,statistics' });
    expect(sim.dataUnitsUsed().total - before).toBe(1);
    const [channel] = body.items;
    expect(channel.snippet.title).toBe('big');
    expect(channel.contentDetails.relatedPlaylists.uploads).toBe(`UU${channelId.slice(2)}`);
    expect(channel.statistics).toMatchObject({ videoCount: '300', hiddenSubscriberCount: false });
    expect(channel.statistics.viewCount).toMatch(/^[1-9]\d*$/);
    expect(channel.statistics.subscriberCount).toMatch(/^\d+$/);
  });

  it('pages the uploads playlist newest first, 50 a page, 1 unit a page', async () => {
    const playlistId = `UU${channelId.slice(2)}`;
    const before = sim.dataUnitsUsed().total;
    const items: any[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const { status, body } = await get('/youtube/v3/playlistItems', { playlistId, part: 'snippet,contentDetails', maxResults: '50', ...(pageToken && { pageToken }) });
      expect(status).toBe(200);
      expect(body.pageInfo).toEqual({ totalResults: 300, resultsPerPage: 50 });
      items.push(...body.items);
      pageToken = body.nextPageToken;
      pages++;
    } while (pageToken);
    expect(pages).toBe(6);
    expect(sim.dataUnitsUsed().total - before).toBe(6);
    const catalogue = sim.catalogueOf(channelId);
    expect(items.map((item) => item.contentDetails.videoId)).toEqual(catalogue.map((video) => video.videoId));
    expect(items[57]).toMatchObject({
      kind: 'youtube#playlistItem',
      snippet: { playlistId, position: 57, title: catalogue[57]!.title, publishedAt: catalogue[57]!.publishedAt, resourceId: { kind: 'youtube#video', videoId: catalogue[57]!.videoId } },
      contentDetails: { videoId: catalogue[57]!.videoId, videoPublishedAt: catalogue[57]!.publishedAt },
    });
    expect((await get('/youtube/v3/playlistItems', { playlistId, part: 'id' })).body.items).toHaveLength(5);
  });

  it("does not serve another channel's uploads, nor insert into its own", async () => {
    const other = sim.channelIdFor('someone');
    const { status, body } = await get('/youtube/v3/playlistItems', { playlistId: `UU${other.slice(2)}`, part: 'snippet' });
    expect(status).toBe(404);
    expect(body.error.errors[0].reason).toBe('playlistNotFound');
    const videoId = sim.videoIdsOf(channelId)[0]!;
    const insert = await fetch(`${sim.baseUrl}/youtube/v3/playlistItems?part=snippet`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ snippet: { playlistId: `UU${channelId.slice(2)}`, resourceId: { kind: 'youtube#video', videoId } } }),
    });
    expect(insert.status).toBe(403);
    expect(((await insert.json()) as any).error.errors[0].reason).toBe('playlistOperationUnsupported');
  });

  it('serves the per-video shape as groundTruth filtered, and nothing for a video not its own', async () => {
    const [start, end] = [addDays(TODAY, -15), addDays(TODAY, -9)];
    const truth = sim.groundTruth(channelId, start, end);
    const activeId = sim.videoIdsOf(channelId).find((id) => truth.filter((row) => row.videoId === id).length >= 5)!;
    const { status, body } = await report({ startDate: start, endDate: end, dimensions: 'day', filters: `video==${activeId}` });
    expect(status).toBe(200);
    expect(body.rows).toEqual(truth.filter((row) => row.videoId === activeId).map((row) => [row.dt, row.views, row.likes]));
    const stranger = sim.videoIdsOf(sim.channelIdFor('small'))[0]!;
    const none = await report({ startDate: start, endDate: end, dimensions: 'day', filters: `video==${stranger}` });
    expect(none.status).toBe(200);
    expect(none.body.rows).toBeUndefined();
    expect(sim.stats()['analytics.reports.query'].byKey).toMatchObject({ [`${channelId}/${start}..${end}/video==${activeId}`]: { total: 1 } });
  });

  it('sums a multi-video day report per day', async () => {
    const [start, end] = [addDays(TODAY, -15), addDays(TODAY, -9)];
    const ids = sim.videoIdsOf(channelId).slice(0, 40);
    const truth = sim.groundTruth(channelId, start, end).filter((row) => ids.includes(row.videoId));
    const { body } = await report({ startDate: start, endDate: end, dimensions: 'day', filters: `video==${ids.join(',')}` });
    const byDay = new Map<string, [number, number]>();
    for (const row of truth) {
      const [views, likes] = byDay.get(row.dt) ?? [0, 0];
      byDay.set(row.dt, [views + row.views, likes + row.likes]);
    }
    expect(new Set(truth.map((row) => row.videoId)).size).toBeGreaterThan(1);
    expect(body.rows).toEqual([...byDay].map(([dt, sums]) => [dt, ...sums]));
  });

  it('rejects the undocumented shapes', async () => {
    const day = addDays(TODAY, -9);
    const videoId = sim.videoIdsOf(channelId)[0]!;
    const shapes: Record<string, string>[] = [
      { dimensions: 'day,video' },
      { dimensions: 'video', filters: `video==${videoId}`, sort: '-views', maxResults: '10' },
      { dimensions: 'video', maxResults: '200' },
      { dimensions: 'video', sort: '-views', maxResults: '201' },
    ];
    for (const params of shapes) {
      const { status, body } = await report({ startDate: day, endDate: day, ...params });
      expect([status, body.error.message]).toEqual([400, expect.stringContaining('The query is not supported')]);
    }
  });

  it('serves the top-videos report of a day as topVideosOfDay orders groundTruth', async () => {
    const day = addDays(TODAY, -9);
    const { body } = await report({ startDate: day, endDate: day, dimensions: 'video', sort: '-views', maxResults: '50' });
    const truth = sim.groundTruth(channelId, day, day);
    expect(truth.length).toBeGreaterThan(50);
    expect(body.rows.map((row: unknown[]) => row[0])).toEqual(topVideosOfDay(truth, 50));
    expect(sim.stats()['analytics.reports.query'].byKey).toHaveProperty([`${channelId}/${day}`]);
  });
});

describe('channel specs and the catalogue control route', () => {
  it('refuses a spec that cannot make a catalogue, naming the channel', async () => {
    await expect(startYouTubeSimulator({ channels: { big: { videos: 10, activeVideos: 11 } } })).rejects.toThrow(/channel "big": activeVideos must be an integer from 0 to videos/);
    await expect(startYouTubeSimulator({ channels: { big: { videos: 0 } } })).rejects.toThrow(/videos must be an integer ≥ 1/);
    await expect(startYouTubeSimulator({ channels: { big: { videos: 5, years: 0 } } })).rejects.toThrow(/years must be an integer ≥ 1/);
  });

  it('serves catalogueOf at GET /__control/catalogue?channel_id=', async () => {
    const sim = await startYouTubeSimulator({ today: () => TODAY, controlRoutes: true, channels: { big: { videos: 60, activeVideos: 6, years: 2 } } });
    try {
      const channelId = sim.channelIdFor('big');
      const response = await fetch(`${sim.baseUrl}/__control/catalogue?channel_id=${channelId}`);
      expect(await response.json()).toEqual(sim.catalogueOf(channelId));
      expect(sim.catalogueOf(channelId)).toHaveLength(60);
    } finally {
      await sim.close();
    }
  });
});

describe('topVideosOfDay', () => {
  const row = (videoId: string, views: number) => ({ channelId: 'UC', videoId, dt: '2025-06-01', views, estimatedMinutesWatched: 1, averageViewDuration: 1, likes: 0, comments: 0, shares: 0, subscribersGained: 0, subscribersLost: 0 });

  it('orders by views descending, ties by id, up to the limit (default 200)', () => {
    expect(topVideosOfDay([row('b', 5), row('c', 9), row('a', 5), row('d', 1)], 3)).toEqual(['c', 'a', 'b']);
    expect(topVideosOfDay(Array.from({ length: 250 }, (_, i) => row(`v${i}`, i)))).toHaveLength(200);
  });
});
