/**
 * The channel after a playlist sync against what the request asked for (bench/playlist-sync.bench.ts):
 * each category's playlist once, holding each of its videos once, none missing, and the replaced
 * playlists gone. Pure: takes the simulator's truth as plain data.
 */
export interface ChannelPlaylist {
  id: string;
  title: string;
  /** In position order, duplicates kept. */
  videoIds: readonly string[];
}

export interface RequestedCategory {
  name: string;
  videoIds: readonly string[];
}

export interface SyncCheck {
  /** Items beyond the first of the same video in the same playlist, over the categories' playlists. */
  duplicateItems: number;
  /** Playlists beyond the first with a category's title. */
  duplicatePlaylists: number;
  /** Requested videos absent from their category's playlist (all of them when it has none). */
  missingVideos: number;
  /** Videos in a category's playlist that the request did not name for it. */
  extraVideos: number;
  /** Categories with no playlist of their title. */
  missingPlaylists: number;
  /** Replaced playlists still on the channel. */
  replacedLeft: number;
}

export function checkSyncedChannel(after: readonly ChannelPlaylist[], categories: readonly RequestedCategory[], replacedIds: readonly string[]): SyncCheck {
  const check: SyncCheck = { duplicateItems: 0, duplicatePlaylists: 0, missingVideos: 0, extraVideos: 0, missingPlaylists: 0, replacedLeft: 0 };
  for (const category of categories) {
    const playlists = after.filter((p) => p.title === category.name);
    const wanted = new Set(category.videoIds);
    if (playlists.length === 0) {
      check.missingPlaylists += 1;
      check.missingVideos += wanted.size;
      continue;
    }
    check.duplicatePlaylists += playlists.length - 1;
    const held = new Set<string>();
    for (const playlist of playlists) {
      const seen = new Set<string>();
      for (const videoId of playlist.videoIds) {
        if (seen.has(videoId)) check.duplicateItems += 1;
        else if (!wanted.has(videoId)) check.extraVideos += 1;
        seen.add(videoId);
        held.add(videoId);
      }
    }
    check.missingVideos += [...wanted].filter((videoId) => !held.has(videoId)).length;
  }
  const ids = new Set(after.map((p) => p.id));
  check.replacedLeft = replacedIds.filter((id) => ids.has(id)).length;
  return check;
}

/** Nothing twice, nothing missing, nothing left that should have gone. */
export const syncCheckPassed = (check: SyncCheck): boolean => Object.values(check).every((n) => n === 0);
