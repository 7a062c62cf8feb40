import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { ensureCatalogue, type CatalogueDeps } from '../../../../lib/connectors/youtube/catalogue/catalogue-refresh.js';
import { catalogueFacts, readCatalogueState, rememberChannel, saveRefreshPage, takeRefreshLease, videosPublishedBefore } from '../../../../lib/connectors/youtube/catalogue/video-catalogue.repository.js';
import type { CatalogueVideo, YouTubeClient } from '../../../../lib/connectors/youtube/youtube.client.js';
import { BudgetBlockedError, DeadlineReachedError, RateLimitedError } from '../../../../lib/errors.js';
import { silentLogger } from '../../../../lib/shared/logger.js';
import { describeEachEngine } from '../../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../../support/test-databases.js';

// The catalogue of issue 15: `videos` from the uploads playlist, newest first, refreshed
// incrementally (stop at the first known video), one refresh per channel at a time, and a
// refresh cut short going on from its page. The client is a fake uploads playlist; what is
// checked is what the store holds and which pages were asked for.
const CHANNEL = 'UCcatalogue';
const UPLOADS = 'UUcatalogue';
const PAGE = 50;

function uploadsPlaylist() {
  const videos: CatalogueVideo[] = [];
  const pagesAsked: (string | null)[] = [];
  /** Run after each page is answered, in turn: what changes on YouTube between two pages. */
  const afterPage: (() => void)[] = [];
  let channelLookups = 0;
  const publishAt = (videoId: string, at: Date) => videos.push({ videoId, title: videoId, publishedAt: at });
  const newest = () => [...videos].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime())[0] as CatalogueVideo;
  const remove = (video: CatalogueVideo) => videos.splice(videos.indexOf(video), 1);
  const publish = (count: number, at: Date) => {
    const first = videos.length;
    for (let i = 0; i < count; i++) videos.push({ videoId: `v${String(first + i).padStart(5, '0')}`, title: `Video ${first + i}`, publishedAt: new Date(at.getTime() + i * 60_000) });
  };
  const client = {
    async listUploads(_token: string, query: { playlistId: string; pageToken?: string }) {
      expect(query.playlistId).toBe(UPLOADS);
      pagesAsked.push(query.pageToken ?? null);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const newestFirst = [...videos].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
      const start = Number(query.pageToken ?? 0);
      const page = { videos: newestFirst.slice(start, start + PAGE), nextPageToken: start + PAGE < newestFirst.length ? String(start + PAGE) : null, totalResults: newestFirst.length };
      afterPage.shift()?.();
      return page;
    },
    async getOwnChannel() {
      channelLookups += 1;
      return { id: CHANNEL, title: 'Catalogue', uploadsPlaylistId: UPLOADS, videoCount: videos.length };
    },
  } as unknown as YouTubeClient;
  return { client, publish, publishAt, newest, remove, afterPage, pagesAsked, lookups: () => channelLookups };
}

describeEachEngine('the video catalogue', (engine) => {
  let database: TestDatabase;
  let now: Date;
  let playlist: ReturnType<typeof uploadsPlaylist>;
  let deps: CatalogueDeps;
  const calls = (deadline = new Date(now.getTime() + 60_000)) => ({ deadline, call: <T>(run: (token: string) => Promise<T>) => run('token') });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database?.drop());
  beforeEach(async () => {
    await database.db.deleteFrom('videos').execute();
    await database.db.deleteFrom('video_catalogues').execute();
    now = new Date('2026-11-29T12:00:00Z');
    playlist = uploadsPlaylist();
    deps = { db: database.db, clock: { now: () => now }, logger: silentLogger, client: playlist.client };
  });

  it('a first read takes every page; a later one reads only until the first video it knew', async () => {
    playlist.publish(120, new Date('2024-01-01T00:00:00Z'));
    await rememberChannel(database.db, { channelId: CHANNEL, uploadsPlaylistId: UPLOADS, videoCount: 120 }, now);
    await ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-11-28T00:00:00Z'));
    expect(playlist.pagesAsked).toEqual([null, '50', '100']);
    expect(await videosPublishedBefore(database.db, CHANNEL, now)).toHaveLength(120);
    expect(await readCatalogueState(database.db, CHANNEL)).toMatchObject({ completeThrough: now, newestPublishedAt: new Date(Date.parse('2024-01-01T00:00:00Z') + 119 * 60_000), leaseToken: null });

    // Complete through now: a window ending before needs nothing.
    await ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-11-29T00:00:00Z'));
    expect(playlist.pagesAsked).toHaveLength(3);

    // Three new videos, and a window ending after the last read: one page, stopping at the first known video.
    playlist.publish(3, new Date('2026-11-30T00:00:00Z'));
    now = new Date('2026-12-02T12:00:00Z');
    await ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-12-01T08:00:00Z'));
    expect(playlist.pagesAsked).toEqual([null, '50', '100', null]);
    expect(await videosPublishedBefore(database.db, CHANNEL, now)).toHaveLength(123);
    expect(playlist.lookups()).toBe(0); // the uploads playlist was known from connect
  });

  it('a channel connected before the catalogue was kept: one channels.list names its uploads playlist', async () => {
    playlist.publish(10, new Date('2025-06-01T00:00:00Z'));
    await ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-11-28T00:00:00Z'));
    expect(playlist.lookups()).toBe(1);
    expect(await readCatalogueState(database.db, CHANNEL)).toMatchObject({ uploadsPlaylistId: UPLOADS, videoCount: 10 });
  });

  it('a read cut short by the deadline goes on from the page it saved last, read again', async () => {
    playlist.publish(130, new Date('2024-01-01T00:00:00Z'));
    await rememberChannel(database.db, { channelId: CHANNEL, uploadsPlaylistId: UPLOADS, videoCount: 130 }, now);
    let asked = 0;
    const clock = { now: () => (asked >= 1 ? new Date(now.getTime() + 120_000) : now) };
    const short = { ...deps, clock, client: { ...playlist.client, listUploads: async (...args: Parameters<YouTubeClient['listUploads']>) => ((asked += 1), playlist.client.listUploads(...args)) } as YouTubeClient };
    await expect(ensureCatalogue(short, calls(new Date(now.getTime() + 60_000)), CHANNEL, new Date('2026-11-28T00:00:00Z'))).rejects.toBeInstanceOf(DeadlineReachedError);
    expect(playlist.pagesAsked).toEqual([null]);
    expect(await readCatalogueState(database.db, CHANNEL)).toMatchObject({ completeThrough: null, refreshPageToken: '', leaseToken: null });

    await ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-11-28T00:00:00Z'));
    expect(playlist.pagesAsked).toEqual([null, null, '50', '100']);
    expect(await videosPublishedBefore(database.db, CHANNEL, now)).toHaveLength(130);
  });

  it('a video deleted between a cut and the read that goes on does not make it skip one (the saved page is read again)', async () => {
    playlist.publish(120, new Date('2024-01-01T00:00:00Z'));
    await rememberChannel(database.db, { channelId: CHANNEL, uploadsPlaylistId: UPLOADS, videoCount: 120 }, now);
    let asked = 0;
    const clock = { now: () => (asked >= 2 ? new Date(now.getTime() + 120_000) : now) };
    const short = { ...deps, clock, client: { ...playlist.client, listUploads: async (...args: Parameters<YouTubeClient['listUploads']>) => ((asked += 1), playlist.client.listUploads(...args)) } as YouTubeClient };
    await expect(ensureCatalogue(short, calls(new Date(now.getTime() + 60_000)), CHANNEL, new Date('2026-11-28T00:00:00Z'))).rejects.toBeInstanceOf(DeadlineReachedError);
    // Pages 1 and 2 are stored; then the newest video is deleted: every later one moves up a place.
    playlist.remove(playlist.newest());
    await ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-11-28T00:00:00Z'));
    expect(await videosPublishedBefore(database.db, CHANNEL, now)).toHaveLength(120); // the 119 left, and the deleted one stored before
  });

  it('a video deleted while a read goes on: the page before is read again, and the video that moved onto it comes in', async () => {
    playlist.publish(120, new Date('2024-01-01T00:00:00Z'));
    await rememberChannel(database.db, { channelId: CHANNEL, uploadsPlaylistId: UPLOADS, videoCount: 120 }, now);
    playlist.afterPage.push(() => void playlist.remove(playlist.newest()));
    await ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-11-28T00:00:00Z'));
    expect(playlist.pagesAsked).toEqual([null, '50', null, '50', '100']);
    expect(await videosPublishedBefore(database.db, CHANNEL, now)).toHaveLength(120); // the 119 left, and the deleted one read before
  });

  it('once a week a refresh reads every page: what stopping at the first known video could miss comes in', async () => {
    playlist.publish(60, new Date('2024-01-01T00:00:00Z'));
    await rememberChannel(database.db, { channelId: CHANNEL, uploadsPlaylistId: UPLOADS, videoCount: 60 }, now);
    await ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-11-28T00:00:00Z'));
    // A video that joins the list below the known ones (published long ago, listed only now).
    playlist.publishAt('vlate', new Date('2023-06-01T00:00:00Z'));
    now = new Date('2026-12-01T12:00:00Z');
    await ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-12-01T00:00:00Z'));
    expect(await videosPublishedBefore(database.db, CHANNEL, now)).not.toContain('vlate');
    now = new Date('2026-12-07T12:00:00Z');
    await ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-12-07T00:00:00Z'));
    expect(await videosPublishedBefore(database.db, CHANNEL, now)).toContain('vlate');
    expect(await readCatalogueState(database.db, CHANNEL)).toMatchObject({ fullReadAt: now });
  });

  it('a Data API budget only a person can raise: the chunk tries again after the quota\'s reset, not parked', async () => {
    playlist.publish(10, new Date('2024-01-01T00:00:00Z'));
    await rememberChannel(database.db, { channelId: CHANNEL, uploadsPlaylistId: UPLOADS, videoCount: 10 }, now);
    const blocked = { ...deps, client: { ...playlist.client, listUploads: async () => Promise.reject(new BudgetBlockedError('youtube-data: backfill share is 0')) } as unknown as YouTubeClient };
    const refused = await ensureCatalogue(blocked, calls(), CHANNEL, new Date('2026-11-28T00:00:00Z')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAt).toEqual(new Date('2026-11-30T08:00:00Z')); // midnight Pacific
    expect(await readCatalogueState(database.db, CHANNEL)).toMatchObject({ leaseToken: null, completeThrough: null });
  });

  it('the preview\'s facts of a channel connected before the catalogue was kept: the videos its stored metrics name stand in for the count', async () => {
    await database.db.deleteFrom('video_daily_metrics').execute();
    expect(await catalogueFacts(database.db, { externalAccountId: CHANNEL })).toEqual({ publishedAt: [], completeThrough: null, fullReadAt: null, videoCount: null, uploadsPlaylistKnown: false });
    const row = (videoId: string, dt: string) => ({ channel_id: CHANNEL, video_id: videoId, dt, tenant_id: 't', views: 1, estimated_minutes_watched: 1, average_view_duration: 1, likes: 0, comments: 0, shares: 0, subscribers_gained: 0, subscribers_lost: 0, updated_at: '2026-11-29 00:00:00.000' });
    await database.db.insertInto('video_daily_metrics').values(Array.from({ length: 250 }, (_, i) => [row(`v${i}`, '2026-11-20'), row(`v${i}`, '2026-11-21')]).flat()).execute();
    expect(await catalogueFacts(database.db, { externalAccountId: CHANNEL })).toMatchObject({ videoCount: 250 });
    await database.db.deleteFrom('video_daily_metrics').execute();
  });

  it('a refresh whose lease expired and was taken writes nothing more: the new holder goes on from its last page', async () => {
    await rememberChannel(database.db, { channelId: CHANNEL, uploadsPlaylistId: UPLOADS, videoCount: 0 }, now);
    const state = await readCatalogueState(database.db, CHANNEL);
    const video = (id: string) => ({ videoId: id, title: id, publishedAt: new Date('2025-01-01T00:00:00Z') });
    expect(await takeRefreshLease(database.db, CHANNEL, state, 'first', now, 20_000)).toBe(true);
    expect(await takeRefreshLease(database.db, CHANNEL, state, 'second', now, 20_000)).toBe(false); // a live lease
    expect(await saveRefreshPage(database.db, CHANNEL, 'first', { videos: [video('a')], startedAt: now, pageToken: '', finished: null }, now, 20_000)).toBe(true);
    const later = new Date(now.getTime() + 30_000);
    expect(await takeRefreshLease(database.db, CHANNEL, state, 'second', later, 20_000)).toBe(true); // expired: taken
    expect(await saveRefreshPage(database.db, CHANNEL, 'first', { videos: [video('b')], startedAt: now, pageToken: '50', finished: { full: true } }, later, 20_000)).toBe(false);
    expect(await videosPublishedBefore(database.db, CHANNEL, later)).toEqual(['a']);
    expect(await readCatalogueState(database.db, CHANNEL)).toMatchObject({ leaseToken: 'second', refreshPageToken: '', completeThrough: null });
  });

  it('chunks needing it at once: one of them reads each page, the others wait for it', async () => {
    playlist.publish(200, new Date('2024-01-01T00:00:00Z'));
    await rememberChannel(database.db, { channelId: CHANNEL, uploadsPlaylistId: UPLOADS, videoCount: 200 }, now);
    await Promise.all(Array.from({ length: 4 }, () => ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-11-28T00:00:00Z'))));
    expect(playlist.pagesAsked).toEqual([null, '50', '100', '150']);
    expect(await videosPublishedBefore(database.db, CHANNEL, now)).toHaveLength(200);
  });
});
