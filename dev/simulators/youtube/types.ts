/** Public types of the YouTube simulator (entry points in `index.ts`). */
import type { FaultOrCommitKind } from '../_shared/commit-faults.js';
import type { FaultSpec as FaultSpecFor } from '../_shared/fault-queue.js';
import type { FaultRates } from '../_shared/random-faults.js';
import type { StatsByEndpoint } from '../_shared/simulator-stats.js';

export type { FaultKind } from '../_shared/fault-queue.js';
export type { CommitFaultKind, FaultOrCommitKind } from '../_shared/commit-faults.js';
export type { FaultRates } from '../_shared/random-faults.js';
export type { EndpointStats, KeyStats } from '../_shared/simulator-stats.js';

export interface YouTubeSimulatorOptions {
  /** Added before every response. Default 0. */
  latencyMs?: number;
  /** Per API (analytics, data): requests accepted in any sliding 1-second window; more → 429. Default unlimited. */
  ratePerSecond?: number;
  /** Analytics calls per Pacific day (as `today` tells) before 403 quotaExceeded. Default unlimited. */
  analyticsDailyQuota?: number;
  /**
   * Data API units per Pacific day (as `today` tells); a request whose units no longer fit is 403
   * quotaExceeded. Prices: data-quota.ts. Default unlimited (units are counted all the same).
   */
  dataDailyQuota?: number;
  /** Default 3600, as Google issues them. */
  accessTokenTtlSeconds?: number;
  /** Default 12. Every one of them exists, public, for playlistItems.insert. */
  videosPerChannel?: number;
  /**
   * Channels whose catalogue differs from the default, by channel NAME (as in `issueCode(name)` and
   * `sim-code-<name>`): e.g. a big channel beyond the top-videos report's 200. Unlisted channels
   * get `videosPerChannel` videos, exactly as without this option.
   */
  channels?: Record<string, ChannelSpec>;
  /** 'YYYY-MM-DD': decides which days have data, and the quota day. Default: the real clock in America/Los_Angeles. */
  today?: () => string;
  /**
   * Random faults on Analytics `reports.query` requests, at these rates per request (e.g.
   * `{ serverError: 0.1, rateLimited: 0.05, timeout: 0.02 }`), answered as injected faults of the
   * same kind are. An injected fault, when one is queued, goes first. Default: none.
   */
  faultRates?: FaultRates;
  /** Seed of the random faults. Default 1. */
  faultSeed?: number;
  /** A random timeout hangs this long, then drops the socket. Default 11000: past the 10 s Sluice waits. */
  faultTimeoutMs?: number;
  /** Retry-After of a random 429, seconds. Default 1. */
  faultRetryAfterSeconds?: number;
  /** When set, the token endpoint checks the client credentials (401 invalid_client). */
  clientId?: string;
  clientSecret?: string;
}

/** A configured channel (YouTubeSimulatorOptions.channels). */
export interface ChannelSpec {
  /** Its catalogue size, instead of `videosPerChannel`. */
  videos: number;
  /**
   * How many of them have views on most days (a row on ~94% of days since publish); the others
   * are quiet (a row on ~2% of days). Which ones is a seeded choice per channel. Default: all.
   */
  activeVideos?: number;
  /** Videos are published over this many years before the simulator's first day (at least 3 days before it). Default 1. */
  years?: number;
}

/** One entry of `catalogueOf`: a video as the channel's uploads playlist lists it. */
export interface CatalogueVideo {
  videoId: string;
  title: string;
  /** ISO timestamp inside the video's Pacific publish day, the first day it has data. */
  publishedAt: string;
}

export type SimulatedApi = 'analytics' | 'data' | 'oauth';
/**
 * A queued fault. Besides the shared kinds, 'commitThenTimeout' and 'commitThenServerError' apply
 * the request (a playlist write happens) and then lose the answer (../_shared/commit-faults.ts).
 * `endpoint` aims it at one endpoint, e.g. the third 'data.playlistItems.insert' with `after: 2`.
 */
export type FaultSpec = FaultSpecFor<SimulatedApi, FaultOrCommitKind> & { endpoint?: SimulatorEndpoint };

/** One (video, day) row as the top-videos report serves it for a single day. All integers. */
export interface DailyVideoMetrics {
  channelId: string;
  videoId: string;
  dt: string;
  views: number;
  estimatedMinutesWatched: number;
  /** Seconds: round(estimatedMinutesWatched * 60 / views). */
  averageViewDuration: number;
  likes: number;
  comments: number;
  shares: number;
  subscribersGained: number;
  subscribersLost: number;
}

export type DataEndpoint =
  | 'data.channels.list'
  | 'data.playlists.list'
  | 'data.playlists.insert'
  | 'data.playlists.delete'
  | 'data.playlistItems.list'
  | 'data.playlistItems.insert';

export type SimulatorEndpoint = 'oauth.token' | 'oauth.authorize' | DataEndpoint | 'analytics.reports.query';

/** A channel's playlist as `playlists(channelId)` tells it. */
export interface PlaylistTruth {
  id: string;
  title: string;
  description: string;
  privacyStatus: 'public' | 'unlisted' | 'private';
  /** In position order, duplicates kept. */
  videoIds: string[];
}

export interface SeedPlaylist {
  title: string;
  description?: string;
  /** Default 'private', as Sluice makes its playlists. */
  privacyStatus?: 'public' | 'unlisted' | 'private';
  /** Taken as given, whether or not the videos exist. */
  videoIds: string[];
}

export type SimulatorStats = StatsByEndpoint<SimulatorEndpoint>;
