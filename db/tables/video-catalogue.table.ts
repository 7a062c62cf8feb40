import type { DbTime } from '../values.js';

/** `videos`: one row per (`channel_id`, `video_id`) of a channel's uploads playlist (DESIGN.md "Tables"). */
export interface VideosTable {
  channel_id: string;
  video_id: string;
  title: string;
  published_at: DbTime;
  updated_at: DbTime;
}

/**
 * `video_catalogues`: how much of a channel's catalogue `videos` holds. Every video published
 * before `complete_through` is there; `newest_published_at` is the newest of them, where the
 * next incremental refresh stops. A refresh in progress holds the lease and keeps the page it
 * reached, so another invocation goes on from there instead of starting over.
 */
export interface VideoCataloguesTable {
  channel_id: string;
  uploads_playlist_id: string | null;
  /** `statistics.videoCount` as `channels.list` last reported it: what the preview counts before the catalogue is read. */
  video_count: number | null;
  complete_through: DbTime | null;
  newest_published_at: DbTime | null;
  /** When the last refresh that read every page began (a weekly full read catches what stopping early could miss). */
  full_read_at: DbTime | null;
  /** When the refresh in progress began (it becomes `complete_through` when it ends). */
  refresh_started_at: DbTime | null;
  /** The page the refresh in progress saved last (`''`: the first); a refresh cut short reads it again, then goes on. */
  refresh_page_token: string | null;
  lease_token: string | null;
  lease_expires_at: DbTime | null;
  updated_at: DbTime;
}
