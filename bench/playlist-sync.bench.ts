/**
 * `npm run bench:playlist-sync` (issue 13): the YouTube Data API units a playlist write-sync
 * spends ÷ the fewest it could (bench/playlist-sync-minimum.ts), clean (target 1.00) and with the
 * server SIGKILLed at random moments of its writes (target ≤ 1.02), and the channel afterwards
 * checked against the request: no item twice, no playlist created twice, no video missing.
 *
 * The YouTube simulator runs in this process, so its truth (playlists, units charged, requests)
 * is read directly; each response waits BENCH_LATENCY_MS, so a write is in flight when a kill
 * comes. Sluice is the local server (`npm start`) as its own process on a fixed port, on a fresh
 * database (BENCH_DATABASE). Per mode, a fresh channel is connected with the write scope
 * through the OAuth exchange endpoint, old playlists are seeded, the request (BENCH_CATEGORIES
 * categories of BENCH_VIDEOS_PER_CATEGORY videos, replacing three old playlists) is previewed
 * and created, and the bench calls the dispatch endpoint until the job ends:
 * - clean: nothing else;
 * - crashes: BENCH_KILLS SIGKILLs, each right after (0–2 × latency) the sync's n-th write reached
 *   YouTube — one during the creates, one during the deletes, the rest during the adds — then
 *   the dead server's lease is expired (the stand-in for the 60 s a lease takes), the server is
 *   started again on the same database and port, and dispatch goes on.
 * Between dispatch calls, queued tasks are made due (a reclaim's or a deadline's short wait). With
 * BENCH_DATA_QUOTA (e.g. 10000: Sluice's YOUTUBE_DATA_DAILY_QUOTA and the simulator's), a job
 * paused `quota_exhausted` is moved to the next day: the Data API budget's usage rows deleted,
 * its hold lifted, the simulator's day started afresh and the task made due; days are counted.
 *
 * Prints a table per mode, then the figures as one JSON line. Exits non-zero when an item or a
 * playlist is there twice, a video or playlist is missing, a replaced playlist is left, or a job
 * did not succeed.
 *
 * Env: BENCH_SMALL=1 (3 categories × 20 videos, 3 kills), BENCH_DATABASE (sqlite | mysql),
 * BENCH_MODES (clean,crashes), BENCH_KILLS (8), BENCH_CATEGORIES (6), BENCH_VIDEOS_PER_CATEGORY (80),
 * BENCH_VIDEOS (videos per channel, 600), BENCH_KEPT_PLAYLISTS (old playlists not replaced, 4),
 * BENCH_LATENCY_MS (100), BENCH_RATE (YOUTUBE_REQUESTS_PER_SECOND, 50), BENCH_DATA_QUOTA (units a
 * day, default 1,000,000: one day), BENCH_SEED (1), BENCH_MAX_SECONDS (per mode, 900), BENCH_MYSQL_URL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expireLeases, makeWaitingTasksDue, runningLeases } from '../dev/chaos/lease-aging.js';
import { freePort, startServerProcess, type ServerProcess } from '../dev/chaos/server-process.js';
import { mulberry32 } from '../dev/simulators/_shared/seeded-random.js';
import { DATA_API_UNITS, startYouTubeSimulator, type DataEndpoint, type RunningYouTubeSimulator, type SimulatorStats } from '../dev/simulators/youtube/index.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../dev/throwaway-database.js';
import { BENCH_SMALL, benchEngine, envNumber } from './bench-env.js';
import { checkSyncedChannel, syncCheckPassed, type SyncCheck } from './playlist-sync-check.js';
import { killPlan } from './playlist-sync-kill-plan.js';
import { minimumSyncUnits, type MinimumUnits } from './playlist-sync-minimum.js';

const SMALL = BENCH_SMALL;
const ENGINE = benchEngine();
const MODES = (process.env.BENCH_MODES ?? 'clean,crashes').split(',').map((mode) => {
  if (mode !== 'clean' && mode !== 'crashes') {
    console.error(`BENCH_MODES: ${mode}? expected clean and/or crashes, e.g. clean,crashes`);
    process.exit(2);
  }
  return mode;
});
const KILLS = envNumber('BENCH_KILLS', SMALL ? 3 : 8);
const CATEGORIES = envNumber('BENCH_CATEGORIES', SMALL ? 3 : 6);
const PER_CATEGORY = envNumber('BENCH_VIDEOS_PER_CATEGORY', SMALL ? 20 : 80);
const VIDEOS = envNumber('BENCH_VIDEOS', SMALL ? 120 : 600);
const KEPT_PLAYLISTS = envNumber('BENCH_KEPT_PLAYLISTS', 4);
const LATENCY_MS = envNumber('BENCH_LATENCY_MS', 100);
const RATE = envNumber('BENCH_RATE', 50);
const DATA_QUOTA = envNumber('BENCH_DATA_QUOTA', 1_000_000);
const SEED = envNumber('BENCH_SEED', 1);
const MAX_SECONDS = envNumber('BENCH_MAX_SECONDS', SMALL ? 300 : 900);
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';

const ADMIN = 'bench-playlist-admin';
const CRON = 'bench-playlist-cron';
const CLIENT = { id: 'bench-playlist.apps.googleusercontent.com', secret: 'bench-playlist-secret' };
const WRITE_GRANT = 'https://www.googleapis.com/auth/yt-analytics.readonly https://www.googleapis.com/auth/youtube.readonly https://www.googleapis.com/auth/youtube.force-ssl';
const TENANT = 'bench';
const WRITE_ENDPOINTS = ['data.playlists.insert', 'data.playlistItems.insert', 'data.playlists.delete'] as const satisfies readonly DataEndpoint[];
const READ_ENDPOINTS = ['data.playlists.list', 'data.playlistItems.list'] as const satisfies readonly DataEndpoint[];
/** Longer than a dispatch invocation lasts (60 s): a call still open is an invocation still running. */
const DISPATCH_TIMEOUT_MS = 90_000;
const START_ATTEMPTS = 3;
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

type Mode = 'clean' | 'crashes';
type Job = { id: number; status: string; stage: string; pause_reason: string | null; quota_used_this_sync: number; stage_results: Record<string, { succeeded: number; failed: number; skipped: number }>; error_count: number; errors?: unknown[] };

const benchStarted = Date.now();
const progress = (line: string) => process.stderr.write(`  [${((Date.now() - benchStarted) / 1_000).toFixed(1)} s] ${line}\n`);

/** The sync's server: one process at a time on a fixed port; `current` is null while it restarts. */
class Server {
  current: ServerProcess | null = null;
  restarting: Promise<void> | null = null;
  private readonly options: { port: number; env: Record<string, string>; logFile: string };
  constructor(options: { port: number; env: Record<string, string>; logFile: string }) {
    this.options = options;
  }

  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.current = await startServerProcess(this.options);
        return;
      } catch (error) {
        if (attempt >= START_ATTEMPTS) throw error;
        await sleep(500); // the port not yet free after the kill
      }
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  /** Answers once a server is up again after a kill. */
  async ready(): Promise<void> {
    while (this.current === null) await (this.restarting ?? sleep(50));
  }

  async call<T>(path: string, options: { method?: string; token?: string; body?: unknown; timeoutMs?: number } = {}): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url}${path}`, {
      method: options.method ?? 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token ?? ADMIN}` },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  /** An admin call that a kill may interrupt: tried again once the server is back. */
  async callSurviving<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
    for (;;) {
      await this.ready();
      try {
        return await this.call<T>(path, options);
      } catch {
        await sleep(50);
      }
    }
  }

  async stop(): Promise<void> {
    await this.restarting?.catch(() => {});
    const running = this.current;
    this.current = null;
    await running?.stop();
  }
}

async function runMode(mode: Mode) {
  const logDir = mkdtempSync(join(tmpdir(), `sluice-bench-playlist-${mode}-`));
  const random = mulberry32(SEED ^ 0x9a11);
  const sim = await startYouTubeSimulator({ clientId: CLIENT.id, clientSecret: CLIENT.secret, videosPerChannel: VIDEOS, latencyMs: LATENCY_MS, dataDailyQuota: DATA_QUOTA });
  let database: ThrowawayDatabase | undefined;
  let server: Server | undefined;
  try {
    database = await createThrowawayDatabase(ENGINE, { mysqlAdminUrl: MYSQL_URL, prefix: 'sluice_bench_playlist', connectionLimit: 4 });
    server = new Server({
      port: await freePort(),
      logFile: join(logDir, 'server.log'),
      env: {
        DATABASE_URL: database.url,
        ADMIN_TOKEN: ADMIN,
        CRON_SECRET: CRON,
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 13).toString('base64'),
        GOOGLE_CLIENT_ID: CLIENT.id,
        GOOGLE_CLIENT_SECRET: CLIENT.secret,
        GOOGLE_REDIRECT_URI: 'http://127.0.0.1/oauth/callback',
        GOOGLE_OAUTH_TOKEN_URL: sim.oauthTokenUrl,
        YOUTUBE_ANALYTICS_ROOT_URL: sim.analyticsRootUrl,
        YOUTUBE_DATA_ROOT_URL: sim.dataRootUrl,
        YOUTUBE_BACKFILL_DAYS: '1',
        YOUTUBE_REQUESTS_PER_SECOND: String(RATE),
        YOUTUBE_DATA_DAILY_QUOTA: String(DATA_QUOTA),
        CONNECTORS: 'youtube',
        LOG_LEVEL: 'warn',
      },
    });
    await server.start();

    // A channel with write access; its analytics backfill drained first, so the sync runs alone.
    const exchange = await server.call<{ channel_id: string }>('/api/oauth/youtube/exchange', { body: { tenant_id: TENANT, code: sim.issueCode(`bench-${mode}`, WRITE_GRANT) } });
    if (exchange.status !== 200) throw new Error(`connecting the channel answered ${exchange.status}: ${JSON.stringify(exchange.body)}`);
    const channelId = exchange.body.channel_id;
    await drain(server, database);

    const workload = seedWorkload(sim, channelId, random);
    const before = sim.playlists(channelId);
    const request = { tenant_id: TENANT, channel_id: channelId, categories: workload.categories.map((c) => ({ name: c.name, video_ids: c.videoIds })), replace_playlist_ids: workload.replaced };

    const unitsAtPreview = sim.dataUnitsUsed().total;
    const preview = await server.call<{ total_quota_cost: number; preview_quota_cost: number; estimated_days: number }>('/api/admin/playlist-sync/preview', { body: request });
    if (preview.status !== 200) throw new Error(`preview answered ${preview.status}: ${JSON.stringify(preview.body)}`);
    const unitsAtCreate = sim.dataUnitsUsed().total;
    const created = await server.call<{ id: number }>('/api/admin/playlist-sync', { body: request });
    if (created.status !== 201) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
    const usedAtStart = sim.dataUnitsUsed();
    const unitsAtStart = usedAtStart.total;
    sim.resetStats();
    progress(`${mode}: channel ${channelId}, ${before.length} playlists, job ${created.body.id}; preview says ${preview.body.total_quota_cost} units; logs in ${logDir}`);

    const minimum = minimumSyncUnits({
      playlistItemCounts: before.map((p) => p.videoIds.length),
      created: workload.categories.length,
      added: workload.categories.reduce((sum, c) => sum + new Set(c.videoIds).size, 0),
      deleted: workload.replaced.length,
    });
    const started = Date.now();
    const killer = mode === 'crashes' ? startKiller({ sim, server, database, minimum, random, created: workload.categories.length, deleted: workload.replaced.length }) : null;
    const run = await driveSync({ server, database, sim, jobId: created.body.id, killer });
    const wallSeconds = (Date.now() - started) / 1_000;
    await killer?.stop();

    const job = (await server.callSurviving<Job>(`/api/admin/backfill/${created.body.id}`, { method: 'GET' })).body;
    const stats = sim.stats();
    const used = sim.dataUnitsUsed();
    await server.stop();
    return {
      mode,
      logDir,
      job,
      minimum,
      unitsCharged: used.total - unitsAtStart,
      previewUnits: unitsAtCreate - unitsAtPreview,
      previewSaid: preview.body,
      createUnits: unitsAtStart - unitsAtCreate,
      reads: sumOf(stats, READ_ENDPOINTS),
      writes: sumOf(stats, WRITE_ENDPOINTS),
      writesApplied: WRITE_ENDPOINTS.reduce((sum, e) => sum + ((used.byEndpoint[e] ?? 0) - (usedAtStart.byEndpoint[e] ?? 0)) / DATA_API_UNITS[e], 0),
      writesByEndpoint: Object.fromEntries(WRITE_ENDPOINTS.map((e) => [e, stats[e].total])),
      unanswered: WRITE_ENDPOINTS.reduce((sum, e) => sum + (stats[e].byStatus['abandoned'] ?? 0) + (stats[e].byStatus['destroyed'] ?? 0), 0),
      readsByEndpoint: Object.fromEntries(READ_ENDPOINTS.map((e) => [e, stats[e].total])),
      check: checkSyncedChannel(sim.playlists(channelId), workload.categories, workload.replaced),
      kills: killer?.kills() ?? 0,
      killStages: killer?.stages() ?? [],
      ...run,
      wallSeconds,
    };
  } finally {
    await server?.stop().catch(() => {});
    await sim.close();
    await database?.drop();
  }
}

const sumOf = (stats: SimulatorStats, endpoints: readonly DataEndpoint[]) => endpoints.reduce((sum, e) => sum + stats[e].total, 0);

/** Old playlists (three to replace, one of them empty; some kept) and the categories, from a seeded shuffle of the channel's videos. */
function seedWorkload(sim: RunningYouTubeSimulator, channelId: string, random: () => number) {
  const videos = sim.videoIdsOf(channelId);
  const shuffled = [...videos];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const needed = CATEGORIES * PER_CATEGORY;
  if (needed > videos.length) throw new Error(`${CATEGORIES} × ${PER_CATEGORY} videos: the channel has only ${videos.length} (BENCH_VIDEOS)`);
  const categories = Array.from({ length: CATEGORIES }, (_, i) => ({ name: `Category ${i + 1}`, videoIds: shuffled.slice(i * PER_CATEGORY, (i + 1) * PER_CATEGORY) }));
  const replaced = [
    sim.seedPlaylist(channelId, { title: 'Old mix', videoIds: videos.slice(0, Math.min(120, videos.length)) }),
    sim.seedPlaylist(channelId, { title: 'Old picks', videoIds: videos.slice(0, 45) }),
    sim.seedPlaylist(channelId, { title: 'Old empty', videoIds: [] }),
  ];
  for (let i = 0; i < KEPT_PLAYLISTS; i++) sim.seedPlaylist(channelId, { title: `Kept ${i + 1}`, videoIds: videos.slice(i * 10, i * 10 + 10) });
  return { categories, replaced };
}

/** Dispatch until no task is queued or running (the connection's analytics backfill). */
async function drain(server: Server, database: ThrowawayDatabase): Promise<void> {
  for (let round = 0; round < 50; round++) {
    const { body } = await server.call<{ remaining: number }>('/api/jobs/dispatch', { method: 'GET', token: CRON, timeoutMs: DISPATCH_TIMEOUT_MS });
    if (body.remaining === 0) return;
    await makeWaitingTasksDue(database.db, new Date());
  }
  throw new Error('the analytics backfill did not drain');
}

interface Killer {
  kills(): number;
  stages(): string[];
  stop(): Promise<void>;
}

/**
 * Kills the server KILLS times, each at a planned write: once the sync's n-th write has reached
 * YouTube, after 0–2 × the latency (so the write is in flight, or answered and being recorded).
 * Planned: one among the creates, one among the deletes, the rest spread over the adds. After
 * each kill the dead server's leases are expired and it is started again.
 */
function startKiller(input: { sim: RunningYouTubeSimulator; server: Server; database: ThrowawayDatabase; minimum: MinimumUnits; random: () => number; created: number; deleted: number }): Killer {
  const { sim, server, database, minimum, random } = input;
  const plan = killPlan(minimum.writes, input.created, input.deleted, KILLS, random);
  let kills = 0;
  let stopping = false;
  const stages: string[] = [];
  const writesSoFar = () => {
    const stats = sim.stats();
    return WRITE_ENDPOINTS.reduce((sum, e) => sum + stats[e].total, 0);
  };
  const loop = (async () => {
    for (const at of plan) {
      while (!stopping && writesSoFar() < at) await sleep(5);
      if (stopping) return;
      await sleep(random() * 2 * LATENCY_MS);
      const victim = server.current;
      if (victim === null) continue;
      server.current = null;
      let restarted!: () => void;
      server.restarting = new Promise<void>((resolve) => (restarted = resolve));
      await victim.crash();
      kills++;
      stages.push(await stageOfSync(database));
      progress(`kill ${kills}/${plan.length} at write ${writesSoFar()} (planned ${at}), stage ${stages.at(-1)}`);
      // Dead, so every lease still running was its: expired now instead of in 60 s.
      await expireLeases(database.db, await runningLeases(database.db), new Date(Date.now() - 1_000));
      try {
        await server.start();
      } finally {
        restarted();
        server.restarting = null;
      }
    }
  })();
  return {
    kills: () => kills,
    stages: () => stages,
    stop: async () => {
      stopping = true;
      await loop;
    },
  };
}

async function stageOfSync(database: ThrowawayDatabase): Promise<string> {
  const task = await database.db.selectFrom('job_tasks').select(['checkpoint']).where('kind', '=', 'youtube.playlist_sync').executeTakeFirst();
  const checkpoint = typeof task?.checkpoint === 'string' ? JSON.parse(task.checkpoint) : task?.checkpoint;
  return (checkpoint as { stage?: string } | null)?.stage ?? 'unknown';
}

/** Dispatch calls until the job ends; a quota pause moves to the next day (see the header). */
async function driveSync(input: { server: Server; database: ThrowawayDatabase; sim: RunningYouTubeSimulator; jobId: number; killer: Killer | null }) {
  const { server, database, sim } = input;
  const deadline = Date.now() + MAX_SECONDS * 1_000;
  let invocations = 0;
  let interrupted = 0;
  let days = 1;
  for (;;) {
    if (Date.now() > deadline) return { invocations, interrupted, days, timedOut: true };
    await server.ready();
    invocations++;
    try {
      await server.call('/api/jobs/dispatch', { method: 'GET', token: CRON, timeoutMs: DISPATCH_TIMEOUT_MS });
    } catch {
      interrupted++; // killed mid-call
      continue;
    }
    const job = (await server.callSurviving<Job>(`/api/admin/backfill/${input.jobId}`, { method: 'GET' })).body;
    if (FINISHED.has(job.status)) return { invocations, interrupted, days, timedOut: false };
    if (job.pause_reason === 'quota_exhausted') {
      await nextQuotaDay(database, sim);
      days++;
      progress(`quota day ${days} begins (job at ${job.stage})`);
      continue;
    }
    if (job.pause_reason !== null) throw new Error(`job ${input.jobId} paused: ${job.pause_reason} (${JSON.stringify(job.errors ?? []).slice(0, 500)})`);
    await makeWaitingTasksDue(database.db, new Date());
  }
}

/** Midnight Pacific, simulated: Sluice's Data API budget starts the day empty, as does YouTube's. */
async function nextQuotaDay(database: ThrowawayDatabase, sim: RunningYouTubeSimulator): Promise<void> {
  await database.db.deleteFrom('budget_usage').where('budget', '=', 'youtube-data').execute();
  await database.db.updateTable('budget_pace').set({ held_until: null, held_reason: null }).where('budget', '=', 'youtube-data').execute();
  sim.resetDataQuota();
  await makeWaitingTasksDue(database.db, new Date());
}

type ModeResult = Awaited<ReturnType<typeof runMode>>;

console.log(
  `Playlist-sync benchmark${SMALL ? ' (smoke: BENCH_SMALL=1)' : ''}: ${CATEGORIES} categories × ${PER_CATEGORY} videos replacing 3 old playlists (${KEPT_PLAYLISTS} kept); ` +
    `simulator latency ${LATENCY_MS} ms, ${RATE} requests/s, ${DATA_QUOTA.toLocaleString('en-US')} Data API units a day; ${ENGINE === 'mysql' ? 'MariaDB' : 'SQLite'}, Node ${process.version}`,
);
const results: ModeResult[] = [];
for (const mode of MODES) results.push(await runMode(mode));

const fixed = (value: number, digits = 3) => value.toFixed(digits);
const verdict = (met: boolean) => (met ? 'MET' : 'NOT MET');
const checkLine = (c: SyncCheck) =>
  `${c.duplicateItems} items twice, ${c.duplicatePlaylists} playlists created twice; ${c.missingVideos} videos and ${c.missingPlaylists} playlists missing, ${c.extraVideos} stray, ${c.replacedLeft} replaced left`;
let failed = false;
for (const r of results) {
  const ratio = r.unitsCharged / r.minimum.total;
  const target = r.mode === 'clean' ? 1.0 : 1.02;
  const succeeded = r.job.status === 'succeeded' && !r.timedOut;
  failed ||= !syncCheckPassed(r.check) || !succeeded;
  const rows: [string, string, string][] = [
    ['units charged ÷ minimum', `${r.unitsCharged.toLocaleString('en-US')} ÷ ${r.minimum.total.toLocaleString('en-US')} = ${fixed(ratio, 4)}`, `${verdict(ratio <= target + 1e-9)} (${r.mode === 'clean' ? '1.00' : '≤ 1.02'})`],
    ['minimum', `${r.minimum.backupReads} backup reads + ${r.minimum.writes} writes × 50`, ''],
    ['reads made', `${r.reads} (${JSON.stringify(r.readsByEndpoint)}); ${r.reads - r.minimum.backupReads} beyond the backup's`, ''],
    ['writes made ÷ needed', `${r.writesApplied} applied (charged) ÷ ${r.minimum.writes}; ${r.writes} sent (${JSON.stringify(r.writesByEndpoint)}), ${r.unanswered} of them unanswered (their client killed)`, verdict(r.writesApplied === r.minimum.writes)],
    ['channel vs request', checkLine(r.check), verdict(syncCheckPassed(r.check))],
    ['job', `${r.job.status}, stage ${r.job.stage}, ${r.job.error_count} errors; Sluice counted ${r.job.quota_used_this_sync} units; ${JSON.stringify(r.job.stage_results)}`, verdict(succeeded)],
    ['preview', `total_quota_cost ${r.previewSaid.total_quota_cost} vs ${r.unitsCharged} charged; the preview's reads ${r.previewUnits} units (it said ${r.previewSaid.preview_quota_cost}), the create's ${r.createUnits}`, ''],
    ['kills', r.mode === 'crashes' ? `${r.kills} of ${KILLS} planned (stages: ${r.killStages.join(', ')})` : '0', ''],
    ['dispatch calls', `${r.invocations} (${r.interrupted} cut by a kill)`, ''],
    ['wall time', `${r.wallSeconds.toFixed(1)} s${r.timedOut ? ' (time bound hit)' : ''}`, ''],
    ['quota days', `${r.days}${DATA_QUOTA < 1_000_000 ? ` of ${DATA_QUOTA.toLocaleString('en-US')} units` : ''} (preview estimated ${r.previewSaid.estimated_days})`, ''],
  ];
  console.log(`\n**${r.mode === 'clean' ? 'Clean' : `With ${KILLS} crashes injected`} (${ENGINE})**\n\n| measure | value | target |\n|---|---|---|`);
  for (const [measure, value, t] of rows) console.log(`| ${measure} | ${value} | ${t} |`);
  console.log(`\nlogs: ${r.logDir}`);
}
console.log(
  `\n${JSON.stringify({
    bench: 'playlist-sync',
    small: SMALL,
    engine: ENGINE,
    dataQuota: DATA_QUOTA,
    modes: results.map((r) => ({
      mode: r.mode,
      ratio: r.unitsCharged / r.minimum.total,
      unitsCharged: r.unitsCharged,
      minimum: r.minimum,
      reads: r.reads,
      writes: r.writes,
      writesApplied: r.writesApplied,
      unanswered: r.unanswered,
      previewTotal: r.previewSaid.total_quota_cost,
      previewUnits: r.previewUnits,
      createUnits: r.createUnits,
      sluiceCounted: r.job.quota_used_this_sync,
      check: r.check,
      status: r.job.status,
      kills: r.kills,
      killStages: r.killStages,
      invocations: r.invocations,
      days: r.days,
      wallSeconds: r.wallSeconds,
    })),
  })}`,
);
if (failed) process.exitCode = 1;
