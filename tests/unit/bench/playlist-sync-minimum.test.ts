import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { checkSyncedChannel, syncCheckPassed } from '../../../bench/playlist-sync-check.js';
import { listPages, minimumSyncUnits } from '../../../bench/playlist-sync-minimum.js';

describe('minimumSyncUnits', () => {
  it('reads a page per 50 playlists and per 50 items of each, an empty one still a page, and 50 units a write', () => {
    // 3 playlists: 1 page; items 120 → 3 pages, 50 → 1, 0 → 1.
    expect(minimumSyncUnits({ playlistItemCounts: [120, 50, 0], created: 6, added: 480, deleted: 3 })).toEqual({
      backupReads: 1 + 3 + 1 + 1,
      writes: 489,
      writeUnits: 24_450,
      total: 24_456,
    });
  });

  it('needs one list call for a channel with no playlists', () => {
    expect(minimumSyncUnits({ playlistItemCounts: [], created: 1, added: 0, deleted: 0 })).toEqual({ backupReads: 1, writes: 1, writeUnits: 50, total: 51 });
  });

  it('takes a second playlists page at 51 playlists', () => {
    expect(minimumSyncUnits({ playlistItemCounts: Array(51).fill(1), created: 0, added: 0, deleted: 0 }).backupReads).toBe(2 + 51);
  });

  test.prop([fc.nat({ max: 10_000 })])('listPages covers the entries in pages of 50 with none to spare', (count) => {
    const pages = listPages(count);
    expect(pages * 50).toBeGreaterThanOrEqual(count);
    expect(pages === 1 || (pages - 1) * 50 < count).toBe(true);
  });
});

describe('checkSyncedChannel', () => {
  const categories = [
    { name: 'A', videoIds: ['v1', 'v2', 'v3'] },
    { name: 'B', videoIds: ['v4'] },
  ];

  it('passes a channel holding each category once, each video once, the replaced playlist gone', () => {
    const after = [
      { id: 'P1', title: 'A', videoIds: ['v1', 'v2', 'v3'] },
      { id: 'P2', title: 'B', videoIds: ['v4'] },
      { id: 'KEPT', title: 'Other', videoIds: ['v1', 'v1'] },
    ];
    const check = checkSyncedChannel(after, categories, ['OLD']);
    expect(check).toEqual({ duplicateItems: 0, duplicatePlaylists: 0, missingVideos: 0, extraVideos: 0, missingPlaylists: 0, replacedLeft: 0 });
    expect(syncCheckPassed(check)).toBe(true);
  });

  it('counts an item added twice, a playlist created twice, a missing video, a stray one and a replaced playlist left', () => {
    const after = [
      { id: 'P1', title: 'A', videoIds: ['v1', 'v1', 'v9'] },
      { id: 'P1b', title: 'A', videoIds: ['v2'] },
      { id: 'OLD', title: 'Old', videoIds: [] },
    ];
    const check = checkSyncedChannel(after, categories, ['OLD']);
    expect(check).toEqual({ duplicateItems: 1, duplicatePlaylists: 1, missingVideos: 1 + 1, extraVideos: 1, missingPlaylists: 1, replacedLeft: 1 });
    expect(syncCheckPassed(check)).toBe(false);
  });
});
