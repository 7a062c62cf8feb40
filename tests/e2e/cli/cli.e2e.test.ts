import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { callApi } from '../../../dev/local-server/api-client.js';
import { parseDevSecrets } from '../../../dev/local-server/dev-secrets.js';
import { startLocalServer, type LocalServer } from '../../../dev/local-server/local-server.js';
import { tempWorkDir, WITHOUT_GOOGLE } from '../local-server/support.js';
import { cliEnv, ROOT, sluice, whileDispatching as dispatchingUntilExit, type CliRun } from './support.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';
import { testEnv } from '../../support/test-env.js';

const CRON = 'cron-secret-cli-e2e';
type Run = CliRun;

/** The scopes of a connection made with `access=write` (issue 13): the playlist sync needs youtube.force-ssl. */
const WRITE_GRANT = 'https://www.googleapis.com/auth/yt-analytics.readonly https://www.googleapis.com/auth/youtube.readonly https://www.googleapis.com/auth/youtube.force-ssl';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('sluice CLI without a server', () => {
  const work = tempWorkDir();
  afterAll(() => work.remove());

  it('prints help with every command and the exit codes (exit 0)', async () => {
    const run = await sluice(['--help'], { cwd: work.dir });
    expect(run.code).toBe(0);
    for (const command of ['jobs list', 'jobs show ID', 'jobs create', 'jobs preview', 'jobs cancel ID', 'jobs pause ID', 'jobs resume ID', 'jobs watch [ID…]', 'config rate-limit get', 'config rate-limit set PLATFORM', 'pipeline create', 'pipeline status RUN', 'pipeline approve RUN', 'pipeline health RUN', 'pipeline rollback RUN', 'pipeline report RUN', 'pipeline list', 'playlist-sync preview', 'playlist-sync create', 'playlist-sync restore ID']) {
      expect(run.stdout).toContain(`  ${command}  `);
    }
    expect(run.stdout).toContain('6  unauthorized (401)');
    const create = await sluice(['jobs', 'create', '--help'], { cwd: work.dir });
    expect(create).toMatchObject({ code: 0, stderr: '' });
    expect(create.stdout).toContain('--tenant X');
  });

  it('runs as `npx sluice` from the repository with a shell whose PATH lacks the project\'s Node', async () => {
    const shellPath = (process.env['PATH'] ?? '').split(delimiter).filter((dir) => !dir.includes(join('node_modules', '.bin'))).join(delimiter);
    const run = await new Promise<Run>((resolve) => {
      execFile('npx', ['sluice', '--help'], { cwd: ROOT, env: { ...cliEnv({}), PATH: shellPath }, timeout: 50_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npx sluice <command> \[options\]/);
  });

  it('exits 2 on a usage error, naming it', async () => {
    const run = await sluice(['jobs', 'preview', '--tenant', 'acme', '--days', 'many'], { cwd: work.dir });
    expect(run).toEqual({ code: 2, stdout: '', stderr: "sluice: --days must be a whole number, not 'many'\nRun 'npx sluice jobs preview --help' for usage.\n" });
  });

  it('exits 1 when nothing listens at the URL', async () => {
    const port = await closedPort();
    const run = await sluice(['jobs', 'list'], { cwd: work.dir, env: { SLUICE_URL: `http://127.0.0.1:${port}` } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`sluice: cannot reach http://127.0.0.1:${port}: ECONNREFUSED`);
  });
});

describe('sluice CLI against the local server', () => {
  const work = tempWorkDir();
  const secretsFile = join(work.dir, '.data', 'dev-secrets.env');
  let server: LocalServer;
  let adminToken: string;
  let channelId: string;
  let initialJobId: string;
  /** From the work directory, as a user in the project after `npm start`: the token comes from its secrets file. */
  const cli = (...args: string[]) => sluice(args, { cwd: work.dir, env: { SLUICE_URL: server.url } });
  /** A CLI run, and a promise settled once it has printed something (or ended). */
  const cliPrinting = (...args: string[]) => {
    const printed = Promise.withResolvers<void>();
    const run = sluice(args, { cwd: work.dir, env: { SLUICE_URL: server.url }, onOutput: () => printed.resolve() });
    return { run, printed: Promise.race([printed.promise, run.then(() => {})]) };
  };
  const json = <T>(run: Run): T => {
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(run.stdout) as T;
  };
  /** Runs a CLI command while the test dispatches, as the cron would, until the CLI exits. */
  const whileDispatching = (run: Promise<Run>) => dispatchingUntilExit(run, () => server.triggerCron('/api/jobs/dispatch'));

  /** One engine is enough for the CLI: the work directory's SQLite file, unless TEST_ENGINES leaves it out (TEST_ENGINES=mysql). */
  let mysql: TestDatabase | undefined;

  beforeAll(async () => {
    if (!testEnv.engines.includes('sqlite')) mysql = await createTestDatabase('mysql');
    server = await startLocalServer({
      port: 0,
      quiet: true,
      crons: false,
      secretsFile,
      simulator: { latencyMs: 5 },
      env: {
        DATABASE_URL: mysql?.url ?? work.databaseUrl,
        ADMIN_TOKEN: undefined, // generated into the secrets file, as for a new user
        CRON_SECRET: CRON,
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
        ...WITHOUT_GOOGLE,
        YOUTUBE_BACKFILL_DAYS: '14',
        YOUTUBE_REQUESTS_PER_SECOND: '200',
      },
    });
    adminToken = parseDevSecrets(readFileSync(secretsFile, 'utf8')).ADMIN_TOKEN!;
    channelId = server.simulator!.channelIdFor('demo');
    const exchange = await callApi(server.url, '/api/oauth/youtube/exchange', { bearer: adminToken, body: { tenant_id: 'demo', code: 'sim-code-demo' } });
    expect(exchange.status).toBe(200);
    initialJobId = String((exchange.body as { job_id: number }).job_id);
  });
  afterAll(async () => {
    await server?.close();
    await mysql?.drop();
    work.remove();
  });

  it('exits 5 on a create while the scope has an active job, naming that job', async () => {
    const run = await cli('jobs', 'create', '--tenant', 'demo', '--account', channelId);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(`active job: ${initialJobId}`);
  });

  it('lists and shows the connection\'s first job with the token from .data/dev-secrets.env', async () => {
    const list = json<{ jobs: { id: unknown; status: string }[]; next_cursor: string | null }>(await cli('jobs', 'list', '--tenant', 'demo', '--json'));
    expect(list.jobs.map((job) => String(job.id))).toEqual([initialJobId]);
    const show = await cli('jobs', 'show', initialJobId);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`^Job: +${initialJobId}\\n`));
    expect(show.stdout).toContain('Tenant:      demo');
    // A YouTube metrics job lists its weekly chunks and their top lists (a small channel never fills one).
    expect(show.stdout).toMatch(/^Chunks \(\d+\):\n {2}\d{4}-\d{2}-\d{2} {2}(pending|complete)/m);
  });

  it('watches the job until it succeeds (exit 0), drawing progress lines off a terminal', async () => {
    const run = await whileDispatching(cli('jobs', 'watch', initialJobId, '--interval', '200'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\|█+\| 100% \d+\/\d+ succeeded/);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^Job ${initialJobId} \\(data-collection, youtube, tenant demo\\) succeeded`));
  });

  it('previews a create: cost lines, nothing created', async () => {
    const preview = await cli('jobs', 'preview', '--tenant', 'demo', '--account', channelId, '--days', '7', '--force');
    expect(preview.code).toBe(0);
    for (const line of ['Tasks:', 'API calls:', 'Quota units:', 'Estimated duration:', 'Estimated days:']) expect(preview.stdout).toContain(line);
    const answer = json<{ tasks: number; api_calls: number }>(await cli('jobs', 'preview', '--tenant', 'demo', '--account', channelId, '--days', '7', '--force', '--json'));
    expect(answer.tasks).toBeGreaterThan(0);
    expect(answer.api_calls).toBeGreaterThan(0);
    // Nothing was created: the only data-collection job is still the connection's first one.
    const list = json<{ jobs: { id: unknown }[] }>(await cli('jobs', 'list', '--tenant', 'demo', '--type', 'data-collection', '--json'));
    expect(list.jobs.map((job) => String(job.id))).toEqual([initialJobId]);
  });

  it('creates a job and watches it to success with --watch, as NDJSON with --json', async () => {
    const run = await whileDispatching(cli('jobs', 'create', '--tenant', 'demo', '--account', channelId, '--days', '7', '--force', '--watch', '--interval', '200', '--json'));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: unknown; status: string });
    expect(new Set(lines.map((job) => String(job.id))).size).toBe(1);
    expect(lines[0]?.status).toBe('pending');
    expect(lines.at(-1)?.status).toBe('succeeded');
  });

  it('pauses, resumes and cancels a job; watching the cancelled job exits 3', async () => {
    const created = json<{ id: unknown }>(await cli('jobs', 'create', '--tenant', 'demo', '--account', channelId, '--days', '14', '--force', '--json'));
    const id = String(created.id);
    expect(json<{ status: string }>(await cli('jobs', 'pause', id, '--json')).status).toBe('paused');
    const resumed = await cli('jobs', 'resume', id);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`Job ${id} `);
    expect(json<{ status: string }>(await cli('jobs', 'cancel', id, '--json')).status).toBe('cancelled');
    const watch = await cli('jobs', 'watch', id);
    expect(watch.code).toBe(3);
    expect(watch.stdout).toContain(`Job ${id} (data-collection, youtube, tenant demo) cancelled`);
  });

  it('watches every active job when given no ID, paused and follow-up jobs included, until none is active', async () => {
    // Paused until the watch has drawn it: a dispatch must not finish the job before the CLI's first poll.
    const id = String(json<{ id: unknown }>(await cli('jobs', 'create', '--tenant', 'demo', '--account', channelId, '--days', '7', '--force', '--json')).id);
    expect(json<{ status: string }>(await cli('jobs', 'pause', id, '--json')).status).toBe('paused');
    const watch = cliPrinting('jobs', 'watch', '--interval', '200');
    await watch.printed;
    expect((await callApi(server.url, `/api/admin/backfill/${id}/resume`, { method: 'POST', bearer: adminToken })).status).toBe(200);
    const run = await whileDispatching(watch.run);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`^Job ${id} data-collection +\\|░+\\| +0% 0/\\d+ paused`, 'm'));
    expect(run.stdout).toContain(`Job ${id} (data-collection, youtube, tenant demo) succeeded`);
    expect(run.stdout).toMatch(/\(analytics-generation, youtube, tenant demo\) succeeded/);
    const active = json<{ jobs: unknown[] }>(await cli('jobs', 'list', '--status', 'pending,running,paused', '--json'));
    expect(active.jobs).toEqual([]);
    expect(await cli('jobs', 'watch')).toEqual({ code: 0, stdout: 'No active jobs.\n', stderr: '' });
  });

  it('exits 4 on an unknown job, 6 on a wrong token, 2 on input the API refuses', async () => {
    const missing = await cli('jobs', 'show', '987654');
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^sluice: .+/);
    const wrong = await sluice(['jobs', 'list', '--token', 'not-the-token'], { cwd: work.dir, env: { SLUICE_URL: server.url } });
    expect(wrong.code).toBe(6);
    expect(wrong.stderr).toMatch(/^sluice: .+/);
    const refused = await cli('jobs', 'create', '--tenant', 'demo', '--platform', 'no-such-platform');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^sluice: .+/);
  });

  it('gets and sets the rate limits', async () => {
    const before = json<{ platforms: Record<string, { requests_per_second: number }> }>(await cli('config', 'rate-limit', 'get', '--json'));
    expect(Object.keys(before.platforms)).toContain('youtube');
    const set = await cli('config', 'rate-limit', 'set', 'youtube', '--rps', '7', '--backfill-share', '0.4');
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^youtube +7 +\S+ +40% /m);
    const after = json<{ platforms: Record<string, { requests_per_second: number; backfill_share: number }> }>(await cli('config', 'rate-limit', 'get', '--json'));
    expect(after.platforms['youtube']).toMatchObject({ requests_per_second: 7, backfill_share: 0.4 });
    // 'default' puts the fields back to the environment's defaults.
    expect((await cli('config', 'rate-limit', 'set', 'youtube', '--rps', 'default', '--backfill-share', 'default')).code).toBe(0);
    const reset = json<{ platforms: Record<string, unknown> }>(await cli('config', 'rate-limit', 'get', '--json'));
    expect(reset.platforms['youtube']).toEqual(before.platforms['youtube']);
    // DESIGN.md "Jobs": a bad field of the rate-limit config is a 400 naming it.
    const invalid = await cli('config', 'rate-limit', 'set', 'no-such-platform', '--rps', '1');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^sluice: .+/);
  });

  it('previews a playlist sync, then creates and watches it through its stages to completion', async () => {
    const sim = server.simulator!;
    const exchange = await callApi(server.url, '/api/oauth/youtube/exchange', { bearer: adminToken, body: { tenant_id: 'curator', code: sim.issueCode('curator', WRITE_GRANT) } });
    expect(exchange.status).toBe(200);
    const curator = (exchange.body as { channel_id: string }).channel_id;
    const videos = sim.videoIdsOf(curator);
    const old = sim.seedPlaylist(curator, { title: 'Everything', videoIds: videos.slice(0, 5) });
    const request = {
      tenant_id: 'curator',
      channel_id: curator,
      categories: [
        { name: 'Tutorials', video_ids: videos.slice(0, 3) },
        { name: 'Vlogs', video_ids: videos.slice(3, 5) },
      ],
      replace_playlist_ids: [old],
    };
    writeFileSync(join(work.dir, 'request.json'), JSON.stringify(request));

    const preview = await cli('playlist-sync', 'preview', '--file', 'request.json');
    expect(preview).toMatchObject({ code: 0, stderr: '' });
    expect(preview.stdout).toMatch(/^create_playlists +2 +100$/m);
    expect(preview.stdout).toMatch(/^add_videos +5 +250$/m);
    expect(preview.stdout).toMatch(/^delete_playlists +1 +50$/m);
    expect(preview.stdout).toMatch(/^total +402$/m);
    expect(preview.stdout).toMatch(/^Estimated days: +1 day$/m);

    const run = await whileDispatching(cli('playlist-sync', 'create', '--file', 'request.json', '--watch', '--interval', '200'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const id = /^Created job (\d+): playlist sync of channel /.exec(run.stdout)?.[1];
    expect(id).toBeDefined();
    expect(run.stdout).toMatch(/^ {2}add_videos +\|█+\| 100% 5\/5 done · 5 succeeded$/m);
    expect(run.stdout).toMatch(/^ {2}delete_playlists +\|█+\| 100% 1\/1 done · 1 succeeded$/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^Job ${id} \\(playlist-sync, youtube, tenant curator\\) succeeded`));
    expect(sim.playlists(curator).map((p) => [p.title, p.videoIds])).toEqual([
      ['Tutorials', videos.slice(0, 3)],
      ['Vlogs', videos.slice(3, 5)],
    ]);

    const show = await cli('jobs', 'show', id!);
    expect(show.stdout).toMatch(/^Stage: +completed$/m);
    expect(show.stdout).toMatch(/^Quota used: +402 units$/m);
    // The one playlist it deleted can be restored; the preview writes nothing.
    const restore = await cli('playlist-sync', 'restore', id!, '--preview');
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(restore.stdout).toContain(old);
    expect(sim.playlists(curator)).toHaveLength(2);
  });
});
