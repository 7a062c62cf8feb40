/**
 * The simulator: routes requests (paths relative to wherever it is mounted) to the fake Google
 * endpoints, applying latency, injected faults, the rate limit, auth and the daily quota around them.
 */
import type { IncomingMessage } from 'node:http';
import { DailyQuota } from '../_shared/daily-quota.js';
import { FaultQueue } from '../_shared/fault-queue.js';
import { RandomFaults } from '../_shared/random-faults.js';
import { bearerToken, readBody, type SimResponse } from '../_shared/http-io.js';
import { faultAnswer, serveRequest, type Answer } from '../_shared/serve-request.js';
import { SlidingWindowLimiter } from '../_shared/rate-limiter.js';
import type { MountableSimulator } from '../_shared/simulator-server.js';
import { StatsRecorder } from '../_shared/simulator-stats.js';
import { channelsList, type ChannelProfile } from './channels-list.js';
import { consentPage } from './consent-page.js';
import { pacificToday } from './dates.js';
import { faultResponse } from './fault-responses.js';
import { authError, backendError, quotaExceeded, rateLimitExceeded } from './google-errors.js';
import { tokenEndpoint } from './oauth-token-endpoint.js';
import { parseReportQuery } from './report-query.js';
import { buildResultTable } from './result-table.js';
import { channelDailyRows, channelIdFor, channelPublishedAt, channelVideos, type SyntheticVideo } from './synthetic-data.js';
import { TokenStore } from './token-store.js';
import type { DailyVideoMetrics, FaultSpec, SimulatedApi, SimulatorEndpoint, SimulatorStats, YouTubeSimulatorOptions } from './types.js';

export interface YouTubeSimulator extends MountableSimulator {
  /** A fresh single-use authorization code for the channel named so. */
  issueCode(channelName: string): string;
  /** Deterministic 'UC' + 22 chars. */
  channelIdFor(channelName: string): string;
  /** Exactly the per-(video, day) rows the API serves in [startDate, endDate], sorted by day then video id. */
  groundTruth(channelId: string, startDate: string, endDate: string): DailyVideoMetrics[];
  /** Later refreshes with the channel's refresh tokens → 400 invalid_grant. */
  revokeRefreshTokens(channelId: string): void;
  /** Later API calls with the channel's current access tokens → 401. */
  expireAccessTokens(channelId: string): void;
  /** Queued, consumed in order by the next requests to the matching API. */
  injectFaults(faults: FaultSpec[]): void;
  /**
   * Every request by endpoint and status; Analytics requests also by `{channelId}/{day}` (or
   * `{channelId}/{startDate}..{endDate}` for a range), so refetches of a channel-day show.
   */
  stats(): SimulatorStats;
  resetStats(): void;
}

/** `api` picks the faults and rate limit that apply (none for the consent page). */
type Route = { method: 'GET' | 'POST'; endpoint: SimulatorEndpoint; api: SimulatedApi | null };

const ROUTES = new Map<string, Route>([
  ['/token', { method: 'POST', endpoint: 'oauth.token', api: 'oauth' }],
  ['/o/oauth2/v2/auth', { method: 'GET', endpoint: 'oauth.authorize', api: null }],
  ['/youtube/v3/channels', { method: 'GET', endpoint: 'data.channels.list', api: 'data' }],
  ['/v2/reports', { method: 'GET', endpoint: 'analytics.reports.query', api: 'analytics' }],
]);

export function createYouTubeSimulator(options: YouTubeSimulatorOptions = {}): YouTubeSimulator {
  const today = options.today ?? (() => pacificToday());
  // Publish dates are anchored on "today" at creation, so the catalogue stays put while the clock moves.
  const anchorDay = today();
  const channelNames = new Map<string, string>();
  const catalogue = new Map<string, SyntheticVideo[]>();
  const store = new TokenStore({ accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600, channelIdFor: register });
  const faults = new FaultQueue<SimulatedApi>();
  const randomFaults = options.faultRates
    ? new RandomFaults<SimulatedApi>({
        rates: options.faultRates,
        apis: ['analytics'],
        seed: options.faultSeed,
        timeoutMs: options.faultTimeoutMs,
        retryAfterSeconds: options.faultRetryAfterSeconds,
      })
    : null;
  const stats = new StatsRecorder([...ROUTES.values()].map((route) => route.endpoint));
  const rate = options.ratePerSecond;
  const limiters = rate === undefined ? null : { data: new SlidingWindowLimiter(rate), analytics: new SlidingWindowLimiter(rate) };
  // YouTube quotas reset at midnight Pacific, the calendar `today` keeps:
  // https://developers.google.com/youtube/v3/guides/quota_and_compliance_audits
  const quota = options.analyticsDailyQuota === undefined ? null : new DailyQuota(options.analyticsDailyQuota, today);

  function register(channelName: string): string {
    const channelId = channelIdFor(channelName);
    channelNames.set(channelId, channelName);
    return channelId;
  }

  function groundTruth(channelId: string, startDate: string, endDate: string): DailyVideoMetrics[] {
    let videos = catalogue.get(channelId);
    if (!videos) catalogue.set(channelId, (videos = channelVideos(channelId, options.videosPerChannel ?? 12, anchorDay)));
    return channelDailyRows(channelId, videos, startDate, endDate, today());
  }

  function profile(id: string): ChannelProfile {
    return { id, title: channelNames.get(id) ?? id, publishedAt: channelPublishedAt(id, anchorDay) };
  }

  /**
   * The Data and Analytics APIs: rate limit, then Bearer auth, then (Analytics) the daily quota, which
   * counts every authenticated call, rejected queries included, as YouTube charges those too.
   */
  function answerApi(api: 'data' | 'analytics', req: IncomingMessage, query: URLSearchParams): SimResponse {
    const now = Date.now();
    const limiter = limiters?.[api];
    if (limiter && !limiter.tryAcquire(now)) return rateLimitExceeded(limiter.retryAfterSeconds(now));
    const token = bearerToken(req.headers.authorization);
    const channelId = token ? store.channelForAccessToken(token) : null;
    if (!channelId) return authError();
    if (api === 'data') return channelsList(query, profile(channelId), (id) => (channelNames.has(id) ? profile(id) : null));
    if (quota && !quota.tryConsume()) return quotaExceeded();
    const parsed = parseReportQuery(query, channelId);
    if (!parsed.ok) return parsed.response;
    const { startDate, endDate } = parsed.query;
    return { status: 200, body: buildResultTable(parsed.query, groundTruth(channelId, startDate, endDate)) };
  }

  async function answer(route: Route, req: IncomingMessage): Promise<Answer> {
    const body = route.method === 'POST' ? await readBody(req) : '';
    const fault = route.api ? (faults.take(route.api) ?? randomFaults?.draw(route.api) ?? null) : null;
    const faulted = await faultAnswer(fault, faultResponse);
    if (faulted) return faulted;
    const query = new URL(req.url ?? '/', 'http://simulator').searchParams;
    if (route.api === 'oauth') {
      return tokenEndpoint(new URLSearchParams(body), req.headers.authorization, store, options);
    }
    if (route.api === null) return consentPage(query, (name, scope, consent) => store.issueCode(register(name), scope, consent));
    return answerApi(route.api, req, query);
  }

  /** Analytics requests are counted per channel and report day: what a refetch fetches again. */
  function statsKey(route: Route, req: IncomingMessage): string | undefined {
    if (route.api !== 'analytics') return undefined;
    const query = new URL(req.url ?? '/', 'http://simulator').searchParams;
    const [ids, startDate, endDate] = [query.get('ids'), query.get('startDate'), query.get('endDate')];
    if (!ids?.startsWith('channel==') || !startDate || !endDate) return undefined;
    const named = ids.slice('channel=='.length);
    const token = bearerToken(req.headers.authorization);
    const channel = named === 'MINE' ? (token ? store.channelForAccessToken(token) : null) ?? 'MINE' : named;
    return startDate === endDate ? `${channel}/${startDate}` : `${channel}/${startDate}..${endDate}`;
  }

  return {
    async handle(req, res, path) {
      const route = ROUTES.get(path.split('?')[0] ?? path);
      if (!route || req.method !== route.method) return false;
      const context = { stats, latencyMs: options.latencyMs, internalError: () => backendError(500) };
      await serveRequest(req, res, { endpoint: route.endpoint, key: statsKey(route, req) }, context, () => answer(route, req));
      return true;
    },
    issueCode: (channelName) => store.issueCode(register(channelName)),
    channelIdFor: register,
    groundTruth,
    revokeRefreshTokens: (channelId) => store.revokeRefreshTokens(channelId),
    expireAccessTokens: (channelId) => store.expireAccessTokens(channelId),
    injectFaults: (list) => faults.push(list),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
  };
}
