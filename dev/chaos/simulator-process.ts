/**
 * The YouTube simulator as its own process (dev/simulators/youtube/main.ts), and a client for its
 * control endpoints: what the e2e tests call in-process (stats, ground truth), over HTTP.
 */
import type { FaultRates } from '../simulators/_shared/random-faults.js';
import type { DailyVideoMetrics, SimulatorStats } from '../simulators/youtube/index.js';
import { startChild } from './child-process.js';
import { controlClient } from './control-client.js';

export interface SimulatorProcessOptions {
  faultRates?: FaultRates;
  seed?: number;
  videosPerChannel?: number;
  latencyMs?: number;
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
  close(): Promise<void>;
}

export async function startSimulatorProcess(options: SimulatorProcessOptions): Promise<SimulatorProcess> {
  const args = ['--port', '0', '--client-id', options.clientId, '--client-secret', options.clientSecret];
  if (options.faultRates) args.push('--fault-rates', Object.entries(options.faultRates).map(([kind, rate]) => `${kind}=${rate}`).join(','));
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  if (options.videosPerChannel !== undefined) args.push('--videos', String(options.videosPerChannel));
  if (options.latencyMs !== undefined) args.push('--latency', String(options.latencyMs));
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
    close: () => child.kill('SIGTERM'),
  };
}
