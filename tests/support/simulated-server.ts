import { startLocalServer } from '../../dev/server.js';
import { startYouTubeSimulator, type RunningYouTubeSimulator } from '../../dev/simulators/youtube/index.js';
import type { YouTubeSimulatorServerOptions } from '../../dev/simulators/youtube/server.js';
import { toDbTime } from '../../db/values.js';
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
  /** One request to the server (POST unless told), JSON in and out, with a bearer token when given. */
  call(path: string, options?: ApiCall): Promise<{ status: number; body: any }>;
  /**
   * Dispatches (with the cron secret) until nothing is queued, making tasks waiting for a backoff
   * due after each round: the test's stand-in for time passing.
   */
  dispatchUntilIdle(rounds?: number): Promise<void>;
  close(): Promise<void>;
}

export interface ApiCall {
  method?: string;
  token?: string;
  body?: unknown;
  /** Sent as it is instead of `body`'s JSON. */
  rawBody?: string;
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
  const call: SimulatedServer['call'] = async (path, call = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method: call.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...(call.token ? { authorization: `Bearer ${call.token}` } : {}) },
      ...(call.rawBody !== undefined ? { body: call.rawBody } : call.body !== undefined && call.method !== 'GET' ? { body: JSON.stringify(call.body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  return {
    url: server.url,
    sim,
    database,
    call,
    async dispatchUntilIdle(rounds = 20) {
      for (let i = 0; i < rounds; i++) {
        const { body } = await call('/api/jobs/dispatch', { token: options.cron });
        if (body.remaining === 0) return;
        await database.db.updateTable('job_tasks').set({ run_after: toDbTime(new Date(Date.now() - 1_000)) }).where('status', '=', 'queued').execute();
      }
      throw new Error('queue did not drain');
    },
    async close() {
      await server.close();
      await sim.close();
      await database.drop();
    },
  };
}
