import * as z from 'zod';
import { apiRootUrl, integer, optionalText } from '../../config/env-schema.js';
import { defineConnectorConfig } from '../connector-config.js';

/** YouTube's environment (DESIGN.md, Contracts). Loaded eagerly, so it imports zod only. */
export const youtubeConfig = defineConnectorConfig({
  platform: 'youtube',
  env: {
    GOOGLE_CLIENT_ID: optionalText,
    GOOGLE_CLIENT_SECRET: optionalText,
    GOOGLE_REDIRECT_URI: optionalText,
    GOOGLE_OAUTH_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
    /** Google's consent screen, where `/api/oauth/youtube/start` sends the user. */
    GOOGLE_OAUTH_AUTHORIZE_URL: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
    YOUTUBE_ANALYTICS_ROOT_URL: apiRootUrl('https://youtubeanalytics.googleapis.com/'),
    YOUTUBE_DATA_ROOT_URL: apiRootUrl('https://youtube.googleapis.com/'),
    /** Clamped, not rejected, when out of range (DESIGN.md): 7..365. */
    YOUTUBE_BACKFILL_DAYS: integer('YOUTUBE_BACKFILL_DAYS')
      .transform((days) => Math.min(365, Math.max(7, days)))
      .default(84),
    /** Requests per second Sluice allows itself against each YouTube API, shared by every invocation. */
    YOUTUBE_REQUESTS_PER_SECOND: integer('YOUTUBE_REQUESTS_PER_SECOND').pipe(z.number().int().min(1).max(1_000)).default(10),
    /** Data API units a day for the Google Cloud project (shared by every tenant); Google's default is 10,000. */
    YOUTUBE_DATA_DAILY_QUOTA: integer('YOUTUBE_DATA_DAILY_QUOTA').pipe(z.number().int().min(1)).default(10_000),
    /** Analytics queries a day for the Google Cloud project; unset: counted, not capped. */
    YOUTUBE_ANALYTICS_DAILY_QUOTA: integer('YOUTUBE_ANALYTICS_DAILY_QUOTA').pipe(z.number().int().min(1)).optional(),
  },
  secrets: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
  settings: (e) => ({
    clientId: e.GOOGLE_CLIENT_ID,
    clientSecret: e.GOOGLE_CLIENT_SECRET,
    redirectUri: e.GOOGLE_REDIRECT_URI,
    tokenUrl: e.GOOGLE_OAUTH_TOKEN_URL,
    authorizeUrl: e.GOOGLE_OAUTH_AUTHORIZE_URL,
    analyticsRootUrl: e.YOUTUBE_ANALYTICS_ROOT_URL,
    dataRootUrl: e.YOUTUBE_DATA_ROOT_URL,
    backfillDays: e.YOUTUBE_BACKFILL_DAYS,
    requestsPerSecond: e.YOUTUBE_REQUESTS_PER_SECOND,
    dataApiDailyQuota: e.YOUTUBE_DATA_DAILY_QUOTA,
    analyticsDailyQuota: e.YOUTUBE_ANALYTICS_DAILY_QUOTA ?? null,
  }),
});

export type YouTubeSettings = ReturnType<typeof youtubeConfig.settings>;
