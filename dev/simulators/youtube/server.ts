/** Serves the simulator on 127.0.0.1 with node:http, mounted at the root. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeResponse } from '../_shared/http-io.js';
import { googleError } from './google-errors.js';
import { createYouTubeSimulator, type YouTubeSimulator } from './simulator.js';
import type { YouTubeSimulatorOptions } from './types.js';

export interface RunningYouTubeSimulator extends YouTubeSimulator {
  /** e.g. 'http://127.0.0.1:PORT' */
  baseUrl: string;
  /** For OAuth2Client `endpoints.oauth2TokenUrl`. */
  oauthTokenUrl: string;
  /** For OAuth2Client `endpoints.oauth2AuthBaseUrl` (the consent page stand-in). */
  oauthAuthUrl: string;
  /** `rootUrl` for @googleapis/youtubeanalytics (it appends 'v2/reports'). */
  analyticsRootUrl: string;
  /** `rootUrl` for @googleapis/youtube (it appends 'youtube/v3/channels'). */
  dataRootUrl: string;
  close(): Promise<void>;
}

export async function startYouTubeSimulator(
  options: YouTubeSimulatorOptions & { port?: number } = {},
): Promise<RunningYouTubeSimulator> {
  const { port = 0, ...simulatorOptions } = options;
  const simulator = createYouTubeSimulator(simulatorOptions);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    simulator.handle(req, res, path).then(
      (handled) => {
        if (!handled) writeResponse(res, googleError(404, `Not found: ${req.method} ${path}`, { reason: 'notFound' }));
      },
      (error: unknown) => res.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...simulator,
    baseUrl,
    oauthTokenUrl: `${baseUrl}/token`,
    oauthAuthUrl: `${baseUrl}/o/oauth2/v2/auth`,
    analyticsRootUrl: `${baseUrl}/`,
    dataRootUrl: `${baseUrl}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // including requests hanging on an injected timeout
      }),
  };
}
