import type { Generated } from 'kysely';
import type { DbTime } from '../values.js';

/** `categories`: a creator's category of videos on a channel, and the playlist that holds it (DESIGN.md "Tables"). */
export interface CategoriesTable {
  id: Generated<number>;
  tenant_id: string;
  channel_id: string;
  /** UNIQUE with the tenant and channel; the playlist's title. */
  name: string;
  /** The YouTube playlist a sync created or reused for it; NULL until then. */
  youtube_playlist_id: string | null;
  created_at: DbTime;
  updated_at: DbTime;
}

/** `category_videos`: the videos of a category, in the order the request gave them. */
export interface CategoryVideosTable {
  category_id: number;
  youtube_video_id: string;
  position: number;
}

export const SYNC_VIDEO_STATUSES = ['pending', 'completed', 'failed', 'skipped'] as const;
export type SyncVideoStatus = (typeof SYNC_VIDEO_STATUSES)[number];

/**
 * `sync_video_operations`: one video a playlist-sync job puts into a playlist. `sent_at` is set,
 * in its own commit, before the insert goes out and cleared when the answer is known: a row
 * still `pending` with `sent_at` is an insert whose outcome is unknown, looked up in the
 * playlist before it is sent again (YouTube's inserts are not idempotent).
 */
export interface SyncVideoOperationsTable {
  id: Generated<number>;
  job_id: number;
  /** `category:{id}` for a sync, `snapshot:{id}` for a restore: whose playlist the video goes into. */
  target: string;
  category_id: number | null;
  backup_snapshot_id: number | null;
  youtube_video_id: string;
  status: SyncVideoStatus;
  error_message: string | null;
  sent_at: DbTime | null;
  playlist_item_id: string | null;
  completed_at: DbTime | null;
}

/** `backup_snapshots`: one of the channel's playlists as a sync found it, before it wrote anything. */
export interface BackupSnapshotsTable {
  id: Generated<number>;
  job_id: number;
  tenant_id: string;
  channel_id: string;
  youtube_playlist_id: string;
  title: string;
  description: string;
  privacy_status: string;
  item_count: number;
  /** JSON array of the video ids in position order; NULL until the items were read. */
  video_ids: string | null;
  /** Set when the sync deleted the playlist from YouTube. */
  deleted_from_youtube_at: DbTime | null;
  /** The playlist a restore recreated it as (set when created, before its videos are back). */
  restored_playlist_id: string | null;
  /** When a restore finished putting its videos back; until then a new restore takes it up again. */
  restored_at: DbTime | null;
  created_at: DbTime;
}
