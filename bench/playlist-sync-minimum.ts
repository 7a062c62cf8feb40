/**
 * The fewest Data API units a playlist sync can be done with (bench/playlist-sync.bench.ts), at
 * Google's prices (https://developers.google.com/youtube/v3/determine_quota_cost: a list call 1
 * unit, an insert or delete 50): the backup reads every playlist of the channel, a page of 50
 * playlists at a time, then each playlist's items, a page of 50 at a time — an empty list still
 * takes one call — and every write is made once. Written apart from lib/ on purpose: the bench
 * judges Sluice's arithmetic, it does not borrow it.
 */
const PAGE_SIZE = 50;
const LIST_UNITS = 1;
const WRITE_UNITS = 50;

/** List calls to read `count` entries, 50 a page: an empty list is still one call. */
export function listPages(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE));
}

export interface SyncWork {
  /** The items of every playlist on the channel when the sync began (what the backup reads). */
  playlistItemCounts: readonly number[];
  created: number;
  added: number;
  deleted: number;
}

export interface MinimumUnits {
  backupReads: number;
  writes: number;
  /** Units of the writes (50 each). */
  writeUnits: number;
  total: number;
}

export function minimumSyncUnits(work: SyncWork): MinimumUnits {
  const backupReads = listPages(work.playlistItemCounts.length) + work.playlistItemCounts.reduce((sum, items) => sum + listPages(items), 0);
  const writes = work.created + work.added + work.deleted;
  const writeUnits = writes * WRITE_UNITS;
  return { backupReads, writes, writeUnits, total: backupReads * LIST_UNITS + writeUnits };
}
