import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { DailyVideoMetrics, RunningYouTubeSimulator } from '../../dev/simulators/youtube/index.js';
import { chunkMinimum, TOP_VIDEOS_CAP } from '../../bench/youtube-minimum.js';
import { storedVideoDays, truthVideoDays } from '../../bench/youtube-stored-rows.js';
import { latestReportDay } from '../../lib/connectors/youtube/youtube-calendar.js';
import { addDays } from '../../lib/shared/calendar-days.js';
import { describeEachEngine } from '../support/engines.js';
import { startSimulatedServer, type SimulatedServer } from '../support/simulated-server.js';
import type { TestDatabase } from '../support/test-databases.js';

// Issue 15 over HTTP, with the real Google client packages: a channel of 1,500 videos, 600 of
// them viewed on most days, fills the top-videos report's 200 rows every day. Its backfill
// stores exactly the simulator's ground truth for every video and day, with the calls the
// completeness rule needs and no more: 7 top lists a chunk, then one per-video report for each
// video published by the window's end that a capped top list left out, and the catalogue's
// uploads pages once. A small channel beside it makes exactly the calls it always made.
const ADMIN = 'admin-token-for-tests';
const CRON = 'cron-secret-for-tests';
const DAYS = 14; // 2 chunks of 7 days
const BIG = { videos: 1_500, activeVideos: 600, years: 4 };
const TOP = TOP_VIDEOS_CAP;

describeEachEngine('a big YouTube channel, complete', (engine) => {
  let sim: RunningYouTubeSimulator;
  let database: TestDatabase;
  let server: SimulatedServer;

  beforeAll(async () => {
    server = await startSimulatedServer({
      engine,
      admin: ADMIN,
      cron: CRON,
      client: { id: 'e2e-client', secret: 'e2e-secret' },
      simulator: { videosPerChannel: 6, channels: { bigchan: BIG } },
      env: { YOUTUBE_BACKFILL_DAYS: String(DAYS), YOUTUBE_REQUESTS_PER_SECOND: '1000', DISPATCH_CONCURRENCY: '3' },
    });
    ({ sim, database } = server);
  }, 60_000);
  afterAll(() => server?.close());

  const call: SimulatedServer['call'] = (path, options) => server.call(path, options);
  const dispatchUntilIdle = () => server.dispatchUntilIdle(40);
  const storedRows = (channelId: string) => storedVideoDays(database.db, channelId);
  const end = () => latestReportDay(new Date());
  const truthRows = (channelId: string): DailyVideoMetrics[] => sim.groundTruth(channelId, addDays(end(), -DAYS + 1), end());
  const groundTruth = (channelId: string) => truthVideoDays(truthRows(channelId));

  /** What the completeness rule needs for each chunk, from the simulator's own truth: its capped days and its tail (bench/youtube-minimum.ts). */
  const minimumOf = (channelId: string) => {
    const rows = truthRows(channelId);
    const catalogue = sim.catalogueOf(channelId);
    return [addDays(end(), -7), end()].map((runForDt) => chunkMinimum(rows, catalogue, runForDt, TOP));
  };

  let bigJobId: number;
  let smallJobId: number;

  it('connects both channels; before anything runs, the preview counts the big channel\'s tail from the video count channels.list reported', async () => {
    const big = await call('/api/oauth/youtube/exchange', { token: ADMIN, body: { tenant_id: 'acme', code: 'sim-code-bigchan' } });
    const small = await call('/api/oauth/youtube/exchange', { token: ADMIN, body: { tenant_id: 'acme', code: 'sim-code-smallchan' } });
    expect([big.status, small.status]).toEqual([200, 200]);
    expect(big.body).toMatchObject({ backfill_enqueued: 2 });
    [bigJobId, smallJobId] = [big.body.job_id, small.body.job_id];
    // The two chunks of the backfill are in flight; a third, earlier week would be new.
    const preview = await call('/api/admin/backfill/preview', { token: ADMIN, body: { tenant_id: 'acme', account_id: sim.channelIdFor('bigchan'), days: 21 } });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ to_run: 1, api_calls: 7 + BIG.videos, cost_breakdown: { top_list_calls: 7, tail_calls_max: BIG.videos }, also_spends: [{ budget: 'youtube-data', quota_units: BIG.videos / 50 }] });
    const smallPreview = await call('/api/admin/backfill/preview', { token: ADMIN, body: { tenant_id: 'acme', account_id: sim.channelIdFor('smallchan'), days: 21 } });
    expect(smallPreview.body).toMatchObject({ to_run: 1, api_calls: 7 });
    expect(smallPreview.body.cost_breakdown).toBeUndefined();
  });

  it('the backfill stores the ground truth for every video and day, with the calls the rule needs and no more', async () => {
    sim.resetStats();
    await dispatchUntilIdle();
    const channelId = sim.channelIdFor('bigchan');
    const truth = groundTruth(channelId);
    const videosWithViews = new Set(truth.map((row) => row.videoId)).size;
    expect(videosWithViews).toBeGreaterThan(600); // the tail is real: far more than a top list holds
    expect(await storedRows(channelId)).toEqual(truth);
    expect(await storedRows(sim.channelIdFor('smallchan'))).toEqual(groundTruth(sim.channelIdFor('smallchan')));

    const minimum = minimumOf(channelId);
    expect(minimum.every((chunk) => chunk.cappedDays === 7)).toBe(true);
    const stats = sim.stats();
    const analytics = stats['analytics.reports.query'];
    const perVideo = Object.entries(analytics.byKey).filter(([key]) => key.startsWith(`${channelId}/`) && key.includes('/video=='));
    const topLists = Object.entries(analytics.byKey).filter(([key]) => key.startsWith(`${channelId}/`) && !key.includes('..'));
    expect(topLists.reduce((sum, [, count]) => sum + count.total, 0)).toBe(14);
    expect(perVideo.reduce((sum, [, count]) => sum + count.total, 0)).toBe(minimum.reduce((sum, chunk) => sum + chunk.tail, 0));
    // Each tail video once per chunk, over the chunk's whole window.
    expect(perVideo.every(([, count]) => count.total === 1)).toBe(true);
    // The small channel: its 7 top lists a chunk, and nothing else.
    const small = sim.channelIdFor('smallchan');
    expect(Object.entries(analytics.byKey).filter(([key]) => key.startsWith(`${small}/`)).reduce((sum, [, count]) => sum + count.total, 0)).toBe(14);
    expect(analytics.total).toBe(14 + 14 + perVideo.length);
    // The catalogue: its 30 uploads pages once (the uploads playlist was named at connect); nothing for the small channel.
    expect(stats['data.playlistItems.list'].total).toBe(BIG.videos / 50);
    expect(stats['data.channels.list'].total).toBe(0);
  }, 240_000);

  it('the job status says, per chunk, that the top list was capped and how many tail videos were fetched; the small channel\'s were complete', async () => {
    const channelId = sim.channelIdFor('bigchan');
    const minimum = minimumOf(channelId);
    const big = await call(`/api/admin/backfill/${bigJobId}`, { method: 'GET', token: ADMIN });
    expect(big.body.status).toBe('succeeded');
    expect(big.body.chunk_completeness).toEqual(minimum.map((chunk) => ({ run_for_dt: chunk.runForDt, status: 'succeeded', top_list: 'capped', capped_days: 7, tail_videos: chunk.tail, tail_fetched: chunk.tail })));
    const small = await call(`/api/admin/backfill/${smallJobId}`, { method: 'GET', token: ADMIN });
    expect(small.body.chunk_completeness).toEqual(minimum.map((chunk) => ({ run_for_dt: chunk.runForDt, status: 'succeeded', top_list: 'complete', capped_days: 0, tail_videos: null, tail_fetched: 0 })));
  });

  it('with the catalogue read, a re-fetch previews at most the published videos a chunk, and the catalogue\'s newest page', async () => {
    const channelId = sim.channelIdFor('bigchan');
    const minimum = minimumOf(channelId);
    const preview = await call('/api/admin/backfill/preview', { token: ADMIN, body: { tenant_id: 'acme', account_id: channelId, days: DAYS, force: true } });
    const tailMax = minimum.reduce((sum, chunk) => sum + chunk.published, 0);
    expect(preview.body).toMatchObject({ to_run: 2, cost_breakdown: { top_list_calls: 14, tail_calls_max: tailMax }, also_spends: [{ budget: 'youtube-data', quota_units: 1 }] });
    // An upper bound, and a close one: the tail is the published videos but those in every capped top list.
    const tail = minimum.reduce((sum, chunk) => sum + chunk.tail, 0);
    expect(tailMax).toBeGreaterThanOrEqual(tail);
    expect(tailMax - tail).toBeLessThanOrEqual(2 * TOP);
  });
});
