import type * as z from 'zod';
import type { playlistItemSchema, playlistSchema } from './youtube.schemas.js';

/** A YouTube playlist as Sluice reads it. */
export interface Playlist {
  id: string;
  title: string;
  description: string;
  privacyStatus: string;
  itemCount: number;
}

export interface PlaylistPage {
  playlists: Playlist[];
  nextPageToken: string | null;
}

export interface PlaylistItem {
  id: string;
  videoId: string;
}

export interface PlaylistItemPage {
  items: PlaylistItem[];
  nextPageToken: string | null;
}

/** Pure: a playlist resource → Playlist (absent parts read as empty). */
export function toPlaylist(raw: z.infer<typeof playlistSchema>): Playlist {
  return {
    id: raw.id,
    title: raw.snippet?.title ?? '',
    description: raw.snippet?.description ?? '',
    privacyStatus: raw.status?.privacyStatus ?? 'private',
    itemCount: raw.contentDetails?.itemCount ?? 0,
  };
}

/** Pure: a playlistItem resource → its id and video (contentDetails or the snippet's resourceId). */
export function toPlaylistItem(raw: z.infer<typeof playlistItemSchema>): PlaylistItem {
  return { id: raw.id, videoId: raw.contentDetails?.videoId ?? raw.snippet?.resourceId?.videoId ?? '' };
}
