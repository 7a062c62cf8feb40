import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { toDbTime } from '../../../db/values.js';
import { playlistRestorePreviewSchema, playlistSyncJobSchema, playlistSyncPreviewAnswerSchema } from '../../../lib/connectors/youtube/playlist-sync/playlist-sync.api-schemas.js';
import { describeEachEngine } from '../../support/engines.js';
import { dispatchUntilIdle as drain, expectPlaylistsToEqual, startPlaylistSyncRig, threeCategories, type PlaylistSyncRig } from '../../support/playlist-sync-rig.js';

// Playlist write-sync over HTTP (issue 13, seed 003): the admin API → the dispatcher → the
// real @googleapis/youtube client → the simulator's Data API on loopback, whose playlists and
// charged units are the truth the tests compare against.
describeEachEngine('playlist sync end to end', (engine) => {
  let rig: PlaylistSyncRig;
  let channelId: string;
  let videos: string[];
  let tenant = 0;

  beforeAll(async () => {
    rig = await startPlaylistSyncRig({ engine });
  });
  afterAll(() => rig?.close());

  const call: PlaylistSyncRig['api']['call'] = (path, options) => rig.api.call(path, options);
  const dispatchUntilIdle = () => drain(rig.api, rig.db);
  const job = (id: number) => rig.api.job(id);

  /** A fresh tenant and channel connected with write access; its analytics backfill is drained. */
  beforeEach(async () => {
    tenant += 1;
    ({ channelId, videos } = await rig.connect(`t${tenant}`, `creator-${engine}-${tenant}`));
  });

  const request = (extra: Record<string, unknown> = {}) => ({
    tenant_id: `t${tenant}`,
    channel_id: channelId,
    categories: threeCategories(videos),
    ...extra,
  });

  it('previews, syncs three categories exactly, deletes the replaced playlist, and charges what the preview said', async () => {
    const { sim } = rig;
    const old = sim.seedPlaylist(channelId, { title: 'Everything', videoIds: videos.slice(0, 12) });
    const unitsBefore = sim.dataUnitsUsed().total;
    const preview = await call('/api/admin/playlist-sync/preview', { body: request({ replace_playlist_ids: [old] }) });
    expect(preview.status).toBe(200);
    expect(preview.body.stages.create_playlists).toMatchObject({ count: 3, quota_cost: 150 });
    expect(preview.body.stages.add_videos).toMatchObject({ count: 12, quota_cost: 600 });
    expect(preview.body.stages.delete_playlists).toMatchObject({ count: 1, quota_cost: 50, items: [{ playlist_id: old, title: 'Everything', item_count: 12 }] });
    expect(preview.body.stages.backup).toEqual({ count: 1, quota_cost: 2 });
    expect(preview.body.total_quota_cost).toBe(802);
    expect(preview.body).toMatchObject({ estimated_days: 1, daily_quota_limit: 10_000 });
    expect(sim.dataUnitsUsed().total - unitsBefore).toBe(preview.body.preview_quota_cost);
    // The answers are what the OpenAPI document says they are.
    expect(playlistSyncPreviewAnswerSchema.safeParse(preview.body).error).toBeUndefined();

    const created = await call('/api/admin/playlist-sync', { body: request({ replace_playlist_ids: [old] }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'playlist-sync', stage: 'backup' });
    const afterCreate = sim.dataUnitsUsed().total;
    await dispatchUntilIdle();

    const done = await job(created.body.id);
    expect(done).toMatchObject({ status: 'succeeded', stage: 'completed', pause_reason: null, quota_used_this_sync: 802 });
    expect(playlistSyncJobSchema.safeParse(done).error).toBeUndefined();
    // Its budget is the Data API's (units a day), not the platform's Analytics one.
    expect(done.budget).toMatchObject({ daily_quota: 10_000 });
    expect(done.stage_results).toEqual({
      backup: { succeeded: 1, failed: 0, skipped: 0 },
      create_playlists: { succeeded: 3, failed: 0, skipped: 0 },
      add_videos: { succeeded: 12, failed: 0, skipped: 0 },
      delete_playlists: { succeeded: 1, failed: 0, skipped: 0 },
    });
    expect(sim.dataUnitsUsed().total - afterCreate).toBe(preview.body.total_quota_cost);
    expectPlaylistsToEqual(sim.playlists(channelId), threeCategories(videos));
    const snapshot = await rig.db.selectFrom('backup_snapshots').selectAll().where('job_id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(JSON.parse(snapshot.video_ids!)).toEqual(videos.slice(0, 12));
    expect(snapshot.deleted_from_youtube_at).not.toBeNull();

    // A second sync with one more video reuses the playlists and adds just that one.
    const again = await call('/api/admin/playlist-sync/preview', {
      body: { ...request(), categories: [{ name: 'Tutorials', video_ids: videos.slice(0, 6) }, ...request().categories.slice(1)] },
    });
    expect(again.body.stages.create_playlists.count).toBe(0);
    expect(again.body.stages.add_videos.by_category[0]).toMatchObject({ category_name: 'Tutorials', video_count: 1, already_present: 5 });
  });

  it('answers 409 without the write scope, and 400 naming a playlist that is not the channel\'s', async () => {
    const readOnly = await call('/api/oauth/youtube/exchange', { body: { tenant_id: 'reader', code: rig.sim.issueCode(`reader-${engine}`) } });
    const refused = await call('/api/admin/playlist-sync/preview', { body: { tenant_id: 'reader', channel_id: readOnly.body.channel_id, categories: [{ name: 'A', video_ids: [] }] } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('access=write');
    const bad = await call('/api/admin/playlist-sync', { body: request({ replace_playlist_ids: ['PLnotthechannels000000000000000000'] }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('replace_playlist_ids[0]');
    expect(await rig.db.selectFrom('categories').selectAll().where('tenant_id', '=', `t${tenant}`).execute()).toEqual([]);
  });

  it('fails a refused video alone, keeps the replaced playlist, and lets restore bring a deleted playlist back', async () => {
    const { sim } = rig;
    sim.hideVideos([videos[6]!]);
    const old = sim.seedPlaylist(channelId, { title: 'Old mix', description: 'mine', videoIds: videos.slice(2, 4) });
    const created = await call('/api/admin/playlist-sync', { body: request({ replace_playlist_ids: [old] }) });
    await dispatchUntilIdle();
    const done = await job(created.body.id);
    expect(done.stage_results.add_videos).toEqual({ succeeded: 11, failed: 1, skipped: 0 });
    expect(done.stage_results.delete_playlists).toEqual({ succeeded: 0, failed: 0, skipped: 1 });
    expect(done.errors.some((e: any) => e.entity_id === videos[6] && /videoNotFound/.test(e.message))).toBe(true);
    expect(playlistSyncJobSchema.safeParse(done).error).toBeUndefined();
    expect(sim.playlists(channelId).find((p) => p.title === 'Vlogs')!.videoIds).toEqual([videos[5], videos[7], videos[8]]);
    expect(sim.playlists(channelId).some((p) => p.id === old)).toBe(true);
    sim.showVideos([videos[6]!]);

    // Again, allowed to delete despite failures: the old playlist goes, then restore brings it back.
    const second = await call('/api/admin/playlist-sync', { body: request({ replace_playlist_ids: [old], delete_despite_failures: true }) });
    await dispatchUntilIdle();
    expect((await job(second.body.id)).stage_results.delete_playlists.succeeded).toBe(1);
    expect(sim.playlists(channelId).some((p) => p.id === old)).toBe(false);
    const restorePreview = await call(`/api/admin/playlist-sync/${second.body.id}/restore`, { body: { preview: true } });
    expect(restorePreview.status).toBe(200);
    expect(playlistRestorePreviewSchema.safeParse(restorePreview.body).error).toBeUndefined();
    expect(restorePreview.body.playlists).toEqual([{ snapshot_id: expect.any(Number), playlist_id: old, title: 'Old mix', video_count: 2 }]);
    const restore = await call(`/api/admin/playlist-sync/${second.body.id}/restore`, { body: {} });
    expect(restore.status).toBe(201);
    await dispatchUntilIdle();
    expect(await job(restore.body.id)).toMatchObject({ status: 'succeeded', stage: 'completed' });
    const back = sim.playlists(channelId).filter((p) => p.title === 'Old mix');
    expect(back.map((p) => ({ description: p.description, videoIds: p.videoIds }))).toEqual([{ description: 'mine', videoIds: videos.slice(2, 4) }]);
  });

  it('refuses a second sync of the channel while one is active, stale or not, before spending a unit', async () => {
    const { sim } = rig;
    const first = await call('/api/admin/playlist-sync', { body: request() });
    expect(first.status).toBe(201);
    const units = sim.dataUnitsUsed().total;
    const second = await call('/api/admin/playlist-sync', { body: request() });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'job_active', job_id: first.body.id });
    expect(sim.dataUnitsUsed().total).toBe(units);
    // Quiet for 11 minutes: a stale job is not taken over (its operations and backup are its own).
    const old = toDbTime(new Date(Date.now() - 11 * 60_000));
    await rig.db.updateTable('backfill_jobs').set({ updated_at: old }).where('id', '=', first.body.id).execute();
    const third = await call('/api/admin/playlist-sync', { body: request() });
    expect(third.status).toBe(409);
    expect((await job(first.body.id)).status).toBe('pending');
    await dispatchUntilIdle();
    expect((await job(first.body.id)).status).toBe('succeeded');
  });

  it('adds a video listed twice in a category once, and refuses to replace the playlist of another of the tenant\'s categories', async () => {
    const { sim } = rig;
    const twice = { tenant_id: `t${tenant}`, channel_id: channelId, categories: [{ name: 'Twice', video_ids: [videos[0], videos[1], videos[0]] }] };
    const created = await call('/api/admin/playlist-sync', { body: twice });
    expect(created.status).toBe(201);
    await dispatchUntilIdle();
    expect(sim.playlists(channelId).find((p) => p.title === 'Twice')!.videoIds).toEqual([videos[0], videos[1]]);
    const twicePlaylist = sim.playlists(channelId).find((p) => p.title === 'Twice')!.id;
    const units = sim.dataUnitsUsed().total;
    const refused = await call('/api/admin/playlist-sync', { body: { ...request(), replace_playlist_ids: [twicePlaylist] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('holds the category "Twice"');
    expect(sim.dataUnitsUsed().total - units).toBeLessThanOrEqual(2);
  });
});
