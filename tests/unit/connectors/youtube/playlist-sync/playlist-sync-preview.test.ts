import { fc, test } from '@fast-check/jest';
import { describe, expect, it } from '@jest/globals';
import { backupCost, buildPreview, estimatedDays } from '../../../../../lib/connectors/youtube/playlist-sync/playlist-sync-preview.js';
import { categoryDescription, markedCategory, resolveCategoryPlaylist, restorableSnapshots, targetOperations, type SyncTarget } from '../../../../../lib/connectors/youtube/playlist-sync/sync-targets.js';
import type { BackupSnapshot } from '../../../../../lib/connectors/youtube/playlist-sync/backup-snapshots.repository.js';

const playlist = (id: string, itemCount: number) => ({ id, title: id, description: '', privacyStatus: 'private', itemCount });

describe('buildPreview', () => {
  it("prices each stage in Google's units: 50 a write, 1 a page of 50 read", () => {
    const preview = buildPreview({
      playlists: [playlist('PLold', 120), playlist('PLreused', 3)],
      categories: [
        { name: 'New', videoIds: ['a', 'b', 'b'], playlistId: null, present: new Set() },
        { name: 'Reused', videoIds: ['c', 'd', 'e'], playlistId: 'PLreused', present: new Set(['c', 'x']) },
      ],
      toDelete: [playlist('PLold', 120)],
      quota: { dailyLimit: 10_000, usedToday: 9_800 },
      previewUnits: 3,
    });
    expect(preview.stages).toEqual({
      backup: { count: 2, quota_cost: 1 + 3 + 1 },
      create_playlists: { count: 1, quota_cost: 50, items: [{ category_name: 'New' }] },
      add_videos: {
        count: 4,
        quota_cost: 200,
        by_category: [
          { category_name: 'New', playlist_id: null, video_count: 2, already_present: 0 },
          { category_name: 'Reused', playlist_id: 'PLreused', video_count: 2, already_present: 1 },
        ],
      },
      delete_playlists: { count: 1, quota_cost: 50, items: [{ playlist_id: 'PLold', title: 'PLold', item_count: 120 }] },
    });
    expect(preview).toMatchObject({ total_quota_cost: 305, daily_quota_limit: 10_000, quota_left_today: 200, estimated_days: 2, preview_quota_cost: 3 });
  });

  it('costs a channel with no playlist one read', () => {
    expect(backupCost([])).toBe(1);
  });
});

describe('estimatedDays', () => {
  it.each([
    [0, 100, 10_000, 0],
    [100, 100, 10_000, 1],
    [101, 100, 10_000, 2],
    [20_100, 100, 10_000, 3],
    [500, null, null, 1],
  ])('%i units with %s left of %s a day: %i days', (units, left, limit, days) => {
    expect(estimatedDays(units, left, limit)).toBe(days);
  });

  test.prop([fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 10_000 })])('the days hold the units, and one day fewer would not', (units, leftRaw, limit) => {
    const left = Math.min(leftRaw, limit);
    const days = estimatedDays(units, left, limit);
    expect(left + (days - 1) * limit).toBeGreaterThanOrEqual(units);
    if (days > 1) expect(left + (days - 2) * limit).toBeLessThan(units);
  });
});

describe('targetOperations', () => {
  const target = (key: string, playlistId: string | null, videoIds: string[]): SyncTarget => ({
    key,
    categoryId: 1,
    snapshotId: null,
    title: key,
    description: '',
    privacyStatus: 'private',
    playlistId,
    videoIds,
  });
  const snapshot = (playlistId: string, videoIds: string[]) => ({ playlistId, videoIds }) as BackupSnapshot;

  it('each video once: skipped when its playlist held it, failed with a playlist that could not be created, else pending', () => {
    const ops = targetOperations(
      [target('category:1', 'PL1', ['a', 'b', 'a']), target('category:2', null, ['c']), target('category:3', 'PLnew', ['d'])],
      [snapshot('PL1', ['b'])],
      ['category:2'],
    );
    expect(ops.map((op) => [op.target, op.videoId, op.status])).toEqual([
      ['category:1', 'a', 'pending'],
      ['category:1', 'b', 'skipped'],
      ['category:2', 'c', 'failed'],
      ['category:3', 'd', 'pending'],
    ]);
    expect(ops[2]!.errorMessage).toBe('its playlist could not be created');
  });
});

describe('resolveCategoryPlaylist', () => {
  const channel = [
    { id: 'PL10', description: categoryDescription(10) },
    { id: 'PLmine', description: 'my own (sluice:category:1 was here)' },
    { id: 'PL1', description: categoryDescription(1) },
  ];
  it('takes the recorded playlist when the channel has it, else the one marked for the category — the whole id, never a prefix', () => {
    expect(resolveCategoryPlaylist({ id: 1, youtubePlaylistId: 'PL10' }, channel)).toBe('PL10');
    expect(resolveCategoryPlaylist({ id: 1, youtubePlaylistId: 'PLgone' }, channel)).toBe('PL1');
    expect(resolveCategoryPlaylist({ id: 1, youtubePlaylistId: null }, channel.slice(0, 2))).toBeNull();
    expect(resolveCategoryPlaylist({ id: 10, youtubePlaylistId: null }, channel)).toBe('PL10');
    expect(resolveCategoryPlaylist({ id: 137, youtubePlaylistId: null }, channel)).toBeNull();
  });

  it('reads the marker it writes', () => {
    expect(markedCategory(categoryDescription(42))).toBe(42);
    expect(markedCategory('sluice:category:42')).toBeNull();
  });
});

describe('restorableSnapshots', () => {
  const at = new Date('2026-11-29T12:00:00Z');
  const snapshot = (id: number, deleted: Date | null, restoredPlaylistId: string | null, restoredAt: Date | null) => ({ id, deletedFromYoutubeAt: deleted, restoredPlaylistId, restoredAt }) as BackupSnapshot;
  it('brings back what the sync deleted and no restore finished — a half-done restore is taken up again', () => {
    const ids = restorableSnapshots([snapshot(1, null, null, null), snapshot(2, at, null, null), snapshot(3, at, 'PLhalf', null), snapshot(4, at, 'PLdone', at)]).map((s) => s.id);
    expect(ids).toEqual([2, 3]);
  });
});
