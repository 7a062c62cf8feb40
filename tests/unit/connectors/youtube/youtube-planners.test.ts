import { describe, expect, it } from '@jest/globals';
import type { Connection } from '../../../../lib/connections/connections.repository.js';
import { planAnalyticsGeneration } from '../../../../lib/connectors/youtube/channel-daily-rollup.planner.js';
import { BACKFILL_PRIORITY, planDataCollection, planSync, SYNC_PRIORITY, type CatalogueFacts } from '../../../../lib/connectors/youtube/daily-channel.planner.js';
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

describe('a big channel\'s estimate counts its tail (issue 15)', () => {
  // 2026-11-20's window ends at 2026-11-21 00:00 Pacific (08:00 UTC); 2026-11-27's a week later.
  const publishedAt = (count: number, at: string) => Array.from({ length: count }, () => new Date(at));
  const facts = (over: Partial<CatalogueFacts>): CatalogueFacts => ({ publishedAt: [], completeThrough: null, fullReadAt: null, videoCount: null, uploadsPlaylistKnown: true, ...over });

  it('a channel too small to fill a top list costs 7 calls a chunk, with no breakdown (as before)', () => {
    const plan = planDataCollection({ connection, params: { days: 14 }, settings, facts: facts({ videoCount: 199 }) }, NOW);
    expect(plan.estimate).toEqual({ apiCalls: 14, quotaUnits: 14 });
  });

  it('from the catalogue: each chunk may need one call per video published by its window\'s end, and the catalogue\'s newest page', () => {
    const catalogue = facts({ publishedAt: [...publishedAt(250, '2026-01-01T00:00:00Z'), ...publishedAt(10, '2026-11-24T00:00:00Z')], completeThrough: new Date('2026-11-28T00:00:00Z'), fullReadAt: new Date('2026-11-25T00:00:00Z'), videoCount: 260 });
    const plan = planDataCollection({ connection, params: { days: 14 }, settings, facts: catalogue }, NOW);
    expect(plan.estimate.perTask).toEqual([
      { apiCalls: 7 + 250, quotaUnits: 257, parts: { top_list_calls: 7, tail_calls_max: 250 } },
      { apiCalls: 7 + 260, quotaUnits: 267, parts: { top_list_calls: 7, tail_calls_max: 260 } },
    ]);
    expect(plan.estimate).toMatchObject({ apiCalls: 524, quotaUnits: 524, alsoSpends: [{ budget: 'youtube-data', quotaUnits: 1 }] });
  });

  it('a catalogue whose weekly full read is due: every page of it', () => {
    const catalogue = facts({ publishedAt: publishedAt(260, '2026-01-01T00:00:00Z'), completeThrough: new Date('2026-11-28T00:00:00Z'), fullReadAt: new Date('2026-11-20T00:00:00Z'), videoCount: 260 });
    expect(planDataCollection({ connection, params: { days: 7 }, settings, facts: catalogue }, NOW).estimate).toMatchObject({ alsoSpends: [{ budget: 'youtube-data', quotaUnits: 6 }] });
  });

  it('before the catalogue was read: the video count channels.list reported at connect, and every page of it', () => {
    const plan = planDataCollection({ connection, params: { days: 7 }, settings, facts: facts({ videoCount: 1_500, uploadsPlaylistKnown: false }) }, NOW);
    expect(plan.estimate).toMatchObject({ apiCalls: 7 + 1_500, alsoSpends: [{ budget: 'youtube-data', quotaUnits: 30 + 1 }] });
  });
});
