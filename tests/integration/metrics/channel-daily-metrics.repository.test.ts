import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import * as migration0005 from '../../../db/migrations/0005-channel-daily-metrics.js';
import { listChannelDailyMetrics, rebuildChannelDailyMetrics, type ChannelDaysScope } from '../../../lib/metrics/channel-daily-metrics.repository.js';
import { upsertVideoDailyMetrics, type VideoDayMetrics } from '../../../lib/metrics/video-daily-metrics.repository.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const T1 = new Date('2026-11-29T10:00:00.000Z');
const T2 = new Date('2026-11-29T11:00:00.000Z');

/** A video's day with views `v`; the other metrics are derived so every column differs per row. */
const row = (channelId: string, videoId: string, dt: string, v: number): VideoDayMetrics => ({
  channelId, videoId, dt,
  views: v, estimated_minutes_watched: 2 * v, average_view_duration: 100 + v, likes: v + 1, comments: v + 2, shares: v + 3, subscribers_gained: v + 4, subscribers_lost: v + 5,
});

// Hand-computed: UC1 on 2026-11-10 has a (10 views), b (0 views), c (5 views).
const SOURCE = [
  row('UC1', 'a', '2026-11-09', 7), // outside the rebuilt range
  row('UC1', 'a', '2026-11-10', 10),
  row('UC1', 'b', '2026-11-10', 0),
  row('UC1', 'c', '2026-11-10', 5),
  row('UC1', 'a', '2026-11-11', 3),
  row('UC1', 'b', '2026-11-11', 4),
  row('UC1', 'a', '2026-11-13', 0),
  row('UC2', 'x', '2026-11-10', 1000), // another channel
];
const RANGE: ChannelDaysScope = { tenantId: 'acme', channelId: 'UC1', startDate: '2026-11-10', endDate: '2026-11-13' };

describeEachEngine('channel_daily_metrics rebuild', (engine) => {
  let database: TestDatabase;
  const rebuild = (scope: ChannelDaysScope, now: Date) => inTransaction(database.db, (trx) => rebuildChannelDailyMetrics(trx, scope, now));
  const stored = (channelId = 'UC1') => listChannelDailyMetrics(database.db, channelId, '2000-01-01', '2100-01-01');

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await database.db.deleteFrom('channel_daily_metrics').execute();
    await database.db.deleteFrom('video_daily_metrics').execute();
    await upsertVideoDailyMetrics(database.db, 'acme', SOURCE, T1);
  });

  const EXPECTED = [
    {
      channel_id: 'UC1', dt: '2026-11-10', tenant_id: 'acme',
      views: 15, estimated_minutes_watched: 30, average_view_duration: 110 + 100 + 105, likes: 18, comments: 21, shares: 24, subscribers_gained: 27, subscribers_lost: 30,
      videos_with_views: 2, updated_at: '2026-11-29 10:00:00.000',
    },
    {
      channel_id: 'UC1', dt: '2026-11-11', tenant_id: 'acme',
      views: 7, estimated_minutes_watched: 14, average_view_duration: 207, likes: 9, comments: 11, shares: 13, subscribers_gained: 15, subscribers_lost: 17,
      videos_with_views: 2, updated_at: '2026-11-29 10:00:00.000',
    },
    {
      channel_id: 'UC1', dt: '2026-11-13', tenant_id: 'acme',
      views: 0, estimated_minutes_watched: 0, average_view_duration: 100, likes: 1, comments: 2, shares: 3, subscribers_gained: 4, subscribers_lost: 5,
      videos_with_views: 0, updated_at: '2026-11-29 10:00:00.000',
    },
  ];

  it('sums every metric per channel and day over the range, counting videos with views; days without rows get none', async () => {
    expect(await rebuild(RANGE, T1)).toBe(3);
    expect(await stored()).toEqual(EXPECTED);
    expect(await stored('UC2')).toEqual([]);
  });

  it('is idempotent: a rerun writes the same sums and rows, only updated_at moves', async () => {
    await rebuild(RANGE, T1);
    expect(await rebuild(RANGE, T2)).toBe(3);
    expect(await stored()).toEqual(EXPECTED.map((r) => ({ ...r, updated_at: '2026-11-29 11:00:00.000' })));
  });

  it('follows changed and removed source rows: a day updates, a day with no rows left is deleted', async () => {
    await rebuild(RANGE, T1);
    await database.db.deleteFrom('video_daily_metrics').where('channel_id', '=', 'UC1').where('video_id', '=', 'a').where('dt', '=', '2026-11-10').execute();
    await database.db.deleteFrom('video_daily_metrics').where('channel_id', '=', 'UC1').where('dt', '=', '2026-11-13').execute();
    await upsertVideoDailyMetrics(database.db, 'acme', [row('UC1', 'b', '2026-11-11', 40)], T2);
    expect(await rebuild(RANGE, T2)).toBe(2);
    const after = await stored();
    expect(after.map((r) => r.dt)).toEqual(['2026-11-10', '2026-11-11']);
    expect(after[0]).toMatchObject({ views: 5, estimated_minutes_watched: 10, average_view_duration: 205, likes: 7, videos_with_views: 1 });
    expect(after[1]).toMatchObject({ views: 43, estimated_minutes_watched: 86, average_view_duration: 243, videos_with_views: 2 });
  });

  it('touches only its channel and range: rows outside it stay, even without source rows', async () => {
    await rebuild({ ...RANGE, startDate: '2026-11-09', endDate: '2026-11-09' }, T1);
    await rebuild({ ...RANGE, channelId: 'UC2' }, T1);
    await database.db.deleteFrom('video_daily_metrics').execute();
    expect(await rebuild(RANGE, T2)).toBe(0);
    expect((await stored()).map((r) => [r.dt, r.views])).toEqual([['2026-11-09', 7]]);
    expect((await stored('UC2')).map((r) => [r.dt, r.views, r.videos_with_views])).toEqual([['2026-11-10', 1000, 1]]);
  });

  it('keeps the tenant that first wrote a day when another tenant rebuilds the same channel', async () => {
    await rebuild(RANGE, T1);
    await rebuild({ ...RANGE, tenantId: 'globex' }, T2);
    expect((await stored()).map((r) => r.tenant_id)).toEqual(['acme', 'acme', 'acme']);
  });

  it('migration 0005 can run again over itself (MySQL commits each DDL statement: a half-run is retried whole)', async () => {
    await rebuild(RANGE, T1);
    await migration0005.up(database.db);
    expect(await stored()).toHaveLength(3);
  });
});
