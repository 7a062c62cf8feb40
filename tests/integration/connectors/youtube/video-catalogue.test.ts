import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { ensureCatalogue, type CatalogueDeps } from '../../../../lib/connectors/youtube/catalogue/catalogue-refresh.js';
import { readCatalogueState, rememberChannel, videosPublishedBefore } from '../../../../lib/connectors/youtube/catalogue/video-catalogue.repository.js';
import type { CatalogueVideo, YouTubeClient } from '../../../../lib/connectors/youtube/youtube.client.js';
import { DeadlineReachedError } from '../../../../lib/errors.js';
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
  let channelLookups = 0;
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
      return { videos: newestFirst.slice(start, start + PAGE), nextPageToken: start + PAGE < newestFirst.length ? String(start + PAGE) : null };
    },
    async getOwnChannel() {
      channelLookups += 1;
      return { id: CHANNEL, title: 'Catalogue', uploadsPlaylistId: UPLOADS, videoCount: videos.length };
    },
  } as unknown as YouTubeClient;
  return { client, publish, pagesAsked, lookups: () => channelLookups };
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

  it('a read cut short by the deadline goes on from its page, and the videos it stored do not stop the next one early', async () => {
    playlist.publish(130, new Date('2024-01-01T00:00:00Z'));
    await rememberChannel(database.db, { channelId: CHANNEL, uploadsPlaylistId: UPLOADS, videoCount: 130 }, now);
    let asked = 0;
    const clock = { now: () => (asked >= 1 ? new Date(now.getTime() + 120_000) : now) };
    const short = { ...deps, clock, client: { ...playlist.client, listUploads: async (...args: Parameters<YouTubeClient['listUploads']>) => ((asked += 1), playlist.client.listUploads(...args)) } as YouTubeClient };
    await expect(ensureCatalogue(short, calls(new Date(now.getTime() + 60_000)), CHANNEL, new Date('2026-11-28T00:00:00Z'))).rejects.toBeInstanceOf(DeadlineReachedError);
    expect(playlist.pagesAsked).toEqual([null]);
    expect(await readCatalogueState(database.db, CHANNEL)).toMatchObject({ completeThrough: null, refreshPageToken: '50', leaseToken: null });

    await ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-11-28T00:00:00Z'));
    expect(playlist.pagesAsked).toEqual([null, '50', '100']);
    expect(await videosPublishedBefore(database.db, CHANNEL, now)).toHaveLength(130);
  });

  it('chunks needing it at once: one of them reads each page, the others wait for it', async () => {
    playlist.publish(200, new Date('2024-01-01T00:00:00Z'));
    await rememberChannel(database.db, { channelId: CHANNEL, uploadsPlaylistId: UPLOADS, videoCount: 200 }, now);
    await Promise.all(Array.from({ length: 4 }, () => ensureCatalogue(deps, calls(), CHANNEL, new Date('2026-11-28T00:00:00Z'))));
    expect(playlist.pagesAsked).toEqual([null, '50', '100', '150']);
    expect(await videosPublishedBefore(database.db, CHANNEL, now)).toHaveLength(200);
  });
});
