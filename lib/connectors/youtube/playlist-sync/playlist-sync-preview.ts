import { DATA_API_UNITS } from '../data-api-units.js';
import type { Playlist } from '../playlists.js';

/**
 * The seed-003 preview, snake_case: what each stage will do and its quota units, before the
 * sync starts. Pure: built from what the preview read (the channel's playlists, the items of the
 * playlists it reuses) and the quota's state.
 */
export interface PlaylistSyncPreview {
  stages: {
    /** Reading every playlist and its items into `backup_snapshots` (1 unit a page of 50). */
    backup: { count: number; quota_cost: number };
    create_playlists: { count: number; quota_cost: number; items: { category_name: string }[] };
    add_videos: {
      count: number;
      quota_cost: number;
      by_category: { category_name: string; playlist_id: string | null; video_count: number; already_present: number }[];
    };
    delete_playlists: { count: number; quota_cost: number; items: { playlist_id: string; title: string; item_count: number }[] };
  };
  total_quota_cost: number;
  /** Days the Data API quota spreads the work over, from what is left of today's and the daily limit. */
  estimated_days: number;
  daily_quota_limit: number | null;
  quota_left_today: number | null;
  /** Units the preview itself spent reading the channel. */
  preview_quota_cost: number;
}

/** A category as the preview found it: its playlist on the channel (if any) and the videos already in it. */
export interface PreviewCategory {
  name: string;
  videoIds: readonly string[];
  playlistId: string | null;
  /** The videos its playlist holds now (empty for a playlist to create). */
  present: ReadonlySet<string>;
}

/** Pages of 50 a list call reads: an empty list still takes one call. */
export function pagesOf(count: number): number {
  return Math.max(1, Math.ceil(count / 50));
}

/** Units the backup spends: the playlist pages, then each playlist's item pages. */
export function backupCost(playlists: readonly Pick<Playlist, 'itemCount'>[]): number {
  return pagesOf(playlists.length) * DATA_API_UNITS.list + playlists.reduce((sum, p) => sum + pagesOf(p.itemCount) * DATA_API_UNITS.list, 0);
}

/** Pure: the preview of a sync (or, with no deletes, a restore) from what was read and the quota. */
export function buildPreview(input: {
  playlists: readonly Playlist[];
  categories: readonly PreviewCategory[];
  toDelete: readonly Playlist[];
  quota: { dailyLimit: number | null; usedToday: number };
  previewUnits: number;
}): PlaylistSyncPreview {
  const write = DATA_API_UNITS.write;
  const toCreate = input.categories.filter((c) => c.playlistId === null);
  const byCategory = input.categories.map((c) => {
    const unique = [...new Set(c.videoIds)];
    const alreadyPresent = unique.filter((id) => c.present.has(id)).length;
    return { category_name: c.name, playlist_id: c.playlistId, video_count: unique.length - alreadyPresent, already_present: alreadyPresent };
  });
  const videos = byCategory.reduce((sum, c) => sum + c.video_count, 0);
  const stages = {
    backup: { count: input.playlists.length, quota_cost: backupCost(input.playlists) },
    create_playlists: { count: toCreate.length, quota_cost: toCreate.length * write, items: toCreate.map((c) => ({ category_name: c.name })) },
    add_videos: { count: videos, quota_cost: videos * write, by_category: byCategory },
    delete_playlists: {
      count: input.toDelete.length,
      quota_cost: input.toDelete.length * write,
      items: input.toDelete.map((p) => ({ playlist_id: p.id, title: p.title, item_count: p.itemCount })),
    },
  };
  const total = stages.backup.quota_cost + stages.create_playlists.quota_cost + stages.add_videos.quota_cost + stages.delete_playlists.quota_cost;
  const { dailyLimit, usedToday } = input.quota;
  const left = dailyLimit === null ? null : Math.max(0, dailyLimit - usedToday);
  return {
    stages,
    total_quota_cost: total,
    estimated_days: estimatedDays(total, left, dailyLimit),
    daily_quota_limit: dailyLimit,
    quota_left_today: left,
    preview_quota_cost: input.previewUnits,
  };
}

/** Pure: today's part of `units` fits in what is left; the rest takes whole days of `limit`. */
export function estimatedDays(units: number, leftToday: number | null, limit: number | null): number {
  if (units === 0) return 0;
  if (leftToday === null || limit === null || units <= leftToday) return 1;
  return 1 + Math.ceil((units - leftToday) / limit);
}
