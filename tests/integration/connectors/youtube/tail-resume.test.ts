import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { chunkMinimum } from '../../../../bench/youtube-minimum.js';
import { storedVideoDays, truthVideoDays } from '../../../../bench/youtube-stored-rows.js';
import { startYouTubeSimulator, type RunningYouTubeSimulator } from '../../../../dev/simulators/youtube/index.js';
import { connectAccount } from '../../../../lib/accounts/connect-account.js';
import { loadConfig } from '../../../../lib/config/env.js';
import { latestReportDay } from '../../../../lib/connectors/youtube/youtube-calendar.js';
import { dispatch } from '../../../../lib/dispatcher/dispatch.js';
import { createJob } from '../../../../lib/jobs/jobs.service.js';
import { createRuntime, type Runtime } from '../../../../lib/runtime.js';
import { addDays } from '../../../../lib/shared/calendar-days.js';
import { silentLogger } from '../../../../lib/shared/logger.js';
import { toDbTime } from '../../../../db/values.js';
import { describeEachEngine } from '../../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../../support/test-databases.js';

// A big channel's tail across invocations: one chunk of a 400-video channel (every day fills its
// top list) fetched by dispatcher invocations of 300 ms, then with the vendor's 429s in the
// middle of the tail. Each time the chunk resumes after what it committed: the rows equal the
// ground truth, and each tail video is asked for once (what came back around a refused call or
// the deadline is kept).
const CHANNEL_NAME = 'tailchan';

describeEachEngine('a chunk\'s tail, resumed', (engine) => {
  let sim: RunningYouTubeSimulator;
  let database: TestDatabase;
  let runtime: Runtime;
  let channelId: string;
  const end = () => latestReportDay(new Date());

  beforeAll(async () => {
    sim = await startYouTubeSimulator({ clientId: 'c', clientSecret: 's', videosPerChannel: 6, channels: { [CHANNEL_NAME]: { videos: 400, years: 2 } } });
    database = await createTestDatabase(engine);
    const config = loadConfig({
      DATABASE_URL: database.url,
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      GOOGLE_CLIENT_ID: 'c',
      GOOGLE_CLIENT_SECRET: 's',
      GOOGLE_OAUTH_TOKEN_URL: sim.oauthTokenUrl,
      YOUTUBE_ANALYTICS_ROOT_URL: sim.analyticsRootUrl,
      YOUTUBE_DATA_ROOT_URL: sim.dataRootUrl,
      YOUTUBE_BACKFILL_DAYS: '7',
      YOUTUBE_REQUESTS_PER_SECOND: '1000',
      DISPATCH_CONCURRENCY: '2',
    });
    runtime = await createRuntime(config, { logger: silentLogger });
    channelId = (await connectAccount(runtime, 'youtube', 'acme', { code: `sim-code-${CHANNEL_NAME}` })).account_id;
  });
  afterAll(async () => {
    await runtime?.database.destroy();
    await database?.drop();
    await sim?.close();
  });
  beforeEach(() => sim.resetStats());

  const tailOfChunk = () => chunkMinimum(sim.groundTruth(channelId, addDays(end(), -6), end()), sim.catalogueOf(channelId), end()).tail;
  const stored = () => storedVideoDays(database.db, channelId);
  const truth = () => truthVideoDays(sim.groundTruth(channelId, addDays(end(), -6), end()));
  const perVideoCalls = () => Object.entries(sim.stats()['analytics.reports.query'].byKey).filter(([key]) => key.includes('/video==')).map(([, count]) => count);
  const runUntilDone = async (deadlineMs: number) => {
    let invocations = 0;
    for (; invocations < 200; invocations++) {
      const summary = await dispatch(runtime, new Date(Date.now() + deadlineMs));
      if (summary.remaining === 0) return invocations + 1;
      await database.db.updateTable('job_tasks').set({ run_after: toDbTime(new Date(Date.now() - 1_000)) }).where('status', '=', 'queued').execute();
    }
    throw new Error('the chunk did not finish');
  };

  it('invocations of 300 ms: the tail goes on where the last one stopped, each video asked for once', async () => {
    const invocations = await runUntilDone(300);
    expect(invocations).toBeGreaterThan(1);
    const tail = tailOfChunk();
    expect(tail).toBeGreaterThan(150);
    expect(perVideoCalls()).toHaveLength(tail);
    expect(perVideoCalls().filter((count) => count.total !== 1)).toEqual([]);
    expect(await stored()).toEqual(truth());
  }, 120_000);

  it('the vendor\'s 429s in the tail: the chunk is rescheduled, keeps what it fetched, and ends with the ground truth', async () => {
    await database.db.deleteFrom('video_daily_metrics').execute();
    const connection = await database.db.selectFrom('connections').select('id').executeTakeFirstOrThrow();
    await createJob(runtime, { type: 'data-collection', platform: 'youtube', tenantId: 'acme', connectionId: connection.id, params: { days: 7, force: true } });
    // After the 7 top lists and 30 tail calls, three 429s in a row: more than a call sits out.
    sim.injectFaults([{ api: 'analytics', kind: 'rateLimited', count: 3, after: 37, retryAfterSeconds: 1 }]);
    await runUntilDone(30_000);
    const calls = perVideoCalls();
    const tail = tailOfChunk();
    expect(calls).toHaveLength(tail);
    expect(calls.reduce((sum, count) => sum + (count.byStatus['429'] ?? 0), 0)).toBe(3);
    const refetched = calls.reduce((sum, count) => sum + (count.byStatus['200'] ?? 0), 0) - tail;
    expect(refetched).toBe(0); // what was in flight when the refusal came is kept, not asked for again
    expect(await stored()).toEqual(truth());
  }, 120_000);
});
