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

/** Every page of a list call in turn (`pageToken` null for the first), until the last has no next token. */
export async function collectPages<T>(page: (pageToken: string | null) => Promise<{ items: T[]; next: string | null }>): Promise<T[]> {
  const all: T[] = [];
  let pageToken: string | null = null;
  do {
    const current: { items: T[]; next: string | null } = await page(pageToken);
    all.push(...current.items);
    pageToken = current.next;
  } while (pageToken);
  return all;
}
