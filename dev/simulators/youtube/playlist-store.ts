/**
 * The simulator's playlists and their items: what playlists.* and playlistItems.* read and write,
 * and what `playlists(channelId)` tells a test. Ids come from a counter, so runs repeat: playlists
 * 'PL' + 32 base64url chars, items base64url of '<playlistId>.<16 chars>' (Google's item ids are
 * opaque base64 of that shape too).
 */
import { youtubeStyleId } from './synthetic-data.js';

export type PrivacyStatus = 'public' | 'unlisted' | 'private';
export const PRIVACY_STATUSES: readonly PrivacyStatus[] = ['public', 'unlisted', 'private'];

export interface StoredItem {
  id: string;
  videoId: string;
  publishedAt: string;
}

export interface StoredPlaylist {
  id: string;
  channelId: string;
  title: string;
  description: string;
  privacyStatus: PrivacyStatus;
  publishedAt: string;
  /** In position order; the same video may appear more than once, as YouTube allows. */
  items: StoredItem[];
}

export type NewPlaylist = Pick<StoredPlaylist, 'title' | 'description' | 'privacyStatus'>;

export class PlaylistStore {
  /** In creation order. */
  private readonly playlists = new Map<string, StoredPlaylist>();
  private created = 0;

  create(channelId: string, fields: NewPlaylist, publishedAt: string): StoredPlaylist {
    const id = `PL${youtubeStyleId(`playlist/${++this.created}`, 32, 6)}`;
    const playlist = { id, channelId, ...fields, publishedAt, items: [] };
    this.playlists.set(id, playlist);
    return playlist;
  }

  get(id: string): StoredPlaylist | null {
    return this.playlists.get(id) ?? null;
  }

  /** The channel's playlists, oldest first. */
  ofChannel(channelId: string): StoredPlaylist[] {
    return [...this.playlists.values()].filter((playlist) => playlist.channelId === channelId);
  }

  delete(id: string): void {
    this.playlists.delete(id);
  }

  /** Adds `videoId` at `position` (default: the end); the caller has checked the position. */
  addItem(playlist: StoredPlaylist, videoId: string, position: number | undefined, publishedAt: string): StoredItem {
    const id = Buffer.from(`${playlist.id}.${youtubeStyleId(`item/${++this.created}`, 16, 6)}`).toString('base64url');
    const item = { id, videoId, publishedAt };
    playlist.items.splice(position ?? playlist.items.length, 0, item);
    return item;
  }

  findItem(itemId: string): { playlist: StoredPlaylist; item: StoredItem } | null {
    for (const playlist of this.playlists.values()) {
      const item = playlist.items.find((candidate) => candidate.id === itemId);
      if (item) return { playlist, item };
    }
    return null;
  }
}
