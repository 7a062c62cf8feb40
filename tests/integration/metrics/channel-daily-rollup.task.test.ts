import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { fromDbJson } from '../../../db/values.js';
import { loadConfig } from '../../../lib/config/env.js';
import { saveConnectionGrant, type Connection } from '../../../lib/connections/connections.repository.js';
import type { ConnectorTaskContext, TaskDeps } from '../../../lib/connectors/connector.js';
import { createChannelDailyRollupHandler } from '../../../lib/connectors/youtube/channel-daily-rollup.task.js';
import type { YouTubeClient } from '../../../lib/connectors/youtube/youtube.client.js';
import type { YouTubeSettings } from '../../../lib/connectors/youtube/youtube.config.js';
import { CHANNEL_DAILY_ROLLUP_KIND, channelDailyRollupKey } from '../../../lib/connectors/youtube/task-keys.js';
import { dispatch } from '../../../lib/dispatcher/dispatch.js';
import { startJob } from '../../../lib/jobs/start-job.js';
import { listChannelDailyMetrics } from '../../../lib/metrics/channel-daily-metrics.repository.js';
import { upsertVideoDailyMetrics, type VideoDayMetrics } from '../../../lib/metrics/video-daily-metrics.repository.js';
import { detectClaimStrategy, type ClaimStrategy } from '../../../lib/queue/claim-strategy.js';
import { drainQueue } from '../../../lib/queue/drain-queue.js';
import { enqueueTasks } from '../../../lib/queue/repository/index.js';
import { createRuntime, type Runtime } from '../../../lib/runtime.js';
import { addDays } from '../../../lib/shared/calendar-days.js';
import type { Clock } from '../../../lib/shared/clock.js';
import { silentLogger } from '../../../lib/shared/logger.js';
import { createTokenCipher } from '../../../lib/shared/token-cipher.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const t0 = new Date('2026-11-29T10:00:00.000Z');
const manualClock = (start: Date): Clock & { advance(ms: number): void } => {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms) => void (now += ms) };
};
/** One video with `views` on each day from `start`, for `days` days. */
const videoDays = (channelId: string, start: string, days: number, views: number): VideoDayMetrics[] =>
  Array.from({ length: days }, (_, i) => ({
    channelId, videoId: 'v1', dt: addDays(start, i),
    views, estimated_minutes_watched: views, average_view_duration: 60, likes: 1, comments: 0, shares: 0, subscribers_gained: 0, subscribers_lost: 0,
  }));

// 2026-01-01..2026-03-15 is three steps: through 01-31, 03-03 and 03-15.
const PAYLOAD = { channel_id: 'UC1', start_date: '2026-01-01', end_date: '2026-03-15' };

describeEachEngine('channel_daily_rollup through the queue', (engine) => {
  let database: TestDatabase;
  let strategy: ClaimStrategy;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    strategy = await detectClaimStrategy(database.db);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    for (const table of ['job_tasks', 'backfill_jobs', 'channel_daily_metrics', 'video_daily_metrics', 'connections'] as const) await database.db.deleteFrom(table).execute();
    await upsertVideoDailyMetrics(database.db, 'acme', videoDays('UC1', '2026-01-01', 74, 10), t0);
  });

  it('commits a step per 31 days with its checkpoint; a run stopped by the deadline resumes after its last step', async () => {
    await enqueueTasks(database.db, [{ tenantId: 'acme', platform: 'youtube', connectionId: 1, kind: CHANNEL_DAILY_ROLLUP_KIND, dedupeKey: channelDailyRollupKey('acme', 'UC1', PAYLOAD.start_date, PAYLOAD.end_date), payload: PAYLOAD }], t0);
    const clock = manualClock(t0);
    const deps = { db: database.db, clock, logger: silentLogger, client: {} as YouTubeClient } as unknown as TaskDeps<YouTubeSettings, YouTubeClient>;
    const handler = createChannelDailyRollupHandler(deps);
    const calls: string[] = [];
    const run = (deadline: Date, afterStep: () => void) =>
      drainQueue({
        db: database.db, strategy, clock, deadline, batchSize: 1, concurrency: 1, leaseMs: 60_000,
        handle: (task, context) =>
          handler(task, {
            ...context,
            connection: { id: 1, tenantId: 'acme', externalAccountId: 'UC1' } as Connection,
            session: undefined as never,
            callOnce: async () => {
              throw new Error('the rollup must not call the platform');
            },
            call: async () => {
              calls.push(task.dedupeKey);
              throw new Error('the rollup must not call the platform');
            },
            commitStep: async (write, checkpoint) => {
              await context.commitStep(write, checkpoint);
              afterStep();
            },
          } as ConnectorTaskContext),
      });

    // The first step uses up the invocation's time.
    expect(await run(new Date(t0.getTime() + 1_000), () => clock.advance(1_000))).toMatchObject({ claimed: 1, rescheduled: 1, succeeded: 0 });
    const stopped = await database.db.selectFrom('job_tasks').selectAll().executeTakeFirstOrThrow();
    expect(stopped).toMatchObject({ status: 'queued', attempts: 0, steps_done: 1 });
    expect(fromDbJson(stopped.checkpoint)).toEqual({ v: 1, through: '2026-01-31' });
    const rollup = () => listChannelDailyMetrics(database.db, 'UC1', '2026-01-01', '2026-12-31');
    expect((await rollup()).map((r) => r.dt)).toEqual(Array.from({ length: 31 }, (_, i) => addDays('2026-01-01', i)));

    // The source changes everywhere; the resumed run rebuilds only the days after its checkpoint.
    await upsertVideoDailyMetrics(database.db, 'acme', videoDays('UC1', '2026-01-01', 74, 99), t0);
    expect(await run(new Date(clock.now().getTime() + 60_000), () => {})).toMatchObject({ claimed: 1, succeeded: 1 });
    const done = await database.db.selectFrom('job_tasks').selectAll().executeTakeFirstOrThrow();
    expect(done).toMatchObject({ status: 'succeeded', steps_done: 3 });
    expect(fromDbJson(done.checkpoint)).toEqual({ v: 1, through: '2026-03-15' });
    const rows = await rollup();
    expect(rows).toHaveLength(74);
    expect(rows.filter((r) => r.dt <= '2026-01-31').every((r) => r.views === 10)).toBe(true);
    expect(rows.filter((r) => r.dt > '2026-01-31').every((r) => r.views === 99 && r.videos_with_views === 1)).toBe(true);
    expect(calls).toEqual([]);
  });

  it('runs as an analytics-generation job through the YouTube connector and the dispatcher, without a platform call', async () => {
    // Google's endpoints point at a closed port: any call would fail the task.
    const nowhere = 'http://127.0.0.1:9/';
    const config = loadConfig({
      DATABASE_URL: database.url, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
      GOOGLE_CLIENT_ID: 'client', GOOGLE_CLIENT_SECRET: 'secret', GOOGLE_OAUTH_TOKEN_URL: nowhere, YOUTUBE_ANALYTICS_ROOT_URL: nowhere, YOUTUBE_DATA_ROOT_URL: nowhere,
    });
    const runtime: Runtime = await createRuntime(config, { logger: silentLogger });
    try {
      const now = new Date();
      const cipher = createTokenCipher(config.tokenEncryptionKey!);
      const { connection } = await runtime.database.db.transaction().execute((trx) =>
        saveConnectionGrant(trx, { tenantId: 'acme', platform: 'youtube', externalAccountId: 'UC1', displayName: null, scopes: 's', accessTokenEnc: cipher.encrypt('unused-access'), refreshTokenEnc: cipher.encrypt('unused-refresh'), tokenExpiresAt: null }, now),
      );
      const definition = await runtime.connectors.definition('youtube');
      const started = await runtime.database.db.transaction().execute((trx) =>
        startJob(trx, definition, connection, { type: 'analytics-generation', params: { startDate: PAYLOAD.start_date, endDate: PAYLOAD.end_date }, whenActive: 'reject' }, now),
      );
      expect(started).toMatchObject({ enqueued: 1, config: { start_date: '2026-01-01', end_date: '2026-03-15', days: 74, force: false } });
      const summary = await dispatch(runtime, new Date(Date.now() + 30_000));
      expect(summary).toMatchObject({ claimed: 1, succeeded: 1, remaining: 0 });
      const job = await runtime.database.db.selectFrom('backfill_jobs').selectAll().executeTakeFirstOrThrow();
      expect(job).toMatchObject({ type: 'analytics-generation', status: 'succeeded', scope: 'acme:youtube:UC1:analytics-generation' });
      const rows = await listChannelDailyMetrics(database.db, 'UC1', '2026-01-01', '2026-12-31');
      expect(rows).toHaveLength(74);
      expect(rows.every((r) => r.tenant_id === 'acme' && r.views === 10)).toBe(true);
    } finally {
      await runtime.database.destroy();
    }
  });
});
