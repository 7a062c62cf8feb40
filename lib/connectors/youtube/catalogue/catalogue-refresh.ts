import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/database.js';
import { BudgetBlockedError, DeadlineReachedError, LeaseLostError, NotReadyError, RateLimitedError } from '../../../errors.js';
import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import { nextPacificMidnight } from '../youtube-calendar.js';
import type { YouTubeClient } from '../youtube.client.js';
import { knownVideoIds, readCatalogueState, rememberChannel, releaseRefreshLease, saveRefreshPage, takeRefreshLease, type CatalogueState } from './video-catalogue.repository.js';

/**
 * A refresh holds the channel's lease this long; each page it saves extends it. Longer than one
 * call can take with its in-task retries (4 × 10 s and backoff), so a live refresh keeps it.
 */
export const REFRESH_LEASE_MS = 90_000;
/** How often a chunk waiting for another's refresh looks again. */
const WAIT_POLL_MS = 250;
/**
 * A refresh reads every page again when the last full read is this old: stopping at the first
 * known video cannot see a video that joined the uploads playlist below it. 1 unit per 50 videos.
 */
export const FULL_READ_EVERY_MS = 7 * 86_400_000;

export interface CatalogueDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  client: YouTubeClient;
}

export interface CatalogueCalls {
  deadline: Date;
  /** Aborted when the task's lease is lost: a chunk waiting for another's refresh stops waiting. */
  signal?: AbortSignal;
  call<T>(run: (accessToken: string) => Promise<T>): Promise<T>;
}

/**
 * Makes sure `videos` holds every video of the channel published before `through` (a chunk's
 * window end): nothing to do when the catalogue is complete through then; else one refresh of
 * the uploads playlist, newest first, that stops at the first video it already knew (or reads
 * every page, the first time and once a week). One refresh per channel at a time (a lease in
 * `video_catalogues`): a chunk that finds another reading the catalogue waits for it rather
 * than reading the same pages. A refresh cut short (deadline, crash, refusal) keeps the page it
 * saved last, and the next one reads it again and goes on.
 */
export async function ensureCatalogue(deps: CatalogueDeps, calls: CatalogueCalls, channelId: string, through: Date): Promise<void> {
  const { db, clock } = deps;
  for (;;) {
    const state = await readCatalogueState(db, channelId);
    if (state?.completeThrough && state.completeThrough >= through) return;
    if (clock.now() >= calls.deadline) throw new DeadlineReachedError(`deadline reached before the catalogue of ${channelId} was read; the chunk resumes there`);
    const leased = state?.leaseToken != null && state.leaseExpiresAt !== null && state.leaseExpiresAt >= clock.now();
    const token = randomUUID();
    if (!leased && (await takeRefreshLease(db, channelId, state, token, clock.now(), REFRESH_LEASE_MS))) {
      try {
        await refresh(deps, calls, channelId, token, (await readCatalogueState(db, channelId)) as CatalogueState);
      } catch (error) {
        // Only a person can make room in the Data API budget (a quota or share of 0): the chunk
        // tries again after the next reset instead of being parked and released over and over
        // by the Analytics budget it also spends.
        if (error instanceof BudgetBlockedError) throw new RateLimitedError(`the catalogue of ${channelId} waits for the Data API budget: ${error.message}`, nextPacificMidnight(clock.now()), { cause: error });
        throw error;
      } finally {
        await releaseRefreshLease(db, channelId, token, clock.now());
      }
    } else {
      if (calls.signal?.aborted) throw new LeaseLostError(`the chunk's lease was lost while it waited for the catalogue of ${channelId}`);
      await sleep(WAIT_POLL_MS);
    }
  }
}

async function refresh(deps: CatalogueDeps, calls: CatalogueCalls, channelId: string, token: string, state: CatalogueState): Promise<void> {
  const { db, clock, client, logger } = deps;
  // A refresh that stopped part-way goes on from the page it saved last (read again: pages may
  // have shifted since), and counts from when it began.
  const resuming = state.refreshStartedAt !== null && state.refreshPageToken !== null;
  const startedAt = resuming ? (state.refreshStartedAt as Date) : clock.now();
  let pageToken = resuming && state.refreshPageToken ? state.refreshPageToken : undefined;
  // Only a complete catalogue has a place to stop at: the first video it knew, as old as its newest or older.
  const full = !state.completeThrough || !state.fullReadAt || startedAt.getTime() - state.fullReadAt.getTime() >= FULL_READ_EVERY_MS;
  const watermark = full ? null : state.newestPublishedAt;
  let uploadsPlaylistId = state.uploadsPlaylistId;
  if (!uploadsPlaylistId) {
    // A channel connected before the catalogue was kept: one channels.list (1 unit) names its uploads playlist.
    const channel = await calls.call((accessToken) => client.getOwnChannel(accessToken));
    await rememberChannel(db, { channelId, uploadsPlaylistId: channel.uploadsPlaylistId, videoCount: channel.videoCount }, clock.now());
    uploadsPlaylistId = channel.uploadsPlaylistId;
  }
  let pages = 0;
  let added = 0;
  // Page tokens are positions: a video deleted above the one read next moves it onto the page
  // before. When the playlist got shorter since the last page, that page is read again.
  let previous: { pageToken: string | undefined; totalResults: number | null } | null = null;
  for (;;) {
    if (clock.now() >= calls.deadline) throw new DeadlineReachedError(`deadline reached while reading the catalogue of ${channelId}; the next refresh goes on from its page`);
    const playlistId = uploadsPlaylistId;
    const page = playlistId
      ? await calls.call((accessToken) => client.listUploads(accessToken, { playlistId, ...(pageToken ? { pageToken } : {}) }))
      : { videos: [], nextPageToken: null, totalResults: null }; // no uploads playlist: a channel without videos
    pages += playlistId ? 1 : 0;
    if (previous && previous.totalResults !== null && page.totalResults !== null && page.totalResults < previous.totalResults) {
      pageToken = previous.pageToken;
      previous = { pageToken, totalResults: page.totalResults };
      continue;
    }
    previous = { pageToken, totalResults: page.totalResults };
    const known = watermark ? await knownVideoIds(db, channelId, page.videos.map((video) => video.videoId)) : new Set<string>();
    const stopAt = page.videos.findIndex((video) => known.has(video.videoId) && video.publishedAt <= (watermark as Date));
    const fresh = stopAt === -1 ? page.videos : page.videos.slice(0, stopAt);
    const next = stopAt === -1 ? page.nextPageToken : null;
    const saved = { videos: fresh, startedAt, pageToken: pageToken ?? '', finished: next ? null : { full } };
    if (!(await saveRefreshPage(db, channelId, token, saved, clock.now(), REFRESH_LEASE_MS))) {
      // Another took the lease (this one expired): it goes on from the last page saved; this chunk waits for it.
      throw new NotReadyError(`the catalogue refresh of ${channelId} lost its lease to another`, new Date(clock.now().getTime() + 1_000));
    }
    added += fresh.length;
    if (!next) break;
    pageToken = next;
  }
  logger.info('youtube.catalogue_refreshed', { channel_id: channelId, pages, videos_added: added, full, resumed: resuming });
}
