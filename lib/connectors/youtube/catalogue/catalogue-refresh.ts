import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/database.js';
import { DeadlineReachedError, RetryableError } from '../../../errors.js';
import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import type { YouTubeClient } from '../youtube.client.js';
import {
  finishRefresh,
  knownVideoIds,
  readCatalogueState,
  rememberChannel,
  releaseRefreshLease,
  saveRefreshPage,
  takeRefreshLease,
  type CatalogueState,
} from './video-catalogue.repository.js';

/** A refresh holds the channel's lease this long; each page it saves proves it alive (30 pages of 1,500 videos take seconds). */
export const REFRESH_LEASE_MS = 60_000;
/** How often a chunk waiting for another's refresh looks again. */
const WAIT_POLL_MS = 250;

export interface CatalogueDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  client: YouTubeClient;
}

export interface CatalogueCalls {
  deadline: Date;
  call<T>(run: (accessToken: string) => Promise<T>): Promise<T>;
}

/**
 * Makes sure `videos` holds every video of the channel published before `through` (a chunk's
 * window end): nothing to do when the catalogue is complete through then; else one refresh of
 * the uploads playlist, newest first, that stops at the first video it already knew. One
 * refresh per channel at a time (a lease in `video_catalogues`): a chunk that finds another
 * reading the catalogue waits for it rather than reading the same pages. A refresh cut short
 * (deadline, crash, refusal) keeps the page it reached, and the next one goes on from there.
 */
export async function ensureCatalogue(deps: CatalogueDeps, calls: CatalogueCalls, channelId: string, through: Date): Promise<void> {
  const { db, clock } = deps;
  for (;;) {
    const state = await readCatalogueState(db, channelId);
    if (state?.completeThrough && state.completeThrough >= through) return;
    if (clock.now() >= calls.deadline) throw new DeadlineReachedError(`deadline reached before the catalogue of ${channelId} was read; the chunk resumes there`);
    const token = randomUUID();
    if (await takeRefreshLease(db, channelId, token, clock.now(), REFRESH_LEASE_MS)) {
      try {
        await refresh(deps, calls, channelId, token, (await readCatalogueState(db, channelId)) as CatalogueState);
      } finally {
        await releaseRefreshLease(db, channelId, token, clock.now());
      }
    } else {
      await sleep(WAIT_POLL_MS);
    }
  }
}

async function refresh(deps: CatalogueDeps, calls: CatalogueCalls, channelId: string, token: string, state: CatalogueState): Promise<void> {
  const { db, clock, client, logger } = deps;
  // A refresh that stopped part-way goes on from its page, and counts from when it began.
  const resuming = state.refreshStartedAt !== null && state.refreshPageToken !== null;
  const startedAt = resuming ? (state.refreshStartedAt as Date) : clock.now();
  let pageToken = resuming ? (state.refreshPageToken as string) : undefined;
  let uploadsPlaylistId = state.uploadsPlaylistId;
  if (!uploadsPlaylistId) {
    // A channel connected before the catalogue was kept: one channels.list (1 unit) names its uploads playlist.
    const channel = await calls.call((accessToken) => client.getOwnChannel(accessToken));
    await rememberChannel(db, { channelId, uploadsPlaylistId: channel.uploadsPlaylistId, videoCount: channel.videoCount }, clock.now());
    uploadsPlaylistId = channel.uploadsPlaylistId;
  }
  // Only a complete catalogue has a place to stop at: the first video it knew, as old as its newest or older.
  const watermark = state.completeThrough ? state.newestPublishedAt : null;
  let pages = 0;
  let added = 0;
  while (uploadsPlaylistId) {
    if (clock.now() >= calls.deadline) throw new DeadlineReachedError(`deadline reached while reading the catalogue of ${channelId}; the next refresh goes on from its page`);
    const page = await calls.call((accessToken) => client.listUploads(accessToken, { playlistId: uploadsPlaylistId as string, ...(pageToken ? { pageToken } : {}) }));
    pages += 1;
    const known = watermark ? await knownVideoIds(db, channelId, page.videos.map((video) => video.videoId)) : new Set<string>();
    const stopAt = page.videos.findIndex((video) => known.has(video.videoId) && video.publishedAt <= (watermark as Date));
    const fresh = stopAt === -1 ? page.videos : page.videos.slice(0, stopAt);
    const next = stopAt === -1 ? page.nextPageToken : null;
    if (!(await saveRefreshPage(db, channelId, token, { videos: fresh, startedAt, nextPageToken: next, uploadsPlaylistId }, clock.now(), REFRESH_LEASE_MS))) {
      throw new RetryableError(`the catalogue refresh of ${channelId} lost its lease to another`);
    }
    added += fresh.length;
    if (!next) break;
    pageToken = next;
  }
  if (!(await finishRefresh(db, channelId, token, startedAt, clock.now()))) throw new RetryableError(`the catalogue refresh of ${channelId} lost its lease to another`);
  logger.info('youtube.catalogue_refreshed', { channel_id: channelId, pages, videos_added: added, resumed: resuming });
}
