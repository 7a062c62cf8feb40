import { startLocalServer } from '../../dev/server.js';
import { startYouTubeSimulator, type RunningYouTubeSimulator } from '../../dev/simulators/youtube/index.js';
import type { YouTubeSimulatorServerOptions } from '../../dev/simulators/youtube/server.js';
import { createTestDatabase, type TestDatabase, type TestEngine } from './test-databases.js';

/**
 * What most end-to-end tests stand on: the local server, in-process, on its own test database,
 * with Google pointed at a YouTube simulator on loopback that the real Google client packages
 * talk to. `env` adds or overrides settings (YOUTUBE_BACKFILL_DAYS, rates, lanes, a token URL
 * standing in front of the simulator's). `close()` stops both and drops the database.
 */
export interface SimulatedServer {
  url: string;
  sim: RunningYouTubeSimulator;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface SimulatedServerOptions {
  engine: TestEngine;
  admin: string;
  cron: string;
  /** The simulator's OAuth client (also the server's GOOGLE_CLIENT_ID/SECRET). */
  client: { id: string; secret: string };
  simulator?: Omit<YouTubeSimulatorServerOptions, 'clientId' | 'clientSecret'>;
  /** More environment; a function gets the simulator (e.g. to put a proxy in front of its token URL). */
  env?: Record<string, string> | ((sim: RunningYouTubeSimulator) => Record<string, string> | Promise<Record<string, string>>);
}

export async function startSimulatedServer(options: SimulatedServerOptions): Promise<SimulatedServer> {
  const sim = await startYouTubeSimulator({ clientId: options.client.id, clientSecret: options.client.secret, ...options.simulator });
  const database = await createTestDatabase(options.engine);
  const extra = typeof options.env === 'function' ? await options.env(sim) : (options.env ?? {});
  const server = await startLocalServer({
    port: 0,
    quiet: true,
    crons: false,
    env: {
      DATABASE_URL: database.url,
      ADMIN_TOKEN: options.admin,
      CRON_SECRET: options.cron,
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      GOOGLE_CLIENT_ID: options.client.id,
      GOOGLE_CLIENT_SECRET: options.client.secret,
      GOOGLE_REDIRECT_URI: 'http://127.0.0.1/callback',
      GOOGLE_OAUTH_TOKEN_URL: sim.oauthTokenUrl,
      YOUTUBE_ANALYTICS_ROOT_URL: sim.analyticsRootUrl,
      YOUTUBE_DATA_ROOT_URL: sim.dataRootUrl,
      ...extra,
    },
  });
  return {
    url: server.url,
    sim,
    database,
    async close() {
      await server.close();
      await sim.close();
      await database.drop();
    },
  };
}
