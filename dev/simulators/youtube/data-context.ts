/** What a Data API answer needs to know about the caller and the simulator's state. */
import type { ChannelProfile } from './channels-list.js';
import type { PlaylistStore } from './playlist-store.js';
import type { VideoCatalogue } from './video-catalogue.js';

export interface DataContext {
  /** The channel of the request's access token. */
  own: ChannelProfile;
  /** A registered channel's profile, else null. */
  channel(id: string): ChannelProfile | null;
  playlists: PlaylistStore;
  videos: VideoCatalogue;
  /** ISO time of this request: a write's publishedAt. */
  now: string;
}

/** A write's JSON body; undefined when it is not a JSON object. */
export function jsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `value[key]` when `value` is an object, else undefined: for reading loosely typed request bodies. */
export const field = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
