import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeEachEngine } from '../../support/engines.js';
import { dispatchUntilIdle, expectPlaylistsToEqual, minimumUnits, startPlaylistSyncRig, threeCategories, type PlaylistSyncRig } from '../../support/playlist-sync-rig.js';

// Issue 13, "never twice": YouTube makes a write and the answer is lost — the socket dropped
// (commitThenTimeout) or a 500 in place of the result (commitThenServerError) — with no crash.
// Sluice must look each one up before sending it again: no video added twice, no playlist
// created twice, the replaced playlist deleted once.

/** Short of the client's 10 s timeout: the socket is dropped, which the client sees at once as a lost answer. */
const DROP_AFTER_MS = 200;

describeEachEngine('playlist sync: writes whose answer was lost', (engine) => {
  let rig: PlaylistSyncRig;
  beforeAll(async () => {
    rig = await startPlaylistSyncRig({ engine });
  });
  afterAll(() => rig?.close());

  it('looks every lost answer up: no duplicate item, no duplicate playlist, the old playlist deleted once', async () => {
    const { sim, api, db } = rig;
    const { channelId, videos } = await rig.connect('lost', `lost-${engine}`);
    const old = sim.seedPlaylist(channelId, { title: 'Everything', videoIds: videos.slice(0, 12) });
    const categories = threeCategories(videos);
    const data = { api: 'data' as const };
    sim.injectFaults([
      { ...data, kind: 'commitThenTimeout', endpoint: 'data.playlists.insert', after: 1, timeoutMs: DROP_AFTER_MS }, // the 2nd playlist
      { ...data, kind: 'commitThenTimeout', endpoint: 'data.playlistItems.insert', after: 1, timeoutMs: DROP_AFTER_MS }, // the 2nd video
      { ...data, kind: 'commitThenServerError', endpoint: 'data.playlistItems.insert', after: 4 }, // the 7th video (4 pass after the 2nd's fault)
      { ...data, kind: 'commitThenServerError', endpoint: 'data.playlists.delete' },
    ]);
    const created = await api.call('/api/admin/playlist-sync', { body: { tenant_id: 'lost', channel_id: channelId, categories, replace_playlist_ids: [old] } });
    expect(created.status).toBe(201);
    const unitsAtCreate = sim.dataUnitsUsed().total;
    await dispatchUntilIdle(api, db);

    const done = await api.job(created.body.id);
    expect(done).toMatchObject({ status: 'succeeded', stage: 'completed' });
    expect(done.stage_results).toEqual({
      backup: { succeeded: 1, failed: 0, skipped: 0 },
      create_playlists: { succeeded: 3, failed: 0, skipped: 0 },
      add_videos: { succeeded: 12, failed: 0, skipped: 0 },
      delete_playlists: { succeeded: 1, failed: 0, skipped: 0 },
    });
    expectPlaylistsToEqual(sim.playlists(channelId), categories);
    const stats = sim.stats();
    // Each fault met its write: the answers were lost, and none of the writes was sent again.
    expect(stats['data.playlists.insert'].byStatus).toEqual({ '200': 2, destroyed: 1 });
    expect(stats['data.playlistItems.insert'].byStatus).toEqual({ '200': 10, destroyed: 1, '500': 1 });
    expect(stats['data.playlists.delete'].byStatus).toEqual({ '500': 1 });
    // The units: the minimum, and a lookup for each lost answer (a playlist list for the create
    // and the delete, an item list for each video).
    const minimum = minimumUnits({ existingPlaylists: 1, creates: 3, adds: 12, deletes: 1 });
    const charged = sim.dataUnitsUsed().total - unitsAtCreate;
    expect(charged).toBeGreaterThanOrEqual(minimum + 4);
    expect(charged).toBeLessThanOrEqual(minimum + 6);
    expect(await db.selectFrom('backup_snapshots').select('deleted_from_youtube_at').where('job_id', '=', created.body.id).executeTakeFirstOrThrow()).toEqual({ deleted_from_youtube_at: expect.anything() });
  }, 30_000);
});
