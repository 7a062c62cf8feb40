/**
 * The YouTube simulator as its own process (dev/simulators/youtube/main.ts), and a client for its
 * control endpoints: what the e2e tests call in-process (stats, ground truth), over HTTP.
 */
import type { FaultRates } from '../simulators/_shared/random-faults.js';
import type { CatalogueVideo, ChannelSpec, DailyVideoMetrics, DataUnitsUsed, FaultSpec, PlaylistTruth, SeedPlaylist, SimulatorStats } from '../simulators/youtube/index.js';
import { formatChannelSpec } from '../simulators/youtube/main-options.js';
import { startChild } from './child-process.js';
import { controlClient } from './control-client.js';

export interface SimulatorProcessOptions {
  faultRates?: FaultRates;
  seed?: number;
  videosPerChannel?: number;
  /** Channels by name with a catalogue of their own (YouTubeSimulatorOptions.channels), as `--channel` flags. */
  channels?: Record<string, ChannelSpec>;
  latencyMs?: number;
  /** Data API units per Pacific day before 403 quotaExceeded; default unlimited. */
  dataDailyQuota?: number;
  clientId: string;
  clientSecret: string;
  logFile: string;
}

export interface SimulatorProcess {
  baseUrl: string;
  /** The GOOGLE_* / YOUTUBE_* settings that point Sluice at this simulator. */
  googleEnv: Record<string, string>;
  stats(): Promise<SimulatorStats>;
  groundTruth(channelId: string, startDate: string, endDate: string): Promise<DailyVideoMetrics[]>;
  channelIdFor(name: string): Promise<string>;
  /** A single-use authorization code for the channel named so, granting `scope` (default: the read scopes). */
  issueCode(name: string, scope?: string): Promise<string>;
  videoIdsOf(channelId: string): Promise<string[]>;
  /** The channel's videos newest first, as its uploads playlist lists them. */
  catalogueOf(channelId: string): Promise<CatalogueVideo[]>;
  hideVideos(videoIds: readonly string[]): Promise<void>;
  playlists(channelId: string): Promise<PlaylistTruth[]>;
  seedPlaylist(channelId: string, playlist: SeedPlaylist): Promise<string>;
  dataUnitsUsed(): Promise<DataUnitsUsed>;
  setDataDailyQuota(units: number | null): Promise<void>;
  resetDataQuota(): Promise<void>;
  injectFaults(faults: readonly FaultSpec[]): Promise<void>;
  close(): Promise<void>;
}

export async function startSimulatorProcess(options: SimulatorProcessOptions): Promise<SimulatorProcess> {
  const args = ['--port', '0', '--client-id', options.clientId, '--client-secret', options.clientSecret];
  if (options.faultRates) args.push('--fault-rates', Object.entries(options.faultRates).map(([kind, rate]) => `${kind}=${rate}`).join(','));
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  if (options.videosPerChannel !== undefined) args.push('--videos', String(options.videosPerChannel));
  for (const [name, spec] of Object.entries(options.channels ?? {})) args.push('--channel', formatChannelSpec(name, spec));
  if (options.latencyMs !== undefined) args.push('--latency', String(options.latencyMs));
  if (options.dataDailyQuota !== undefined) args.push('--data-daily-quota', String(options.dataDailyQuota));
  const child = await startChild({ script: 'dev/simulators/youtube/main.ts', args, env: {}, logFile: options.logFile, ready: /YouTube simulator on (http:\/\/127\.0\.0\.1:\d+)/ });
  const baseUrl = child.match[1]!;
  const control = controlClient(baseUrl);
  return {
    baseUrl,
    googleEnv: {
      GOOGLE_CLIENT_ID: options.clientId,
      GOOGLE_CLIENT_SECRET: options.clientSecret,
      GOOGLE_REDIRECT_URI: 'http://127.0.0.1/oauth/callback',
      GOOGLE_OAUTH_TOKEN_URL: `${baseUrl}/token`,
      YOUTUBE_ANALYTICS_ROOT_URL: `${baseUrl}/`,
      YOUTUBE_DATA_ROOT_URL: `${baseUrl}/`,
    },
    stats: () => control.get('stats'),
    groundTruth: (channelId, startDate, endDate) => control.get('ground-truth', { channel_id: channelId, start_date: startDate, end_date: endDate }),
    channelIdFor: async (name) => (await control.get<{ channel_id: string }>('channel-id', { name })).channel_id,
    issueCode: async (name, scope) => (await control.post<{ code: string }>('issue-code', { name, ...(scope === undefined ? {} : { scope }) })).code,
    videoIdsOf: (channelId) => control.get('video-ids', { channel_id: channelId }),
    catalogueOf: (channelId) => control.get('catalogue', { channel_id: channelId }),
    hideVideos: async (videoIds) => void (await control.post('hide-videos', { ids: videoIds.join(',') })),
    playlists: (channelId) => control.get('playlists', { channel_id: channelId }),
    seedPlaylist: async (channelId, playlist) => (await control.post<{ id: string }>('seed-playlist', {}, { channelId, ...playlist })).id,
    dataUnitsUsed: () => control.get('data-units'),
    setDataDailyQuota: async (units) => void (await control.post('data-daily-quota', units === null ? {} : { units })),
    resetDataQuota: async () => void (await control.post('reset-data-quota')),
    injectFaults: async (faults) => void (await control.post('inject-faults', {}, faults)),
    close: () => child.kill('SIGTERM'),
  };
}
