import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeWaitingTasksDue } from '../../../dev/chaos/lease-aging.js';
import { describeEachEngine } from '../../support/engines.js';
import {
  dispatchUntilIdle,
  dispatchUntilJob,
  expectPlaylistsToEqual,
  minimumUnits,
  nextMidnightInLosAngeles,
  passQuotaMidnight,
  startPlaylistSyncRig,
  threeCategories,
  type PlaylistSyncRig,
} from '../../support/playlist-sync-rig.js';

// Issue 13, "a quota that runs out halfway pauses the job, and after a simulated reset it
// finishes": Sluice's own count of the Data API's units, and Google's 403 quotaExceeded, each
// stop the sync in `add_videos` with `quota_exhausted` until the next midnight Pacific; the reset
// is simulated (the budget's counted units dropped, the simulator's day started afresh, the
// waiting task made due). A person's pause and too many refused videos stop it too, and a resume
// carries on. Every time, the channel's playlists end up equal to the categories, nothing twice.

/** 3 creates and 12 adds: 750 units, of which 450 hold the backup, the creates and about half of the adds. */
const HALF_THE_WRITES = 450;
const SYNC_UNITS = minimumUnits({ existingPlaylists: 0, creates: 3, adds: 12, deletes: 0 });

/** Shared by both describes: a fresh tenant and channel per test, and the sync request of its three categories. */
function useChannel(rig: () => PlaylistSyncRig, engine: string, label: string) {
  const channel = { tenantId: '', channelId: '', videos: [] as string[] };
  let count = 0;
  beforeEach(async () => {
    count += 1;
    channel.tenantId = `${label}${count}`;
    Object.assign(channel, await rig().connect(channel.tenantId, `${label}-${engine}-${count}`));
  });
  const request = (extra: Record<string, unknown> = {}) => ({ tenant_id: channel.tenantId, channel_id: channel.channelId, categories: threeCategories(channel.videos), ...extra });
  return { channel, request };
}

/** Waits (without dispatching) for `holds`, polling the database. */
async function until(holds: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await holds())) {
    if (Date.now() - started > timeoutMs) throw new Error('the awaited moment did not come');
    await sleep(20);
  }
}

describeEachEngine('playlist sync: Sluice\'s own quota count runs out halfway', (engine) => {
  let rig: PlaylistSyncRig;
  beforeAll(async () => {
    rig = await startPlaylistSyncRig({ engine, env: { YOUTUBE_DATA_DAILY_QUOTA: String(HALF_THE_WRITES) } });
  });
  afterAll(() => rig?.close());
  const { channel, request } = useChannel(() => rig, engine, 'own');

  it('pauses in add_videos with quota_exhausted until midnight Pacific, sends nothing more, and finishes after the reset', async () => {
    await passQuotaMidnight(rig.db); // the connect's units: this test's day starts empty
    const { sim, api } = rig;
    const created = await api.call('/api/admin/playlist-sync', { body: request() });
    expect(created.status).toBe(201);
    const unitsAtCreate = sim.dataUnitsUsed().total;
    const paused = await dispatchUntilJob(api, created.body.id, (job) => job.pause_reason !== null);
    expect(paused).toMatchObject({
      status: 'running',
      stage: 'add_videos',
      pause_reason: 'quota_exhausted',
      resumes_at: nextMidnightInLosAngeles(new Date()).toISOString(),
      last_resumed_at: null,
      current_stage_total: 12,
    });
    expect(paused.message).toMatch(/^Paused \(quota exhausted\) at adding videos \d+\/12; resumes at /);
    const added = paused.current_stage_progress;
    expect(added).toBeGreaterThanOrEqual(3);
    expect(added).toBeLessThanOrEqual(9);
    // What was sent is there once, and Sluice stayed within its own count.
    const halfway = sim.playlists(channel.channelId);
    expect(halfway.map((p) => p.title)).toEqual(['Tutorials', 'Vlogs', 'Shorts']);
    expect(halfway.flatMap((p) => p.videoIds)).toEqual(channel.videos.slice(0, added));
    expect(sim.dataUnitsUsed().total - unitsAtCreate).toBeLessThanOrEqual(HALF_THE_WRITES);

    // Before midnight, a dispatch leaves it waiting: nothing is claimed, nothing sent.
    const unitsAtPause = sim.dataUnitsUsed().total;
    expect(await api.dispatchOnce()).toMatchObject({ claimed: 0 });
    expect(sim.dataUnitsUsed().total).toBe(unitsAtPause);
    expect(await api.job(created.body.id)).toMatchObject({ status: 'running', pause_reason: 'quota_exhausted', current_stage_progress: added });

    await passQuotaMidnight(rig.db);
    await dispatchUntilIdle(api, rig.db);
    const done = await api.job(created.body.id);
    expect(done).toMatchObject({ status: 'succeeded', stage: 'completed', pause_reason: null, resumes_at: null, last_resumed_at: expect.any(String) });
    expect(Date.parse(done.last_resumed_at)).toBeGreaterThan(Date.parse(paused.updated_at ?? paused.created_at));
    expect(done.stage_results.add_videos).toEqual({ succeeded: 12, failed: 0, skipped: 0 });
    expectPlaylistsToEqual(sim.playlists(channel.channelId), threeCategories(channel.videos));
    expect(sim.dataUnitsUsed().total - unitsAtCreate).toBe(SYNC_UNITS);
  });
});

describeEachEngine('playlist sync: Google\'s quota, a person\'s pause, too many refusals', (engine) => {
  let rig: PlaylistSyncRig;
  beforeAll(async () => {
    rig = await startPlaylistSyncRig({ engine });
  });
  afterAll(() => rig?.close());
  const { channel, request } = useChannel(() => rig, engine, 'g');

  it('pauses on Google\'s 403 quotaExceeded until midnight Pacific, and finishes after the reset charging the minimum and a few lookups', async () => {
    const { sim, api } = rig;
    sim.setDataDailyQuota(sim.dataUnitsUsed().today + HALF_THE_WRITES);
    try {
      const created = await api.call('/api/admin/playlist-sync', { body: request() });
      expect(created.status).toBe(201);
      const unitsAtCreate = sim.dataUnitsUsed().total;
      const paused = await dispatchUntilJob(api, created.body.id, (job) => job.pause_reason !== null);
      expect(paused).toMatchObject({ status: 'running', stage: 'add_videos', pause_reason: 'quota_exhausted', resumes_at: nextMidnightInLosAngeles(new Date()).toISOString() });
      const added = paused.current_stage_progress;
      expect(added).toBeGreaterThanOrEqual(3);
      expect(added).toBeLessThanOrEqual(9);
      expect(sim.playlists(channel.channelId).flatMap((p) => p.videoIds)).toEqual(channel.videos.slice(0, added));
      expect(sim.stats()['data.playlistItems.insert'].byStatus['403']).toBe(1); // one refusal, then it waited

      const unitsAtPause = sim.dataUnitsUsed().total;
      await api.dispatchOnce();
      expect(sim.dataUnitsUsed().total).toBe(unitsAtPause);

      sim.resetDataQuota();
      await passQuotaMidnight(rig.db);
      await dispatchUntilIdle(api, rig.db);
      const done = await api.job(created.body.id);
      expect(done).toMatchObject({ status: 'succeeded', stage: 'completed', pause_reason: null, last_resumed_at: expect.any(String) });
      expectPlaylistsToEqual(sim.playlists(channel.channelId), threeCategories(channel.videos));
      const charged = sim.dataUnitsUsed().total - unitsAtCreate;
      expect(charged).toBeGreaterThanOrEqual(SYNC_UNITS);
      expect(charged).toBeLessThanOrEqual(SYNC_UNITS + 3);
    } finally {
      sim.setDataDailyQuota(null);
      sim.resetDataQuota();
      await passQuotaMidnight(rig.db);
    }
  });

  it('a person pauses it mid add_videos: paused with user_paused, nothing runs, resume finishes with no video twice', async () => {
    const { sim, api } = rig;
    // The 4th insert hangs 1.5 s (then is made): the pause comes while it is in flight.
    sim.injectFaults([{ api: 'data', kind: 'timeout', endpoint: 'data.playlistItems.insert', after: 3, timeoutMs: 1_500 }]);
    const created = await api.call('/api/admin/playlist-sync', { body: request() });
    const jobId = created.body.id;
    const dispatched = api.dispatchOnce();
    const ops = () => rig.db.selectFrom('sync_video_operations').select(['sent_at', 'completed_at']).where('job_id', '=', jobId).execute();
    await until(async () => {
      const rows = await ops();
      return rows.filter((r) => r.completed_at !== null).length === 3 && rows.some((r) => r.sent_at !== null && r.completed_at === null);
    });
    const pause = await api.call(`/api/admin/backfill/${jobId}/pause`, {});
    expect(pause.status).toBe(200);
    await dispatched;
    const paused = await api.job(jobId);
    expect(paused).toMatchObject({ status: 'paused', stage: 'add_videos', pause_reason: 'user_paused', resumes_at: null });
    expect(paused.message).toMatch(/^Paused \(user paused\) at adding videos/);

    // Nothing runs while paused, even with every waiting task due.
    const inserts = () => sim.stats()['data.playlistItems.insert'].total;
    const sentAtPause = inserts();
    await makeWaitingTasksDue(rig.db, new Date());
    expect(await api.dispatchOnce()).toMatchObject({ claimed: 0 });
    expect(inserts()).toBe(sentAtPause);
    expect((await api.job(jobId)).status).toBe('paused');

    expect((await api.call(`/api/admin/backfill/${jobId}/resume`, {})).status).toBe(200);
    await dispatchUntilIdle(api, rig.db);
    const done = await api.job(jobId);
    expect(done).toMatchObject({ status: 'succeeded', stage: 'completed', pause_reason: null, last_resumed_at: expect.any(String) });
    expect(done.stage_results.add_videos).toEqual({ succeeded: 12, failed: 0, skipped: 0 });
    expectPlaylistsToEqual(sim.playlists(channel.channelId), threeCategories(channel.videos));
  });

  it('errors_collected: max_failures 2 and three hidden videos pause it; resumed, it carries on and every other video lands', async () => {
    const { sim, api } = rig;
    const hidden = [channel.videos[1]!, channel.videos[6]!, channel.videos[10]!];
    sim.hideVideos(hidden);
    try {
      const created = await api.call('/api/admin/playlist-sync', { body: request({ max_failures: 2 }) });
      expect(created.status).toBe(201);
      const jobId = created.body.id;
      const paused = await dispatchUntilJob(api, jobId, (job) => job.status === 'paused');
      expect(paused).toMatchObject({ status: 'paused', stage: 'add_videos', pause_reason: 'errors_collected', error_count: 2 });
      expect(paused.stage_results.add_videos).toMatchObject({ failed: 2 });
      expect(paused.errors.filter((e: any) => e.entity_type === 'video').map((e: any) => e.entity_id)).toEqual(hidden.slice(0, 2));
      expect(await api.dispatchOnce()).toMatchObject({ claimed: 0 });

      expect((await api.call(`/api/admin/backfill/${jobId}/resume`, {})).status).toBe(200);
      await dispatchUntilIdle(api, rig.db);
      const done = await api.job(jobId);
      expect(done).toMatchObject({ stage: 'completed', pause_reason: null, error_count: 3, last_resumed_at: expect.any(String) });
      expect(done.stage_results.add_videos).toEqual({ succeeded: 9, failed: 3, skipped: 0 });
      // No playlist was to be replaced: none was "kept", and no error says so.
      expect(done.stage_results.delete_playlists).toEqual({ succeeded: 0, failed: 0, skipped: 0 });
      expect(done.errors.filter((e: any) => e.stage !== undefined).map((e: any) => e.entity_id)).toEqual(hidden);
      const landed = threeCategories(channel.videos).map((c) => ({ ...c, video_ids: c.video_ids.filter((id) => !hidden.includes(id)) }));
      expectPlaylistsToEqual(sim.playlists(channel.channelId), landed);
    } finally {
      sim.showVideos(hidden);
    }
  });
});
