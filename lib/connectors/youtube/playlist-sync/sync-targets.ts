import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/database.js';
import type { Trx } from '../../../../db/transaction.js';
import { markSnapshotRestored, getSnapshots, type BackupSnapshot } from './backup-snapshots.repository.js';
import { categoryVideoIds, getCategories, setCategoryPlaylist } from './categories.repository.js';
import type { PlaylistSyncPayload } from './playlist-sync-payload.js';
import type { NewSyncVideoOperation } from './sync-video-operations.repository.js';

/**
 * A playlist a sync makes sure of, in the request's order: a category's (a sync) or a deleted
 * playlist's from a backup (a restore), with the videos it must hold.
 */
export interface SyncTarget {
  /** `category:{id}` or `snapshot:{id}` (`sync_video_operations.target`). */
  key: string;
  categoryId: number | null;
  snapshotId: number | null;
  title: string;
  description: string;
  privacyStatus: string;
  /** The playlist on the channel that holds it, when there is one. */
  playlistId: string | null;
  videoIds: string[];
}

/**
 * The marker in the description of a playlist a sync creates: a playlist created for the
 * category whose answer was lost (a crash after sending) is found on the channel by it, by this
 * sync or the next one, instead of being created twice.
 */
export function categoryMarker(categoryId: number): string {
  return `sluice:category:${categoryId}`;
}

export function categoryDescription(categoryId: number): string {
  return `Kept in sync by Sluice (${categoryMarker(categoryId)})`;
}

/** Pure: the category a description's marker names, if any (the whole token: category 1 is not category 10). */
export function markedCategory(description: string): number | null {
  const match = /\(sluice:category:(\d+)\)/.exec(description);
  return match ? Number(match[1]) : null;
}

/**
 * Pure: the playlist that holds a category on the channel now — its recorded one when the channel
 * has it, else one carrying its marker (created for it by a sync whose answer was lost), else none.
 */
export function resolveCategoryPlaylist(category: { id: number; youtubePlaylistId: string | null }, playlists: readonly { id: string; description: string }[]): string | null {
  if (category.youtubePlaylistId !== null && playlists.some((p) => p.id === category.youtubePlaylistId)) return category.youtubePlaylistId;
  return playlists.find((p) => markedCategory(p.description) === category.id)?.id ?? null;
}

/**
 * The targets of a sync or a restore, each with the playlist that holds it now. Until the
 * create stage has passed (`created` false), a category's recorded playlist counts only when the
 * backup found it on the channel (one deleted on YouTube since is created again), else one of the
 * channel's playlists carrying its marker; once it has, the recorded playlist is the one this
 * sync reused or created. A restored snapshot's playlist is the one the restore recreated.
 */
export async function loadTargets(db: Kysely<Database>, payload: PlaylistSyncPayload, backup: readonly BackupSnapshot[], created: boolean): Promise<SyncTarget[]> {
  if (payload.mode === 'restore') {
    const snapshots = await getSnapshots(db, payload.snapshot_ids);
    // A playlist an earlier restore recreated (and did not finish filling) is reused while the
    // channel has it: its videos already there are skipped, the rest added.
    const onChannel = new Set(backup.map((s) => s.playlistId));
    const recreated = (s: BackupSnapshot) => (s.restoredPlaylistId !== null && (created || onChannel.has(s.restoredPlaylistId)) ? s.restoredPlaylistId : null);
    return snapshots.map((s) => ({
      key: `snapshot:${s.id}`,
      categoryId: null,
      snapshotId: s.id,
      title: s.title,
      description: s.description,
      privacyStatus: s.privacyStatus,
      playlistId: recreated(s),
      videoIds: s.videoIds ?? [],
    }));
  }
  const onChannel = backup.map((s) => ({ id: s.playlistId, description: s.description }));
  const categories = await getCategories(db, payload.category_ids);
  return Promise.all(
    categories.map(async (category) => {
      const playlistId = created ? category.youtubePlaylistId : resolveCategoryPlaylist(category, onChannel);
      return {
        key: `category:${category.id}`,
        categoryId: category.id,
        snapshotId: null,
        title: category.name,
        description: categoryDescription(category.id),
        privacyStatus: 'private',
        playlistId,
        videoIds: await categoryVideoIds(db, category.id),
      };
    }),
  );
}

/**
 * Pure: what a restore of a sync brings back: the playlists it deleted that no restore finished
 * putting back (one cancelled or failed half-way is taken up again, its recreated playlist reused).
 */
export function restorableSnapshots(snapshots: readonly BackupSnapshot[]): BackupSnapshot[] {
  return snapshots.filter((s) => s.deletedFromYoutubeAt !== null && s.restoredAt === null);
}

/** Records the playlist that holds a target now: the category's, or the snapshot's restored one. */
export async function recordTargetPlaylist(trx: Trx, target: SyncTarget, playlistId: string, now: Date): Promise<void> {
  if (target.categoryId !== null) await setCategoryPlaylist(trx, target.categoryId, playlistId, now);
  if (target.snapshotId !== null) await markSnapshotRestored(trx, target.snapshotId, playlistId);
}

/**
 * Pure: the add_videos stage's operations — each target's videos once, in order: `skipped` when
 * its playlist held the video when the backup read it, `failed` when its playlist could not be
 * created, else `pending`.
 */
export function targetOperations(targets: readonly SyncTarget[], backup: readonly BackupSnapshot[], failedTargets: readonly string[]): NewSyncVideoOperation[] {
  return targets.flatMap((target) => {
    const held = new Set(backup.find((s) => s.playlistId === target.playlistId)?.videoIds ?? []);
    const failed = failedTargets.includes(target.key);
    return [...new Set(target.videoIds)].map((videoId) => ({
      target: target.key,
      categoryId: target.categoryId,
      backupSnapshotId: target.snapshotId,
      videoId,
      status: failed ? ('failed' as const) : held.has(videoId) ? ('skipped' as const) : ('pending' as const),
      errorMessage: failed ? 'its playlist could not be created' : null,
    }));
  });
}
