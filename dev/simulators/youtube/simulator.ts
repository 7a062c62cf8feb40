/**
 * The simulator: routes requests (paths relative to wherever it is mounted) to the fake Google
 * endpoints, applying latency, injected faults, the rate limit, auth and the daily quota around them.
 */
import type { IncomingMessage } from 'node:http';
import { commitThenFail, isCommitFault } from '../_shared/commit-faults.js';
import { DailyQuota } from '../_shared/daily-quota.js';
import { FaultQueue, type FaultKind, type FaultSpec as SharedFaultSpec } from '../_shared/fault-queue.js';
import { RandomFaults } from '../_shared/random-faults.js';
import { bearerToken, readBody, type SimResponse } from '../_shared/http-io.js';
import { faultAnswer, serveRequest, type Answer } from '../_shared/serve-request.js';
import { SlidingWindowLimiter } from '../_shared/rate-limiter.js';
import type { MountableSimulator } from '../_shared/simulator-server.js';
import { StatsRecorder } from '../_shared/simulator-stats.js';
import type { ChannelProfile } from './channels-list.js';
import { consentPage } from './consent-page.js';
import { answerDataApi } from './data-api.js';
import { DataQuota, type DataUnitsUsed } from './data-quota.js';
import { pacificToday } from './dates.js';
import { faultResponse } from './fault-responses.js';
import { authError, backendError, quotaExceeded, rateLimitExceeded } from './google-errors.js';
import { tokenEndpoint } from './oauth-token-endpoint.js';
import { parseReportQuery } from './report-query.js';
import { PlaylistStore } from './playlist-store.js';
import { buildResultTable } from './result-table.js';
import { channelDailyRows, channelIdFor, channelPublishedAt, channelStatistics } from './synthetic-data.js';
import { TokenStore } from './token-store.js';
import type {
  CatalogueVideo,
  ChannelSpec,
  DailyVideoMetrics,
  DataEndpoint,
  FaultSpec,
  PlaylistTruth,
  SeedPlaylist,
  SimulatedApi,
  SimulatorEndpoint,
  SimulatorStats,
  YouTubeSimulatorOptions,
} from './types.js';
import { VideoCatalogue } from './video-catalogue.js';

export interface YouTubeSimulator extends MountableSimulator {
  /** A fresh single-use authorization code for the channel named so, granting `scope` (default: the read scopes). */
  issueCode(channelName: string, scope?: string): string;
  /** Deterministic 'UC' + 22 chars. */
  channelIdFor(channelName: string): string;
  /** Exactly the per-(video, day) rows the API serves in [startDate, endDate], sorted by day then video id. */
  groundTruth(channelId: string, startDate: string, endDate: string): DailyVideoMetrics[];
  /** Later refreshes with the channel's refresh tokens → 400 invalid_grant. */
  revokeRefreshTokens(channelId: string): void;
  /** Later API calls with the channel's current access tokens → 401. */
  expireAccessTokens(channelId: string): void;
  /** Queued, consumed in order by the next requests to the matching API (and endpoint, when a fault names one). */
  injectFaults(faults: FaultSpec[]): void;
  /** The channel's playlists, oldest first, as the Data API holds them now. */
  playlists(channelId: string): PlaylistTruth[];
  /** Makes a playlist as if the channel had made it earlier (no units charged); its id. */
  seedPlaylist(channelId: string, playlist: SeedPlaylist): string;
  /** The channel's videos as its uploads playlist lists them: newest first (publishedAt descending, ties by id). */
  catalogueOf(channelId: string): CatalogueVideo[];
  /** The channel's synthetic video ids (the videos playlistItems.insert accepts). */
  videoIdsOf(channelId: string): string[];
  /** These videos become private or deleted: playlistItems.insert answers 404 videoNotFound. */
  hideVideos(videoIds: string[]): void;
  /** Undoes hideVideos. */
  showVideos(videoIds: string[]): void;
  /** Data API units charged. */
  dataUnitsUsed(): DataUnitsUsed;
  /** Units per Pacific day from now on; null: unlimited. */
  setDataDailyQuota(units: number | null): void;
  /** Today's Data API units start afresh, as at midnight Pacific. */
  resetDataQuota(): void;
  /**
   * Every request by endpoint and status; Analytics requests also by `{channelId}/{day}` (or
   * `{channelId}/{startDate}..{endDate}` for a range), so refetches of a channel-day show; a
   * query with `filters` by `{channelId}/{startDate}..{endDate}/{filters}` (e.g. `…/video==ID`),
   * a range even for one day.
   */
  stats(): SimulatorStats;
  resetStats(): void;
}

/** `api` picks the faults and rate limit that apply (none for the consent page). */
type Route = { endpoint: SimulatorEndpoint; api: SimulatedApi | null };

/** By '<method> <path>'. */
const ROUTES = new Map<string, Route>([
  ['POST /token', { endpoint: 'oauth.token', api: 'oauth' }],
  ['GET /o/oauth2/v2/auth', { endpoint: 'oauth.authorize', api: null }],
  ['GET /youtube/v3/channels', { endpoint: 'data.channels.list', api: 'data' }],
  ['GET /youtube/v3/playlists', { endpoint: 'data.playlists.list', api: 'data' }],
  ['POST /youtube/v3/playlists', { endpoint: 'data.playlists.insert', api: 'data' }],
  ['DELETE /youtube/v3/playlists', { endpoint: 'data.playlists.delete', api: 'data' }],
  ['GET /youtube/v3/playlistItems', { endpoint: 'data.playlistItems.list', api: 'data' }],
  ['POST /youtube/v3/playlistItems', { endpoint: 'data.playlistItems.insert', api: 'data' }],
  ['GET /v2/reports', { endpoint: 'analytics.reports.query', api: 'analytics' }],
]);

/** The specs by channel id; a spec that cannot make a catalogue throws, naming its channel. */
function channelSpecs(channels: Record<string, ChannelSpec>): Map<string, ChannelSpec> {
  return new Map(
    Object.entries(channels).map(([name, spec]) => {
      const { videos, activeVideos = videos, years = 1 } = spec;
      const problem = !Number.isInteger(videos) || videos < 1
        ? 'videos must be an integer ≥ 1'
        : !Number.isInteger(activeVideos) || activeVideos < 0 || activeVideos > videos
          ? 'activeVideos must be an integer from 0 to videos'
          : !Number.isInteger(years) || years < 1
            ? 'years must be an integer ≥ 1'
            : null;
      if (problem) throw new Error(`YouTube simulator channel "${name}": ${problem}`);
      return [channelIdFor(name), spec];
    }),
  );
}

export function createYouTubeSimulator(options: YouTubeSimulatorOptions = {}): YouTubeSimulator {
  const today = options.today ?? (() => pacificToday());
  // Publish dates are anchored on "today" at creation, so the catalogue stays put while the clock moves.
  const anchorDay = today();
  const channelNames = new Map<string, string>();
  const videos = new VideoCatalogue(options.videosPerChannel ?? 12, anchorDay, channelSpecs(options.channels ?? {}));
  const playlists = new PlaylistStore();
  const store = new TokenStore({ accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600, channelIdFor: register });
  const faults = new FaultQueue<SimulatedApi, FaultSpec>();
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
  const dataQuota = new DataQuota(options.dataDailyQuota ?? null, today);

  function register(channelName: string): string {
    const channelId = channelIdFor(channelName);
    channelNames.set(channelId, channelName);
    videos.videosOf(channelId); // a registered channel's videos exist from now on
    return channelId;
  }

  function groundTruth(channelId: string, startDate: string, endDate: string): DailyVideoMetrics[] {
    return channelDailyRows(channelId, videos.videosOf(channelId), startDate, endDate, today());
  }

  /** The rows of only the listed videos, those of the channel (others have no data for it). */
  function filteredRows(channelId: string, videoIds: readonly string[], startDate: string, endDate: string): DailyVideoMetrics[] {
    const own = [...new Set(videoIds)].map((id) => videos.videoOf(channelId, id)).filter((video) => video !== undefined);
    return channelDailyRows(channelId, own, startDate, endDate, today());
  }

  /** By channel id, for the day they were computed: every Data API call needs its caller's profile. */
  const statisticsCache = new Map<string, { day: string; statistics: ChannelProfile['statistics'] }>();
  function statisticsOf(id: string): ChannelProfile['statistics'] {
    const day = today();
    const cached = statisticsCache.get(id);
    if (cached?.day === day) return cached.statistics;
    const statistics = channelStatistics(videos.videosOf(id), day);
    statisticsCache.set(id, { day, statistics });
    return statistics;
  }

  function profile(id: string): ChannelProfile {
    const statistics = statisticsOf(id);
    return { id, title: channelNames.get(id) ?? id, publishedAt: channelPublishedAt(id, anchorDay), statistics };
  }

  /**
   * The Data and Analytics APIs: rate limit, then Bearer auth, then the daily quota, which counts
   * every authenticated call, rejected ones included, as YouTube charges those too.
   */
  function answerApi(route: Route & { api: 'data' | 'analytics' }, req: IncomingMessage, query: URLSearchParams, body: string): SimResponse {
    const { api } = route;
    const now = Date.now();
    const limiter = limiters?.[api];
    if (limiter && !limiter.tryAcquire(now)) return rateLimitExceeded(limiter.retryAfterSeconds(now));
    const token = bearerToken(req.headers.authorization);
    const channelId = token ? store.channelForAccessToken(token) : null;
    if (!channelId) return authError();
    if (api === 'data') {
      const endpoint = route.endpoint as DataEndpoint;
      if (!dataQuota.tryCharge(endpoint)) return quotaExceeded();
      const context = { own: profile(channelId), channel: (id: string) => (channelNames.has(id) ? profile(id) : null), playlists, videos, now: new Date().toISOString() };
      return answerDataApi(endpoint, query, body, context);
    }
    if (quota && !quota.tryConsume()) return quotaExceeded();
    const parsed = parseReportQuery(query, channelId);
    if (!parsed.ok) return parsed.response;
    const { startDate, endDate, videoFilter } = parsed.query;
    // Per-video calls come by the thousand for a big channel: only the filtered videos are computed.
    const rows = videoFilter ? filteredRows(channelId, videoFilter, startDate, endDate) : groundTruth(channelId, startDate, endDate);
    return { status: 200, body: buildResultTable(parsed.query, rows) };
  }

  async function answer(route: Route, req: IncomingMessage, received: Promise<string>): Promise<Answer> {
    const body = await received;
    const fault: SharedFaultSpec<SimulatedApi, FaultKind | 'commitThenTimeout' | 'commitThenServerError'> | null = route.api
      ? (faults.take(route.api, route.endpoint) ?? randomFaults?.draw(route.api) ?? null)
      : null;
    if (fault && isCommitFault(fault)) return commitThenFail(fault, () => answerNormally(route, req, body), backendError);
    // Not a commit fault, so one of the shared kinds faultAnswer knows.
    const faulted = await faultAnswer(fault as SharedFaultSpec<SimulatedApi> | null, faultResponse);
    return faulted ?? answerNormally(route, req, body);
  }

  async function answerNormally(route: Route, req: IncomingMessage, body: string): Promise<Answer> {
    const query = new URL(req.url ?? '/', 'http://simulator').searchParams;
    if (route.api === 'oauth') {
      return tokenEndpoint(new URLSearchParams(body), req.headers.authorization, store, options);
    }
    if (route.api === null) return consentPage(query, (name, scope, consent) => store.issueCode(register(name), scope, consent));
    return answerApi({ ...route, api: route.api }, req, query, body);
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
    const filters = query.get('filters');
    if (filters) return `${channel}/${startDate}..${endDate}/${filters}`;
    return startDate === endDate ? `${channel}/${startDate}` : `${channel}/${startDate}..${endDate}`;
  }

  return {
    async handle(req, res, path) {
      const route = ROUTES.get(`${req.method} ${path.split('?')[0] ?? path}`);
      if (!route) return false;
      const context = { stats, latencyMs: options.latencyMs, internalError: () => backendError(500) };
      // The body is taken in as it arrives, before the latency: a request Google has received is
      // applied even when its client dies while waiting for the answer (a killed process's write).
      const received = req.method === 'POST' ? readBody(req) : Promise.resolve('');
      received.catch(() => {}); // a body that fails to arrive is answered as a 500 by `answer`
      await serveRequest(req, res, { endpoint: route.endpoint, key: statsKey(route, req) }, context, () => answer(route, req, received));
      return true;
    },
    issueCode: (channelName, scope) => store.issueCode(register(channelName), scope),
    channelIdFor: register,
    groundTruth,
    revokeRefreshTokens: (channelId) => store.revokeRefreshTokens(channelId),
    expireAccessTokens: (channelId) => store.expireAccessTokens(channelId),
    injectFaults: (list) => faults.push(list),
    playlists: (channelId) =>
      playlists.ofChannel(channelId).map(({ id, title, description, privacyStatus, items }) => ({ id, title, description, privacyStatus, videoIds: items.map((item) => item.videoId) })),
    seedPlaylist(channelId, { title, description = '', privacyStatus = 'private', videoIds }) {
      const now = new Date().toISOString();
      const playlist = playlists.create(channelId, { title, description, privacyStatus }, now);
      for (const videoId of videoIds) playlists.addItem(playlist, videoId, undefined, now);
      return playlist.id;
    },
    catalogueOf: (channelId) => videos.uploadsOf(channelId).map(({ videoId, title, publishedAt }) => ({ videoId, title, publishedAt })),
    videoIdsOf: (channelId) => videos.videosOf(channelId).map((video) => video.videoId),
    hideVideos: (videoIds) => videos.hide(videoIds),
    showVideos: (videoIds) => videos.show(videoIds),
    dataUnitsUsed: () => dataQuota.used(),
    setDataDailyQuota: (units) => dataQuota.setLimit(units),
    resetDataQuota: () => dataQuota.startAfresh(),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
  };
}
