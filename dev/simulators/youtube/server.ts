/** Serves the YouTube simulator on its own port, with the URLs to point Google's client packages at. */
import { withControlRoutes } from '../_shared/control-routes.js';
import { startSimulatorServer, type SimulatorServer } from '../_shared/simulator-server.js';
import { youtubeControlRoutes } from './control-routes.js';
import { googleError } from './google-errors.js';
import { createYouTubeSimulator, type YouTubeSimulator } from './simulator.js';
import type { YouTubeSimulatorOptions } from './types.js';

export interface RunningYouTubeSimulator extends YouTubeSimulator, SimulatorServer {
  /** For OAuth2Client `endpoints.oauth2TokenUrl`. */
  oauthTokenUrl: string;
  /** For OAuth2Client `endpoints.oauth2AuthBaseUrl` (the consent page stand-in). */
  oauthAuthUrl: string;
  /** `rootUrl` for @googleapis/youtubeanalytics (it appends 'v2/reports'). */
  analyticsRootUrl: string;
  /** `rootUrl` for @googleapis/youtube (it appends 'youtube/v3/channels'). */
  dataRootUrl: string;
}

export interface YouTubeSimulatorServerOptions extends YouTubeSimulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Also serve `/__control/…` (stats, ground truth: control-routes.ts), for a simulator in its own process. */
  controlRoutes?: boolean;
}

export async function startYouTubeSimulator(options: YouTubeSimulatorServerOptions = {}): Promise<RunningYouTubeSimulator> {
  const { port = 0, controlRoutes = false, ...simulatorOptions } = options;
  const simulator = createYouTubeSimulator(simulatorOptions);
  const { baseUrl, close } = await startSimulatorServer(controlRoutes ? withControlRoutes(simulator, youtubeControlRoutes(simulator)) : simulator, {
    port,
    notFound: (req, path) => googleError(404, `Not found: ${req.method} ${path}`, { reason: 'notFound' }),
  });
  return {
    ...simulator,
    baseUrl,
    oauthTokenUrl: `${baseUrl}/token`,
    oauthAuthUrl: `${baseUrl}/o/oauth2/v2/auth`,
    analyticsRootUrl: `${baseUrl}/`,
    dataRootUrl: `${baseUrl}/`,
    close,
  };
}
