import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/database.js';
import type { Trx } from '../../../../db/transaction.js';
import { upsertRows } from '../../../../db/upsert.js';
import { toDbTime } from '../../../../db/values.js';

/** A creator's category on a channel and the playlist that holds it (DESIGN.md "Tables"). */
export interface Category {
  id: number;
  tenantId: string;
  channelId: string;
  name: string;
  youtubePlaylistId: string | null;
}

export interface CategoryRequest {
  name: string;
  videoIds: readonly string[];
}

/**
 * Stores the categories a sync request names, by name: a category already stored keeps its id
 * and playlist, and its videos become the request's (in order). Answers them in request order.
 */
export async function saveCategories(trx: Trx, owner: { tenantId: string; channelId: string }, categories: readonly CategoryRequest[], now: Date): Promise<Category[]> {
  if (categories.length === 0) return [];
  const at = toDbTime(now);
  await upsertRows(
    trx,
    'categories',
    categories.map((c) => ({ tenant_id: owner.tenantId, channel_id: owner.channelId, name: c.name, youtube_playlist_id: null, created_at: at, updated_at: at })),
    { key: ['tenant_id', 'channel_id', 'name'], update: ['updated_at'] },
  );
  const saved = await findCategoriesByName(trx, owner, categories.map((c) => c.name));
  const byName = new Map(saved.map((c) => [c.name, c]));
  const ordered = categories.map((c) => byName.get(c.name)!);
  await trx.deleteFrom('category_videos').where('category_id', 'in', ordered.map((c) => c.id)).execute();
  // A video listed twice in a category is kept once, at its first place.
  const videos = categories.flatMap((c, i) => [...new Set(c.videoIds)].map((videoId, position) => ({ category_id: ordered[i]!.id, youtube_video_id: videoId, position })));
  for (let start = 0; start < videos.length; start += 500) await trx.insertInto('category_videos').values(videos.slice(start, start + 500)).execute();
  return ordered;
}

/** The tenant's categories of a channel with these names (those that exist). */
export async function findCategoriesByName(db: Kysely<Database>, owner: { tenantId: string; channelId: string }, names: readonly string[]): Promise<Category[]> {
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom('categories')
    .selectAll()
    .where('tenant_id', '=', owner.tenantId)
    .where('channel_id', '=', owner.channelId)
    .where('name', 'in', [...names])
    .execute();
  return rows.map(toCategory);
}

export async function getCategories(db: Kysely<Database>, ids: readonly number[]): Promise<Category[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('categories').selectAll().where('id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((row) => [Number(row.id), toCategory(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A category's videos in order. */
export async function categoryVideoIds(db: Kysely<Database>, categoryId: number): Promise<string[]> {
  const rows = await db.selectFrom('category_videos').select('youtube_video_id').where('category_id', '=', categoryId).orderBy('position').execute();
  return rows.map((row) => row.youtube_video_id);
}

/** The tenant's categories of the channel whose playlist is one of these. */
export async function categoriesHoldingPlaylists(db: Kysely<Database>, owner: { tenantId: string; channelId: string }, playlistIds: readonly string[]): Promise<Category[]> {
  if (playlistIds.length === 0) return [];
  const rows = await db
    .selectFrom('categories')
    .selectAll()
    .where('tenant_id', '=', owner.tenantId)
    .where('channel_id', '=', owner.channelId)
    .where('youtube_playlist_id', 'in', [...playlistIds])
    .execute();
  return rows.map(toCategory);
}

/** Records the playlist that holds the category now. */
export async function setCategoryPlaylist(trx: Trx, categoryId: number, playlistId: string, now: Date): Promise<void> {
  await trx.updateTable('categories').set({ youtube_playlist_id: playlistId, updated_at: toDbTime(now) }).where('id', '=', categoryId).execute();
}

function toCategory(row: { id: number; tenant_id: string; channel_id: string; name: string; youtube_playlist_id: string | null }): Category {
  return { id: Number(row.id), tenantId: row.tenant_id, channelId: row.channel_id, name: row.name, youtubePlaylistId: row.youtube_playlist_id };
}
