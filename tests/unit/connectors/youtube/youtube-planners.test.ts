import { describe, expect, it } from '@jest/globals';
import type { Connection } from '../../../../lib/connections/connections.repository.js';
import { planAnalyticsGeneration } from '../../../../lib/connectors/youtube/channel-daily-rollup.planner.js';
import { BACKFILL_PRIORITY, planDataCollection, planSync, SYNC_PRIORITY } from '../../../../lib/connectors/youtube/daily-channel.planner.js';
import { youtubeConnector } from '../../../../lib/connectors/youtube/youtube.connector.js';
import type { YouTubeSettings } from '../../../../lib/connectors/youtube/youtube.config.js';
import { ValidationError } from '../../../../lib/errors.js';

// 12:00 UTC is 04:00 in Los Angeles on 2026-11-29: the latest complete report day is 2026-11-27.
const NOW = new Date('2026-11-29T12:00:00Z');
const connection = { id: 3, tenantId: 'acme', platform: 'youtube', externalAccountId: 'UC1' } as Connection;
const settings = { backfillDays: 84 } as YouTubeSettings;

describe('YouTube data-collection and sync planners', () => {
  it('days: chunks of 7 ending at the latest report day, with the resolved range in the config', () => {
    const plan = planDataCollection({ connection, params: { days: 10 }, settings }, NOW);
    expect(plan.tasks).toEqual([
      { kind: 'youtube.daily_channel', dedupeKey: 'acme:daily_channel:UC1:2026-11-20', payload: { channel_id: 'UC1', run_for_dt: '2026-11-20' }, priority: BACKFILL_PRIORITY },
      { kind: 'youtube.daily_channel', dedupeKey: 'acme:daily_channel:UC1:2026-11-27', payload: { channel_id: 'UC1', run_for_dt: '2026-11-27' }, priority: BACKFILL_PRIORITY },
    ]);
    expect(plan.config).toEqual({ start_date: '2026-11-18', end_date: '2026-11-27', days: 10, end_dt: '2026-11-27', chunk_days: 7, force: false });
    expect(plan.estimate).toEqual({ apiCalls: 14, quotaUnits: 14 });
  });

  it('no days: the configured backfill length', () => {
    const plan = planDataCollection({ connection, params: {}, settings }, NOW);
    expect(plan.tasks).toHaveLength(12);
    expect(plan.config).toMatchObject({ start_date: '2026-09-05', end_date: '2026-11-27', days: 84 });
  });

  it('a start/end range: chunks end at end_date, the earliest overshooting before start_date', () => {
    const plan = planDataCollection({ connection, params: { startDate: '2026-10-01', endDate: '2026-10-15', force: true }, settings }, NOW);
    expect(plan.tasks.map((task) => task.dedupeKey)).toEqual(['acme:daily_channel:UC1:2026-10-01', 'acme:daily_channel:UC1:2026-10-08', 'acme:daily_channel:UC1:2026-10-15']);
    expect(plan.config).toEqual({ start_date: '2026-10-01', end_date: '2026-10-15', days: 15, end_dt: '2026-10-15', chunk_days: 7, force: true });
    expect(plan.estimate).toEqual({ apiCalls: 21, quotaUnits: 21 });
  });

  it('sync plans the same chunks at the freshness priority', () => {
    const plan = planSync({ connection, params: { days: 7 }, settings }, NOW);
    expect(plan.tasks).toEqual([{ kind: 'youtube.daily_channel', dedupeKey: 'acme:daily_channel:UC1:2026-11-27', payload: { channel_id: 'UC1', run_for_dt: '2026-11-27' }, priority: SYNC_PRIORITY }]);
  });

  it('refuses a range ending after the latest report day, naming it', () => {
    expect(() => planDataCollection({ connection, params: { startDate: '2026-11-20', endDate: '2026-11-28' }, settings }, NOW)).toThrow(
      new ValidationError('invalid date range: end_date: end_date 2026-11-28 is after 2026-11-27, the latest complete report day'),
    );
  });
});

describe('YouTube analytics-generation planner', () => {
  it('one rollup task over the range, no API calls', () => {
    const plan = planAnalyticsGeneration({ connection, params: { startDate: '2026-01-01', endDate: '2026-03-31', force: true }, settings }, NOW);
    expect(plan).toEqual({
      tasks: [
        {
          kind: 'youtube.channel_daily_rollup',
          dedupeKey: 'acme:channel_daily_rollup:UC1:2026-01-01:2026-03-31',
          payload: { channel_id: 'UC1', start_date: '2026-01-01', end_date: '2026-03-31' },
          priority: SYNC_PRIORITY,
        },
      ],
      config: { start_date: '2026-01-01', end_date: '2026-03-31', days: 90, force: true },
      estimate: { apiCalls: 0, quotaUnits: 0 },
    });
  });

  it('days: the range ends at the latest report day', () => {
    const plan = planAnalyticsGeneration({ connection, params: { days: 7 }, settings }, NOW);
    expect(plan.tasks.map((task) => task.dedupeKey)).toEqual(['acme:channel_daily_rollup:UC1:2026-11-21:2026-11-27']);
    expect(plan.config).toEqual({ start_date: '2026-11-21', end_date: '2026-11-27', days: 7, force: false });
  });

  it('validates its range as collection does', () => {
    expect(() => planAnalyticsGeneration({ connection, params: { startDate: '2026-03-01', endDate: '2026-02-01' }, settings }, NOW)).toThrow(ValidationError);
  });
});

describe('YouTube connector wiring', () => {
  it('registers the rollup and playlist-sync tasks and planners, and declares the rollup as the follow-up of collection and sync', () => {
    expect(Object.keys(youtubeConnector.tasks).sort()).toEqual(['youtube.channel_daily_rollup', 'youtube.daily_channel', 'youtube.playlist_sync']);
    expect(Object.keys(youtubeConnector.planners).sort()).toEqual(['analytics-generation', 'data-collection', 'playlist-sync', 'sync']);
    expect(youtubeConnector.planners['analytics-generation']).toBe(planAnalyticsGeneration);
    expect(youtubeConnector.followUps).toEqual({ 'data-collection': 'analytics-generation', sync: 'analytics-generation' });
  });
});
