import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/database.js';
import { sqlFlavorOf } from '../../../../db/sql-flavor.js';
import { inTransaction } from '../../../../db/transaction.js';
import { upsertRows } from '../../../../db/upsert.js';
import { fromDbTime, toDbTime } from '../../../../db/values.js';
import type { CatalogueFacts } from '../daily-channel.planner.js';
import type { CatalogueVideo } from '../youtube.client.js';

/** How much of a channel's catalogue `videos` holds (db/tables/video-catalogue.table.ts). */
export interface CatalogueState {
  uploadsPlaylistId: string | null;
  videoCount: number | null;
  /** Every video published before this is in `videos`; null until a first refresh ends. */
  completeThrough: Date | null;
  newestPublishedAt: Date | null;
  /** When the last refresh that read every page began. */
  fullReadAt: Date | null;
  /** A refresh that stopped part-way: when it began and the page it saved last (`''`: the first). */
  refreshStartedAt: Date | null;
  refreshPageToken: string | null;
  leaseToken: string | null;
  leaseExpiresAt: Date | null;
}

const time = (value: string | Date | null): Date | null => (value === null ? null : fromDbTime(value));

export async function readCatalogueState(db: Kysely<Database>, channelId: string): Promise<CatalogueState | null> {
  const row = await db.selectFrom('video_catalogues').selectAll().where('channel_id', '=', channelId).executeTakeFirst();
  if (!row) return null;
  return {
    uploadsPlaylistId: row.uploads_playlist_id,
    videoCount: row.video_count === null ? null : Number(row.video_count),
    completeThrough: time(row.complete_through),
    newestPublishedAt: time(row.newest_published_at),
    fullReadAt: time(row.full_read_at),
    refreshStartedAt: time(row.refresh_started_at),
    refreshPageToken: row.refresh_page_token,
    leaseToken: row.lease_token,
    leaseExpiresAt: time(row.lease_expires_at),
  };
}

/** Keeps what `channels.list` reported of the channel (its uploads playlist, its video count); the catalogue's progress is left alone. */
export async function rememberChannel(db: Kysely<Database>, channel: { channelId: string; uploadsPlaylistId: string | null; videoCount: number | null }, now: Date): Promise<void> {
  await upsertRows(
    db,
    'video_catalogues',
    [{ channel_id: channel.channelId, uploads_playlist_id: channel.uploadsPlaylistId, video_count: channel.videoCount, updated_at: toDbTime(now) }],
    { key: ['channel_id'], update: ['uploads_playlist_id', 'video_count', 'updated_at'] },
  );
}

/**
 * Takes the channel's refresh lease when nobody holds a live one: true when this `token` holds it
 * now. One refresh per channel at a time, so chunks running in parallel lanes do not each read
 * the same uploads pages. `state` is what the caller just read (null: no row yet).
 */
export async function takeRefreshLease(db: Kysely<Database>, channelId: string, state: CatalogueState | null, token: string, now: Date, leaseMs: number): Promise<boolean> {
  // A channel connected before the catalogue was kept has no row yet: setting the key to itself changes nothing if another made it meanwhile.
  if (!state) await upsertRows(db, 'video_catalogues', [{ channel_id: channelId, updated_at: toDbTime(now) }], { key: ['channel_id'], update: ['channel_id'] });
  const result = await db
    .updateTable('video_catalogues')
    .set({ lease_token: token, lease_expires_at: toDbTime(new Date(now.getTime() + leaseMs)), updated_at: toDbTime(now) })
    .where('channel_id', '=', channelId)
    .where((eb) => eb.or([eb('lease_token', 'is', null), eb('lease_expires_at', '<', toDbTime(now))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * One page of a refresh, in one transaction while `token` holds the lease (which it extends):
 * the page's new videos and where the refresh stands (this page, to be read again by a refresh
 * that goes on after a cut, so a page that shifted meanwhile is not skipped). On the last page
 * (`finished`), the refresh ends with it: the catalogue is complete through when it began, its
 * newest video is where the next refresh stops, its size is the channel's video count, and the
 * lease is given back. False when the
 * lease was lost (it expired and another took it): nothing is written.
 */
export async function saveRefreshPage(
  db: Kysely<Database>,
  channelId: string,
  token: string,
  page: { videos: readonly CatalogueVideo[]; startedAt: Date; pageToken: string; finished: { full: boolean } | null },
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    // Read under the row's lock, not judged by the UPDATE's row count: MySQL counts only rows whose values changed.
    const holder = await trx
      .selectFrom('video_catalogues')
      .select('lease_token')
      .where('channel_id', '=', channelId)
      .$if(sqlFlavorOf(trx) === 'mysql', (qb) => qb.forUpdate())
      .executeTakeFirst();
    if (holder?.lease_token !== token) return false;
    await trx
      .updateTable('video_catalogues')
      .set({
        refresh_started_at: toDbTime(page.startedAt),
        refresh_page_token: page.pageToken,
        lease_expires_at: toDbTime(new Date(now.getTime() + leaseMs)),
        updated_at: toDbTime(now),
      })
      .where('channel_id', '=', channelId)
      .execute();
    await upsertRows(
      trx,
      'videos',
      page.videos.map((video) => ({ channel_id: channelId, video_id: video.videoId, title: video.title, published_at: toDbTime(video.publishedAt), updated_at: toDbTime(now) })),
      { key: ['channel_id', 'video_id'], update: ['title', 'published_at', 'updated_at'] },
    );
    if (page.finished) {
      const known = await trx
        .selectFrom('videos')
        .select((eb) => [eb.fn.max('published_at').as('newest'), eb.fn.countAll<number>().as('videos')])
        .where('channel_id', '=', channelId)
        .executeTakeFirst();
      await trx
        .updateTable('video_catalogues')
        .set({
          complete_through: toDbTime(page.startedAt),
          newest_published_at: known?.newest ? toDbTime(fromDbTime(known.newest)) : null,
          // What the catalogue holds now: the planner's count of the channel's videos from here on.
          video_count: Number(known?.videos ?? 0),
          ...(page.finished.full ? { full_read_at: toDbTime(page.startedAt) } : {}),
          refresh_started_at: null,
          refresh_page_token: null,
          lease_token: null,
          lease_expires_at: null,
        })
        .where('channel_id', '=', channelId)
        .execute();
    }
    return true;
  });
}

/** Gives the lease back with the refresh's place kept, for the next holder to go on from. */
export async function releaseRefreshLease(db: Kysely<Database>, channelId: string, token: string, now: Date): Promise<void> {
  await db.updateTable('video_catalogues').set({ lease_token: null, lease_expires_at: null, updated_at: toDbTime(now) }).where('channel_id', '=', channelId).where('lease_token', '=', token).execute();
}

/** Which of `videoIds` the catalogue already holds. */
export async function knownVideoIds(db: Kysely<Database>, channelId: string, videoIds: readonly string[]): Promise<Set<string>> {
  if (videoIds.length === 0) return new Set();
  const rows = await db.selectFrom('videos').select('video_id').where('channel_id', '=', channelId).where('video_id', 'in', [...videoIds]).execute();
  return new Set(rows.map((row) => row.video_id));
}

/** The channel's videos published before `end`, by id. */
export async function videosPublishedBefore(db: Kysely<Database>, channelId: string, end: Date): Promise<string[]> {
  const rows = await db.selectFrom('videos').select('video_id').where('channel_id', '=', channelId).where('published_at', '<', toDbTime(end)).orderBy('video_id').execute();
  return rows.map((row) => row.video_id);
}

/**
 * What the metrics planners know of the channel's catalogue (daily-channel.planner.ts
 * CatalogueFacts), for a preview. A channel connected before the catalogue was kept has no
 * count from `channels.list` yet: the distinct videos its stored metrics name stand in for it
 * (a lower bound; the first capped chunk reads the real catalogue).
 */
export async function catalogueFacts(db: Kysely<Database>, connection: { externalAccountId: string }): Promise<CatalogueFacts> {
  const channelId = connection.externalAccountId;
  const state = await readCatalogueState(db, channelId);
  const published = await db.selectFrom('videos').select('published_at').where('channel_id', '=', channelId).execute();
  let videoCount = state?.videoCount ?? null;
  if (videoCount === null && published.length === 0) {
    const seen = await db.selectFrom('video_daily_metrics').select((eb) => eb.fn.count<number>('video_id').distinct().as('videos')).where('channel_id', '=', channelId).executeTakeFirst();
    videoCount = Number(seen?.videos ?? 0) || null;
  }
  return {
    publishedAt: published.map((row) => fromDbTime(row.published_at)),
    completeThrough: state?.completeThrough ?? null,
    fullReadAt: state?.fullReadAt ?? null,
    videoCount,
    uploadsPlaylistKnown: state?.uploadsPlaylistId != null,
  };
}
