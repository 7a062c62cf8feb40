/** Serves the YouTube simulator on its own port, with the URLs to point Google's client packages at. */
import { startSimulatorServer, type SimulatorServer } from '../_shared/simulator-server.js';
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

export async function startYouTubeSimulator(
  options: YouTubeSimulatorOptions & { port?: number } = {},
): Promise<RunningYouTubeSimulator> {
  const { port = 0, ...simulatorOptions } = options;
  const simulator = createYouTubeSimulator(simulatorOptions);
  const { baseUrl, close } = await startSimulatorServer(simulator, {
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
