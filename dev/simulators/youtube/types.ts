/** Public types of the YouTube simulator (entry points in `index.ts`). */
import type { FaultSpec as FaultSpecFor } from '../_shared/fault-queue.js';
import type { FaultRates } from '../_shared/random-faults.js';
import type { StatsByEndpoint } from '../_shared/simulator-stats.js';

export type { FaultKind } from '../_shared/fault-queue.js';
export type { FaultRates } from '../_shared/random-faults.js';
export type { EndpointStats, KeyStats } from '../_shared/simulator-stats.js';

export interface YouTubeSimulatorOptions {
  /** Added before every response. Default 0. */
  latencyMs?: number;
  /** Per API (analytics, data): requests accepted in any sliding 1-second window; more → 429. Default unlimited. */
  ratePerSecond?: number;
  /** Analytics calls per Pacific day (as `today` tells) before 403 quotaExceeded. Default unlimited. */
  analyticsDailyQuota?: number;
  /** Default 3600, as Google issues them. */
  accessTokenTtlSeconds?: number;
  /** Default 12. */
  videosPerChannel?: number;
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

export type SimulatedApi = 'analytics' | 'data' | 'oauth';
export type FaultSpec = FaultSpecFor<SimulatedApi>;

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

export type SimulatorEndpoint = 'oauth.token' | 'oauth.authorize' | 'data.channels.list' | 'analytics.reports.query';

export type SimulatorStats = StatsByEndpoint<SimulatorEndpoint>;
