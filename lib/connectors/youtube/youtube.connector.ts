import { PACIFIC_DAY } from '../../budgets/budget-policy.js';
import { ConfigError } from '../../errors.js';
import type { Connector } from '../connector.js';
import { ANALYTICS_BUDGET, DATA_API_BUDGET } from './budget-keys.js';
import { planAnalyticsGeneration } from './channel-daily-rollup.planner.js';
import { createChannelDailyRollupHandler } from './channel-daily-rollup.task.js';
import { planDataCollection, planSync } from './daily-channel.planner.js';
import { CHUNK_DAYS, createDailyChannelHandler } from './daily-channel.task.js';
import { playlistSyncDetails } from './playlist-sync/playlist-sync.details.js';
import { planPlaylistSync } from './playlist-sync/playlist-sync.planner.js';
import { catalogueFacts, rememberChannel } from './catalogue/video-catalogue.repository.js';
import { chunkCompletenessDetails } from './chunk-completeness.details.js';
import { createPlaylistSyncHandler } from './playlist-sync/playlist-sync.task.js';
import { CHANNEL_DAILY_ROLLUP_KIND, DAILY_CHANNEL_KIND, PLAYLIST_SYNC_KIND } from './task-keys.js';
import { latestReportDay } from './youtube-calendar.js';
import { createYouTubeClient, type YouTubeClient } from './youtube.client.js';
import type { YouTubeSettings } from './youtube.config.js';

export { ANALYTICS_BUDGET, DATA_API_BUDGET } from './budget-keys.js';

/**
 * YouTube: Google OAuth (offline access), the channel from `channels.list?mine=true`, and
 * per-video daily metrics from the Analytics API in 7-day chunks. The daily cron re-fetches
 * the latest chunk for every active channel; each collection is followed by a rebuild of the
 * per-channel rollup (`channel_daily_metrics`) over its range.
 */
export const youtubeConnector: Connector<YouTubeSettings, YouTubeClient> = {
  platform: 'youtube',
  accountIdAlias: 'channel_id',
  async createClient({ settings, clock, budgets }) {
    if (!settings.clientId || !settings.clientSecret) throw new ConfigError('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set');
    return createYouTubeClient({ ...settings, clientId: settings.clientId, clientSecret: settings.clientSecret }, budgets, clock);
  },
  auth: {
    kind: 'oauth2',
    exchange: (client, { code, redirectUri }) => client.exchangeCode(code, redirectUri),
    refresh: (client, refreshToken) => client.refreshAccessToken(refreshToken),
    authorizeUrl: (client, request) => client.authorizeUrl(request.state, request.access ?? 'read'),
    startParams: ['access'],
    missingRefreshToken: 'Google returned no refresh token for this channel: authorize again with access_type=offline and prompt=consent',
  },
  async identify(client, tokens, _input) {
    const channel = await client.getOwnChannel(tokens.accessToken);
    return {
      accountId: channel.id,
      displayName: channel.title,
      // The same call names the uploads playlist and the video count: the first backfill's preview counts a big channel's tail from it.
      remember: (trx, _connection, now) => rememberChannel(trx, { channelId: channel.id, uploadsPlaylistId: channel.uploadsPlaylistId, videoCount: channel.videoCount }, now),
    };
  },
  tasks: { [DAILY_CHANNEL_KIND]: createDailyChannelHandler, [CHANNEL_DAILY_ROLLUP_KIND]: createChannelDailyRollupHandler, [PLAYLIST_SYNC_KIND]: createPlaylistSyncHandler },
  taskLabels: {
    [DAILY_CHANNEL_KIND]: { verb: 'Fetching daily video metrics', unit: 'weekly chunks' },
    [CHANNEL_DAILY_ROLLUP_KIND]: { verb: 'Rebuilding channel_daily_metrics', unit: 'ranges' },
    [PLAYLIST_SYNC_KIND]: { verb: 'Syncing playlists', unit: 'syncs' },
  },
  planners: { 'data-collection': planDataCollection, sync: planSync, 'analytics-generation': planAnalyticsGeneration, 'playlist-sync': planPlaylistSync },
  planningFacts: { 'data-collection': catalogueFacts, sync: catalogueFacts },
  jobDetails: { 'playlist-sync': playlistSyncDetails, 'data-collection': chunkCompletenessDetails, sync: chunkCompletenessDetails },
  schedules: [{ cron: 'daily', job: 'sync', params: { days: CHUNK_DAYS }, reportAs: { key: 'run_for_dt', value: latestReportDay } }],
  // Both count per Google Cloud project (every tenant of the app) and reset at midnight Pacific.
  budgets: (settings) => [
    // Analytics queries: Google's quota is per project and adjustable, so it is the operator's
    // to set (YOUTUBE_ANALYTICS_DAILY_QUOTA); unset, queries are counted but not capped.
    {
      key: ANALYTICS_BUDGET,
      scope: 'app',
      requestsPerSecond: settings.requestsPerSecond,
      dailyQuota: settings.analyticsDailyQuota,
      quotaWindow: PACIFIC_DAY,
      unit: 'queries',
      backfillShare: 0.5,
      spentBy: [DAILY_CHANNEL_KIND],
    },
    // Data API units (catalogue, playlist sync): 10,000 a day per Google Cloud project by default (PLATFORMS.md).
    // Not held for daily_channel: most chunks never read the catalogue, and one that must and is
    // refused is rescheduled for when the budget frees up.
    {
      key: DATA_API_BUDGET,
      scope: 'app',
      requestsPerSecond: settings.requestsPerSecond,
      dailyQuota: settings.dataApiDailyQuota,
      quotaWindow: PACIFIC_DAY,
      unit: 'units',
      backfillShare: 0.5,
      spentBy: [PLAYLIST_SYNC_KIND],
    },
  ],
  // channel_daily_metrics follows every change of the video rows it sums.
  followUps: { 'data-collection': 'analytics-generation', sync: 'analytics-generation' },
};
