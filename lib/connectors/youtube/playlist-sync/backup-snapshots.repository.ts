import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../../../db/database.js';
import type { BackupSnapshotsTable } from '../../../../db/tables/playlist-sync.table.js';
import type { Trx } from '../../../../db/transaction.js';
import { fromDbJson, fromDbTime, toDbJson, toDbTime } from '../../../../db/values.js';
import { sqlFlavorOf } from '../../../../db/sql-flavor.js';
import type { Playlist } from '../playlists.js';

/** One of the channel's playlists as a sync found it, before it wrote anything. */
export interface BackupSnapshot {
  id: number;
  jobId: number;
  channelId: string;
  playlistId: string;
  title: string;
  description: string;
  privacyStatus: string;
  itemCount: number;
  /** In position order; null until the items were read. */
  videoIds: string[] | null;
  deletedFromYoutubeAt: Date | null;
  restoredPlaylistId: string | null;
  restoredAt: Date | null;
}

/** Records the playlists a backup listed (their items come later, a playlist at a time); a playlist already recorded is kept. */
export async function insertSnapshots(trx: Trx, owner: { jobId: number; tenantId: string; channelId: string }, playlists: readonly Playlist[], now: Date): Promise<void> {
  if (playlists.length === 0) return;
  const rows = playlists.map((p) => ({
    job_id: owner.jobId,
    tenant_id: owner.tenantId,
    channel_id: owner.channelId,
    youtube_playlist_id: p.id,
    title: p.title,
    description: p.description,
    privacy_status: p.privacyStatus,
    item_count: p.itemCount,
    video_ids: null,
    created_at: toDbTime(now),
  }));
  const insert = trx.insertInto('backup_snapshots').values(rows);
  await (sqlFlavorOf(trx) === 'mysql' ? insert.ignore() : insert.onConflict((oc) => oc.columns(['job_id', 'youtube_playlist_id']).doNothing())).execute();
}

export async function snapshotsOf(db: Kysely<Database>, jobId: number): Promise<BackupSnapshot[]> {
  const rows = await db.selectFrom('backup_snapshots').selectAll().where('job_id', '=', jobId).orderBy('id').execute();
  return rows.map(toSnapshot);
}

export async function getSnapshots(db: Kysely<Database>, ids: readonly number[]): Promise<BackupSnapshot[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('backup_snapshots').selectAll().where('id', 'in', [...ids]).orderBy('id').execute();
  return rows.map(toSnapshot);
}

export async function setSnapshotItems(trx: Trx, snapshotId: number, videoIds: readonly string[]): Promise<void> {
  await trx.updateTable('backup_snapshots').set({ video_ids: toDbJson(videoIds), item_count: videoIds.length }).where('id', '=', snapshotId).execute();
}

export async function markSnapshotDeleted(trx: Trx, snapshotId: number, now: Date): Promise<void> {
  await trx.updateTable('backup_snapshots').set({ deleted_from_youtube_at: toDbTime(now) }).where('id', '=', snapshotId).execute();
}

/** A restore put these snapshots' videos back: they are done. */
export async function markSnapshotsRestoredAt(trx: Trx, snapshotIds: readonly number[], now: Date): Promise<void> {
  if (snapshotIds.length === 0) return;
  await trx.updateTable('backup_snapshots').set({ restored_at: toDbTime(now) }).where('id', 'in', [...snapshotIds]).execute();
}

export async function markSnapshotRestored(trx: Trx, snapshotId: number, playlistId: string): Promise<void> {
  await trx.updateTable('backup_snapshots').set({ restored_playlist_id: playlistId }).where('id', '=', snapshotId).execute();
}

function toSnapshot(row: Selectable<BackupSnapshotsTable>): BackupSnapshot {
  return {
    id: Number(row.id),
    jobId: Number(row.job_id),
    channelId: row.channel_id,
    playlistId: row.youtube_playlist_id,
    title: row.title,
    description: row.description,
    privacyStatus: row.privacy_status,
    itemCount: Number(row.item_count),
    videoIds: row.video_ids === null ? null : (fromDbJson<string[]>(row.video_ids) ?? []),
    deletedFromYoutubeAt: row.deleted_from_youtube_at === null ? null : fromDbTime(row.deleted_from_youtube_at),
    restoredPlaylistId: row.restored_playlist_id,
    restoredAt: row.restored_at === null ? null : fromDbTime(row.restored_at),
  };
}
