import { expect } from '@jest/globals';
import type { Kysely } from 'kysely';
import { join } from 'node:path';
import type { Database } from '../../db/database.js';
import { fromDbJson } from '../../db/values.js';
import { makeWaitingTasksDue } from '../../dev/chaos/lease-aging.js';
import { freePort, startServerProcess, type ServerProcess } from '../../dev/chaos/server-process.js';
import { startSimulatorProcess, type SimulatorProcess, type SimulatorProcessOptions } from '../../dev/chaos/simulator-process.js';
import type { PlaylistTruth, RunningYouTubeSimulator } from '../../dev/simulators/youtube/index.js';
import type { YouTubeSimulatorServerOptions } from '../../dev/simulators/youtube/server.js';
import { DATA_API_BUDGET } from '../../lib/connectors/youtube/budget-keys.js';
import { startSimulatedServer, type SimulatedServer } from './simulated-server.js';
import { createTestDatabase, type TestDatabase, type TestEngine } from './test-databases.js';

/**
 * What the playlist write-sync end-to-end tests share (issue 13, seed 003): Sluice's HTTP API as
 * they call it (admin and cron tokens, dispatch), a channel connected with write access, the
 * three categories they sync, the stand-in for the quota's midnight, and the checks that a
 * channel's playlists equal the categories with every video exactly once.
 */
export const ADMIN = 'admin-token-for-tests';
export const CRON = 'cron-secret-for-tests';
export const CLIENT = { id: 'e2e-client', secret: 'e2e-secret' };
/** The read scopes and `youtube.force-ssl`, as the consent for `access=write` grants them. */
export const WRITE_GRANT =
  'https://www.googleapis.com/auth/yt-analytics.readonly https://www.googleapis.com/auth/youtube.readonly https://www.googleapis.com/auth/youtube.force-ssl';

export interface ApiAnswer {
  status: number;
  body: any;
}

/** Sluice's HTTP API at `url`: admin calls by default, the cron token for dispatch. */
export interface SluiceApi {
  call(path: string, options?: { method?: string; token?: string; body?: unknown }): Promise<ApiAnswer>;
  /** One dispatcher invocation; its summary (`remaining`: tasks still queued). */
  dispatchOnce(): Promise<any>;
  /** `GET /api/admin/backfill/{id}`: the job with its playlist-sync fields. */
  job(id: number): Promise<any>;
}

export function sluiceApi(url: string): SluiceApi {
  const call: SluiceApi['call'] = async (path, options = {}) => {
    const method = options.method ?? 'POST';
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token ?? ADMIN}` },
      ...(options.body !== undefined && method !== 'GET' ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : JSON.parse(text) };
  };
  return {
    call,
    async dispatchOnce() {
      const { status, body } = await call('/api/jobs/dispatch', { token: CRON });
      if (status !== 200) throw new Error(`dispatch answered ${status}: ${JSON.stringify(body)}`);
      return body;
    },
    job: async (id) => (await call(`/api/admin/backfill/${id}`, { method: 'GET' })).body,
  };
}

/** Dispatches until no task is queued, making waiting tasks (a backoff, a quota's reset) due between rounds. */
export async function dispatchUntilIdle(api: SluiceApi, db: Kysely<Database>, rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if ((await api.dispatchOnce()).remaining === 0) return;
    await makeWaitingTasksDue(db, new Date(Date.now() - 1_000));
  }
  throw new Error(`the queue did not drain in ${rounds} dispatches`);
}

/** Dispatches (time left as it is: nothing made due) until the job satisfies `until`; answers the job. */
export async function dispatchUntilJob(api: SluiceApi, jobId: number, until: (job: any) => boolean, rounds = 10): Promise<any> {
  for (let i = 0; i < rounds; i++) {
    await api.dispatchOnce();
    const job = await api.job(jobId);
    if (until(job)) return job;
  }
  throw new Error(`job ${jobId} did not come to the state wanted in ${rounds} dispatches: ${JSON.stringify(await api.job(jobId))}`);
}

export interface Category {
  name: string;
  video_ids: string[];
}

/** Three categories of 5, 4 and 3 of the channel's videos: 3 playlists to create, 12 videos to add. */
export function threeCategories(videos: readonly string[]): Category[] {
  return [
    { name: 'Tutorials', video_ids: videos.slice(0, 5) },
    { name: 'Vlogs', video_ids: videos.slice(5, 9) },
    { name: 'Shorts', video_ids: videos.slice(9, 12) },
  ];
}

/** Connects the channel named `name` with write access for `tenantId`; its analytics backfill is then drained. */
export async function connectWriter(api: SluiceApi, db: Kysely<Database>, tenantId: string, code: string): Promise<string> {
  const exchange = await api.call('/api/oauth/youtube/exchange', { body: { tenant_id: tenantId, code } });
  if (exchange.status !== 200) throw new Error(`exchange answered ${exchange.status}: ${JSON.stringify(exchange.body)}`);
  await dispatchUntilIdle(api, db);
  return exchange.body.channel_id;
}

/**
 * The channel's playlists equal the categories exactly: one per category (title, private), each
 * holding its videos once, in order — no duplicate item, no duplicate playlist, none missing.
 * Playlists named in `besides` (kept on purpose) are left out.
 */
export function expectPlaylistsToEqual(playlists: readonly PlaylistTruth[], categories: readonly Category[], besides: readonly string[] = []): void {
  const synced = playlists.filter((p) => !besides.includes(p.id)).map((p) => ({ title: p.title, videoIds: p.videoIds, privacy: p.privacyStatus }));
  expect(synced).toEqual(categories.map((c) => ({ title: c.name, videoIds: c.video_ids, privacy: 'private' })));
}

/** The units a sync needs at least: a backup list (and one per existing playlist), 50 per playlist created, per video added and per playlist deleted. */
export function minimumUnits(work: { existingPlaylists: number; creates: number; adds: number; deletes: number }): number {
  return 1 + work.existingPlaylists + 50 * (work.creates + work.adds + work.deletes);
}

/**
 * The stand-in for midnight Pacific passing for Sluice's `youtube-data` budget: its counted units
 * (`budget_usage`, bucketed per quota window) are dropped and a hold from Google's quotaExceeded
 * (`budget_pace.held_until`) is lifted; the tasks waiting for the reset become due.
 */
export async function passQuotaMidnight(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('budget_usage').where('budget', '=', DATA_API_BUDGET).execute();
  await db.updateTable('budget_pace').set({ held_until: null, held_reason: null }).where('budget', '=', DATA_API_BUDGET).execute();
  await makeWaitingTasksDue(db, new Date(Date.now() - 1_000));
}

/** The first instant after `now` at which the wall clock in Los Angeles reads 00:00 (Google's quota day, PLATFORMS.md). */
export function nextMidnightInLosAngeles(now: Date): Date {
  const hourMs = 3_600_000;
  const laClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Los_Angeles', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  // Whole hours from the next full UTC hour: LA's offsets are whole hours, so its midnight is one of them.
  for (let t = Math.floor(now.getTime() / hourMs) * hourMs + hourMs; ; t += hourMs) {
    if (laClock.format(new Date(t)) === '00:00') return new Date(t);
  }
}

/** The task of a playlist-sync job as stored, with its state (checkpoint) parsed. */
export async function syncTask(db: Kysely<Database>, jobId: number): Promise<{ id: number; status: string; leaseToken: string | null; state: any }> {
  const row = await db.selectFrom('job_tasks').select(['id', 'status', 'lease_token', 'checkpoint']).where('job_id', '=', jobId).where('kind', '=', 'youtube.playlist_sync').executeTakeFirstOrThrow();
  return { id: Number(row.id), status: row.status, leaseToken: row.lease_token, state: fromDbJson(row.checkpoint) };
}

/** The in-process server and simulator most playlist-sync tests stand on, with its API and a write-connected channel per tenant. */
export interface PlaylistSyncRig {
  sim: RunningYouTubeSimulator;
  database: TestDatabase;
  db: Kysely<Database>;
  api: SluiceApi;
  /** A fresh channel named `name`, connected with write access for `tenantId`; its id and video ids. */
  connect(tenantId: string, name: string): Promise<{ channelId: string; videos: string[] }>;
  close(): Promise<void>;
}

export async function startPlaylistSyncRig(options: { engine: TestEngine; simulator?: Omit<YouTubeSimulatorServerOptions, 'clientId' | 'clientSecret'>; env?: Record<string, string> }): Promise<PlaylistSyncRig> {
  const server: SimulatedServer = await startSimulatedServer({
    engine: options.engine,
    admin: ADMIN,
    cron: CRON,
    client: CLIENT,
    simulator: { videosPerChannel: 14, ...options.simulator },
    env: { YOUTUBE_BACKFILL_DAYS: '7', YOUTUBE_REQUESTS_PER_SECOND: '500', ...options.env },
  });
  const api = sluiceApi(server.url);
  const { sim, database } = server;
  return {
    sim,
    database,
    db: database.db,
    api,
    async connect(tenantId, name) {
      const channelId = await connectWriter(api, database.db, tenantId, sim.issueCode(name, WRITE_GRANT));
      return { channelId, videos: sim.videoIdsOf(channelId) };
    },
    close: () => server.close(),
  };
}

/**
 * The server (`npm start`) and the YouTube simulator each in its own process, on a fresh
 * database: for tests that SIGKILL the server. `restart()` kills it (if alive) and starts it
 * again on the same port and database; the simulator lives on, its playlists the truth.
 */
export interface PlaylistSyncProcesses {
  sim: SimulatorProcess;
  server: { crash(): Promise<void>; restart(): Promise<void>; current(): ServerProcess };
  database: TestDatabase;
  db: Kysely<Database>;
  api: SluiceApi;
  connect(tenantId: string, name: string): Promise<{ channelId: string; videos: string[] }>;
  close(): Promise<void>;
}

export async function startPlaylistSyncProcesses(options: { engine: TestEngine; logDir: string; simulator?: Pick<SimulatorProcessOptions, 'latencyMs' | 'videosPerChannel' | 'dataDailyQuota'>; env?: Record<string, string> }): Promise<PlaylistSyncProcesses> {
  const sim = await startSimulatorProcess({ ...options.simulator, clientId: CLIENT.id, clientSecret: CLIENT.secret, logFile: join(options.logDir, 'simulator.log') });
  const database = await createTestDatabase(options.engine);
  const env = {
    DATABASE_URL: database.url,
    ADMIN_TOKEN: ADMIN,
    CRON_SECRET: CRON,
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    ...sim.googleEnv,
    YOUTUBE_BACKFILL_DAYS: '7',
    YOUTUBE_REQUESTS_PER_SECOND: '500',
    ...options.env,
  };
  const port = await freePort();
  let starts = 0;
  let child = await startServerProcess({ port, env, logFile: join(options.logDir, `server-${++starts}.log`) });
  const api = sluiceApi(child.url);
  return {
    sim,
    server: {
      crash: () => child.crash(),
      async restart() {
        await child.crash();
        child = await startServerProcess({ port, env, logFile: join(options.logDir, `server-${++starts}.log`) });
      },
      current: () => child,
    },
    database,
    db: database.db,
    api,
    async connect(tenantId, name) {
      const channelId = await connectWriter(api, database.db, tenantId, await sim.issueCode(name, WRITE_GRANT));
      return { channelId, videos: await sim.videoIdsOf(channelId) };
    },
    async close() {
      await child.crash();
      await sim.close();
      await database.drop();
    },
  };
}
