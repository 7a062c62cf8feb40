import type { OAuth2Client } from 'google-auth-library';
import type * as z from 'zod';
import { ConfigError, ValidationError } from '../../errors.js';
import type { Clock } from '../../shared/clock.js';
import type { BudgetGate } from '../../budgets/budget-gate.js';
import { ANALYTICS_BUDGET, DATA_API_BUDGET } from './budget-keys.js';
import type { TokenSet } from '../auth/token-set.js';
import { classifyGoogleFailure, codeExchangeRejection, type GoogleFailure } from './google-failure.js';
import { DATA_API_UNITS } from './data-api-units.js';
import { READ_SCOPES, WRITE_SCOPE } from './youtube-scopes.js';
import type { Playlist, PlaylistItemPage, PlaylistPage } from './playlists.js';
import { toPlaylist, toPlaylistItem } from './playlists.js';
import {
  channelListSchema,
  playlistItemListSchema,
  playlistItemSchema,
  playlistListSchema,
  playlistSchema,
  resultTableSchema,
  tokenResponseSchema,
  uploadItemListSchema,
  type uploadItemSchema,
  type ResultTable,
} from './youtube.schemas.js';
import { REPORT_METRICS, TOP_VIDEOS_MAX_RESULTS } from './top-videos-report.mapper.js';

export interface OwnChannel {
  id: string;
  title: string | null;
  /** `contentDetails.relatedPlaylists.uploads`: every video the channel published. */
  uploadsPlaylistId: string | null;
  /** `statistics.videoCount`. */
  videoCount: number | null;
}

/** A video of a channel's catalogue, as its uploads playlist lists it. */
export interface CatalogueVideo {
  videoId: string;
  title: string;
  publishedAt: Date;
}

export interface UploadsPage {
  videos: CatalogueVideo[];
  nextPageToken: string | null;
  /** `pageInfo.totalResults`: the playlist's length as this page saw it (null when not sent). */
  totalResults: number | null;
}

export interface YouTubeApiSettings {
  clientId: string;
  clientSecret: string;
  redirectUri: string | undefined;
  tokenUrl: string;
  authorizeUrl: string;
  analyticsRootUrl: string;
  dataRootUrl: string;
}

export interface YouTubeClient {
  /** Google's consent URL: offline access with the consent prompt (so a refresh token comes back), the read scopes, and `youtube.force-ssl` for `write`. */
  authorizeUrl(state: string, access: 'read' | 'write'): string;
  exchangeCode(code: string, redirectUri?: string): Promise<TokenSet>;
  refreshAccessToken(refreshToken: string): Promise<TokenSet>;
  /** The authorizing user's channel, with its uploads playlist and video count (one call, 1 unit, whatever the parts). */
  getOwnChannel(accessToken: string): Promise<OwnChannel>;
  queryTopVideosForDay(accessToken: string, channelId: string, day: string): Promise<ResultTable>;
  /** The per-video daily shape: one video's rows by day over [startDate, endDate] (`dimensions=day`, `filters=video==ID`). */
  queryVideoDays(accessToken: string, channelId: string, videoId: string, range: { startDate: string; endDate: string }): Promise<ResultTable>;
  /** A page (≤ 50) of an uploads playlist: the channel's videos, newest first (1 unit). */
  listUploads(accessToken: string, query: { playlistId: string; pageToken?: string }): Promise<UploadsPage>;
  /** A page (≤ 50) of the channel's own playlists, or of those named by `ids` (≤ 50). */
  listPlaylists(accessToken: string, query: { ids?: readonly string[]; pageToken?: string }): Promise<PlaylistPage>;
  /** A page (≤ 50) of a playlist's items, only those of `videoId` when given. */
  listPlaylistItems(accessToken: string, query: { playlistId: string; videoId?: string; pageToken?: string }): Promise<PlaylistItemPage>;
  /** Creates a private playlist. Not idempotent: an unknown outcome must be looked up, not sent again. */
  insertPlaylist(accessToken: string, playlist: { title: string; description: string; privacyStatus?: string }): Promise<Playlist>;
  /** Adds a video at the playlist's end; answers the item's id. Not idempotent: YouTube keeps duplicates. */
  insertPlaylistItem(accessToken: string, item: { playlistId: string; videoId: string }): Promise<string>;
  deletePlaylist(accessToken: string, playlistId: string): Promise<void>;
}


/** 10 s per call: a hung connection must not eat a dispatcher's whole invocation. */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * gaxios retries whenever a request carries a `retryConfig`, whatever `retry` says (its
 * getRetryConfig), and the auth library attaches one to every token request; so the retry
 * count itself is zeroed as well.
 */
const NO_RETRY = { retry: false, retryConfig: { retry: 0, noResponseRetries: 0 }, timeout: REQUEST_TIMEOUT_MS } as const;

/**
 * The budgets each call spends (DESIGN.md "Budgets"): Analytics queries and Data API units are
 * paced and held apart, so a Data API quota error does not stop the Analytics queries. Costs
 * per call are Google's (PLATFORMS.md): a list is 1 Data API unit, a report query 1 query.
 */

/**
 * The only code that talks to Google for YouTube. The client libraries' own retries are off
 * (Google's libraries retry 429/5xx by themselves and ignore Retry-After): every failure is
 * classified into a typed error (google-failure.ts) and the queue decides. Token refresh is
 * explicit too — google-auth-library's eager refresh ignores a 0 threshold — so an API call
 * carries exactly the access token it is given.
 */
export async function createYouTubeClient(settings: YouTubeApiSettings, budgets: BudgetGate, clock: Clock): Promise<YouTubeClient> {
  // Loaded on first use: most dispatcher invocations find no YouTube work and never pay for them.
  const [{ youtube }, { youtubeAnalytics }, { OAuth2Client }] = await Promise.all([
    import('@googleapis/youtube'),
    import('@googleapis/youtubeanalytics'),
    import('google-auth-library'),
  ]);
  const oauthClient = () =>
    withoutRetries(
      new OAuth2Client({
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        redirectUri: settings.redirectUri,
        endpoints: { oauth2TokenUrl: settings.tokenUrl },
      }),
    );
  const oauth = oauthClient();
  // rootUrl goes on every call: given to the client, googleapis keeps only its origin and
  // drops a path prefix such as a proxy's (or the local simulator's /__sim/google/).
  const data = youtube({ version: 'v3' });
  const analytics = youtubeAnalytics({ version: 'v2' });

  const withAccessToken = (accessToken: string) => {
    const auth = withoutRetries(new OAuth2Client());
    auth.setCredentials({ access_token: accessToken });
    return auth;
  };

  // A failure is classified before the gate sees it: a 429 or quota error holds the budget.
  const call = <T>(budget: string, units: number, run: () => Promise<T>): Promise<T> =>
    budgets.spend(budget, { units }, async () => {
      try {
        return await run();
      } catch (error) {
        throw classify(error, clock.now());
      }
    });

  return {
    authorizeUrl(state, access) {
      // https://developers.google.com/identity/protocols/oauth2/web-server#creatingclient
      if (!settings.redirectUri) throw new ConfigError('GOOGLE_REDIRECT_URI must be set to start a consent');
      const url = new URL(settings.authorizeUrl);
      const scopes = access === 'write' ? [...READ_SCOPES, WRITE_SCOPE] : READ_SCOPES;
      url.search = new URLSearchParams({
        client_id: settings.clientId,
        redirect_uri: settings.redirectUri,
        response_type: 'code',
        scope: scopes.join(' '),
        access_type: 'offline',
        prompt: 'consent',
        include_granted_scopes: 'true',
        state,
      }).toString();
      return url.href;
    },

    async exchangeCode(code, redirectUri) {
      try {
        const { tokens } = await oauth.getToken({ code, redirect_uri: redirectUri ?? settings.redirectUri });
        return toTokenSet(tokens);
      } catch (error) {
        // A code or redirect URI Google refuses is the caller's to fix (a 4xx), not a task failure.
        const failure = googleFailureOf(error);
        const rejection = failure && codeExchangeRejection(failure, { redirectUriFromCaller: redirectUri !== undefined, cause: error });
        throw rejection ?? classify(error, clock.now());
      }
    },

    // Google's token endpoint is no YouTube API: it spends neither budget.
    async refreshAccessToken(refreshToken) {
      try {
        // A fresh client holding only the refresh token: getAccessToken() must refresh.
        const client = oauthClient();
        client.setCredentials({ refresh_token: refreshToken });
        await client.getAccessToken();
        const { refresh_token, ...rest } = client.credentials;
        // The library copies the old refresh token into credentials when Google sends none;
        // report a refresh token only when it is a new one.
        return toTokenSet({ ...rest, refresh_token: refresh_token === refreshToken ? undefined : refresh_token });
      } catch (error) {
        throw classify(error, clock.now());
      }
    },

    // https://developers.google.com/youtube/v3/docs/channels/list (mine=true: the authorizing user's channel)
    async getOwnChannel(accessToken) {
      // A call costs 1 unit whatever its parts: the catalogue's uploads playlist and size come free.
      const response = await call(DATA_API_BUDGET, DATA_API_UNITS.list, () =>
        data.channels.list({ auth: withAccessToken(accessToken), part: ['snippet', 'contentDetails', 'statistics'], mine: true }, { ...NO_RETRY, rootUrl: settings.dataRootUrl }),
      );
      const channel = channelListSchema.parse(response.data).items?.[0];
      if (!channel) throw new ValidationError('this Google account has no YouTube channel');
      return {
        id: channel.id,
        title: channel.snippet?.title ?? null,
        uploadsPlaylistId: channel.contentDetails?.relatedPlaylists?.uploads ?? null,
        videoCount: channel.statistics?.videoCount ?? null,
      };
    },

    // https://developers.google.com/youtube/analytics/channel_reports#video-reports — the
    // documented time-based shape for one video: dimensions=day, filters=video==ID. Only one
    // id: with several, `dimensions=day` sums them into one row a day (day,video is refused).
    async queryVideoDays(accessToken, channelId, videoId, range) {
      const response = await call(ANALYTICS_BUDGET, 1, () =>
        analytics.reports.query(
          {
            auth: withAccessToken(accessToken),
            ids: `channel==${channelId}`,
            startDate: range.startDate,
            endDate: range.endDate,
            dimensions: 'day',
            filters: `video==${videoId}`,
            metrics: Object.keys(REPORT_METRICS).join(','),
            sort: 'day',
          },
          { ...NO_RETRY, rootUrl: settings.analyticsRootUrl },
        ),
      );
      return resultTableSchema.parse(response.data);
    },

    // https://developers.google.com/youtube/v3/docs/playlistItems/list on the uploads playlist (1 unit a page)
    async listUploads(accessToken, query) {
      const response = await call(DATA_API_BUDGET, DATA_API_UNITS.list, () =>
        data.playlistItems.list(
          { auth: withAccessToken(accessToken), part: ['snippet', 'contentDetails'], playlistId: query.playlistId, maxResults: 50, ...(query.pageToken ? { pageToken: query.pageToken } : {}) },
          { ...NO_RETRY, rootUrl: settings.dataRootUrl },
        ),
      );
      const page = uploadItemListSchema.parse(response.data);
      return { videos: page.items.flatMap(toCatalogueVideo), nextPageToken: page.nextPageToken ?? null, totalResults: page.pageInfo?.totalResults ?? null };
    },

    // https://developers.google.com/youtube/analytics/channel_reports#top-videos-reports —
    // the documented "top videos" shape: dimensions=video, sorted by a metric descending,
    // maxResults ≤ 200. One day per call gives per-video daily rows.
    async queryTopVideosForDay(accessToken, channelId, day) {
      const response = await call(ANALYTICS_BUDGET, 1, () =>
        analytics.reports.query(
          {
            auth: withAccessToken(accessToken),
            ids: `channel==${channelId}`,
            startDate: day,
            endDate: day,
            dimensions: 'video',
            metrics: Object.keys(REPORT_METRICS).join(','),
            sort: '-views',
            maxResults: TOP_VIDEOS_MAX_RESULTS,
          },
          { ...NO_RETRY, rootUrl: settings.analyticsRootUrl },
        ),
      );
      return resultTableSchema.parse(response.data);
    },

    // https://developers.google.com/youtube/v3/docs/playlists/list (mine=true, or id=…; 1 unit)
    async listPlaylists(accessToken, query) {
      const filter = query.ids ? { id: [...query.ids] } : { mine: true };
      const response = await call(DATA_API_BUDGET, DATA_API_UNITS.list, () =>
        data.playlists.list(
          { auth: withAccessToken(accessToken), part: ['snippet', 'status', 'contentDetails'], maxResults: 50, ...filter, ...(query.pageToken ? { pageToken: query.pageToken } : {}) },
          { ...NO_RETRY, rootUrl: settings.dataRootUrl },
        ),
      );
      const page = playlistListSchema.parse(response.data);
      return { playlists: page.items.map(toPlaylist), nextPageToken: page.nextPageToken ?? null };
    },

    // https://developers.google.com/youtube/v3/docs/playlistItems/list (playlistId, optionally videoId; 1 unit)
    async listPlaylistItems(accessToken, query) {
      const response = await call(DATA_API_BUDGET, DATA_API_UNITS.list, () =>
        data.playlistItems.list(
          {
            auth: withAccessToken(accessToken),
            part: ['snippet'],
            playlistId: query.playlistId,
            maxResults: 50,
            ...(query.videoId ? { videoId: query.videoId } : {}),
            ...(query.pageToken ? { pageToken: query.pageToken } : {}),
          },
          { ...NO_RETRY, rootUrl: settings.dataRootUrl },
        ),
      );
      const page = playlistItemListSchema.parse(response.data);
      return { items: page.items.map(toPlaylistItem), nextPageToken: page.nextPageToken ?? null };
    },

    // https://developers.google.com/youtube/v3/docs/playlists/insert (part=snippet,status; 50 units)
    async insertPlaylist(accessToken, playlist) {
      const response = await call(DATA_API_BUDGET, DATA_API_UNITS.write, () =>
        data.playlists.insert(
          {
            auth: withAccessToken(accessToken),
            part: ['snippet', 'status'],
            requestBody: { snippet: { title: playlist.title, description: playlist.description }, status: { privacyStatus: playlist.privacyStatus ?? 'private' } },
          },
          { ...NO_RETRY, rootUrl: settings.dataRootUrl },
        ),
      );
      return toPlaylist(playlistSchema.parse(response.data));
    },

    // https://developers.google.com/youtube/v3/docs/playlistItems/insert (part=snippet; 50 units)
    async insertPlaylistItem(accessToken, item) {
      const response = await call(DATA_API_BUDGET, DATA_API_UNITS.write, () =>
        data.playlistItems.insert(
          { auth: withAccessToken(accessToken), part: ['snippet'], requestBody: { snippet: { playlistId: item.playlistId, resourceId: { kind: 'youtube#video', videoId: item.videoId } } } },
          { ...NO_RETRY, rootUrl: settings.dataRootUrl },
        ),
      );
      return playlistItemSchema.parse(response.data).id;
    },

    // https://developers.google.com/youtube/v3/docs/playlists/delete (204; 50 units)
    async deletePlaylist(accessToken, playlistId) {
      await call(DATA_API_BUDGET, DATA_API_UNITS.write, () => data.playlists.delete({ auth: withAccessToken(accessToken), id: playlistId }, { ...NO_RETRY, rootUrl: settings.dataRootUrl }));
    },
  };
}

/**
 * Turns off the auth client's own retries: it forces `retry: true` on token requests. The
 * client's transporter is used (not a Gaxios imported here): google-auth-library loads
 * gaxios as CommonJS, and an ESM import would be a second, incompatible copy.
 */
function withoutRetries(client: OAuth2Client): OAuth2Client {
  client.transporter.interceptors.request.add({
    resolved: async (options) => ({ ...options, ...NO_RETRY, retryConfig: { ...options.retryConfig, ...NO_RETRY.retryConfig } }),
  });
  return client;
}

interface GaxiosFailureShape {
  status?: number;
  code?: string | number;
  message: string;
  response?: { status?: number; data?: unknown; headers?: { get?(name: string): string | null } };
}

/**
 * GaxiosError, recognised by shape (see withoutRetries for why not by class): its `name` is
 * plain "Error", but it carries the request `config` and, when there was one, the `response`.
 */
function gaxiosFailure(error: unknown): GaxiosFailureShape | undefined {
  if (!(error instanceof Error)) return undefined;
  const shaped = error.constructor.name === 'GaxiosError' || (typeof (error as { config?: unknown }).config === 'object' && 'response' in error);
  return shaped ? (error as unknown as GaxiosFailureShape) : undefined;
}

/**
 * Pure: an uploads item → a catalogue video; the video's own publish time (`videoPublishedAt`),
 * else when it joined the uploads playlist, which is when it was published. An item with
 * neither is left out (it cannot be placed in any window).
 */
export function toCatalogueVideo(item: z.infer<typeof uploadItemSchema>): CatalogueVideo[] {
  const published = item.contentDetails?.videoPublishedAt ?? item.snippet.publishedAt;
  if (!published) return [];
  return [{ videoId: item.contentDetails?.videoId ?? item.snippet.resourceId.videoId, title: item.snippet.title, publishedAt: new Date(published) }];
}

function toTokenSet(raw: unknown): TokenSet {
  const tokens = tokenResponseSchema.parse(raw);
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? undefined,
    expiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
    scopes: tokens.scope ?? '',
  };
}

/** What Google answered, read from a GaxiosError; undefined for any other error. */
function googleFailureOf(error: unknown): GoogleFailure | undefined {
  const failure = gaxiosFailure(error);
  if (!failure) return undefined;
  return {
    status: failure.status ?? failure.response?.status,
    body: failure.response?.data,
    retryAfter: failure.response?.headers?.get?.('retry-after') ?? null,
    transportError: failure.code ? String(failure.code) : failure.message,
  };
}

function classify(error: unknown, now: Date): Error {
  const failure = googleFailureOf(error);
  if (failure) return classifyGoogleFailure(failure, now);
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return classifyGoogleFailure({ status: undefined, body: undefined, retryAfter: null, transportError: error.message }, now);
  }
  return error instanceof Error ? error : new Error(String(error));
}
