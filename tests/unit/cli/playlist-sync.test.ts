import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../../../cli/cli-errors.js';
import { parseArguments } from '../../../cli/parse-arguments.js';
import { parsePlaylistSyncRequest } from '../../../cli/playlist-sync-request.js';
import { PlaylistRestorePreviewSchema, PlaylistSyncStagesSchema } from '../../../cli/playlist-sync-schemas.js';
import { renderJob } from '../../../cli/render-job.js';
import { renderPlaylistRestorePreview, renderPlaylistSyncPreview } from '../../../cli/render-playlist-sync-preview.js';
import { runCli } from '../../../cli/run-cli.js';
import { watchRows } from '../../../cli/watch-rows.js';
import { fakeFetch, job, jobJson, NOW, type RecordedRequest } from './fixtures.js';

// The playlist write-sync in the CLI (issue 13): its commands' arguments, the request file, the
// preview and restore-preview text, and a playlist-sync job's stages in `jobs show` and the watch.

const PREVIEW = {
  channel_id: 'UCchan',
  connection_id: 4,
  stages: {
    backup: { count: 1, quota_cost: 2 },
    create_playlists: { count: 2, quota_cost: 100, items: [{ category_name: 'Tutorials' }, { category_name: 'Vlogs' }] },
    add_videos: {
      count: 250,
      quota_cost: 12_500,
      by_category: [
        { category_name: 'Tutorials', playlist_id: null, video_count: 200, already_present: 0 },
        { category_name: 'Vlogs', playlist_id: 'PLvlogs', video_count: 50, already_present: 3 },
      ],
    },
    delete_playlists: { count: 1, quota_cost: 50, items: [{ playlist_id: 'PLold', title: 'Everything', item_count: 12 }] },
  },
  total_quota_cost: 12_652,
  estimated_days: 2,
  daily_quota_limit: 10_000,
  quota_left_today: 9_000,
  preview_quota_cost: 3,
};

const tally = (succeeded: number, failed = 0, skipped = 0) => ({ succeeded, failed, skipped });
/** A playlist-sync job paused by the quota halfway through adding videos. */
const pausedSync = (overrides: Record<string, unknown> = {}) =>
  jobJson({
    id: 31,
    type: 'playlist-sync',
    scope: 'acme:youtube:UCchan:playlist-sync',
    progress: { done: 0, total: 1, percent: 0, steps_done: 0 },
    message: 'Paused (quota exhausted) at adding videos 45/120; resumes at 2026-05-02T07:00:00.000Z',
    scopes: [{ scope: 'youtube.playlist_sync', status: 'running', done: 0, total: 1, percent: 0, message: '' }],
    stage: 'add_videos',
    current_stage_progress: 45,
    current_stage_total: 120,
    stage_results: { backup: tally(2), create_playlists: tally(3), add_videos: tally(44, 1), delete_playlists: tally(0) },
    quota_used_this_sync: 2_404,
    pause_reason: 'quota_exhausted',
    resumes_at: '2026-05-02T07:00:00.000Z',
    last_resumed_at: null,
    error_count: 1,
    errors: [{ at: '2026-05-01T10:01:00.000Z', message: 'video vid00000007: videoNotFound', stage: 'add_videos', entity_type: 'video', entity_id: 'vid00000007' }],
    ...overrides,
  });

describe('playlist-sync arguments', () => {
  const command = (...argv: string[]) => parseArguments(argv).command;
  const usage = (...argv: string[]) => {
    try {
      parseArguments(argv);
    } catch (error) {
      if (error instanceof UsageError) return `${error.command}: ${error.message}`;
      throw error;
    }
    throw new Error('no usage error');
  };

  it('takes the request as a file, and --watch/--interval for create', () => {
    expect(command('playlist-sync', 'preview', '--file', 'request.json')).toEqual({ name: 'playlist-sync preview', file: 'request.json' });
    expect(command('playlist-sync', 'create', '--file', 'r.json', '--watch', '--interval', '250')).toEqual({ name: 'playlist-sync create', file: 'r.json', watch: true, intervalMs: 250 });
    expect(command('playlist-sync', 'restore', '12', '--preview')).toEqual({ name: 'playlist-sync restore', id: '12', preview: true, watch: false, intervalMs: 1000 });
    expect(command('playlist-sync', 'restore', '12', '--watch')).toMatchObject({ id: '12', preview: false, watch: true });
  });

  it('refuses what cannot be meant, naming the command whose help explains it', () => {
    expect(usage('playlist-sync', 'preview')).toBe('playlist-sync preview: --file is required: the request as JSON');
    expect(usage('playlist-sync', 'preview', '--file', 'r.json', '--watch')).toBe("playlist-sync preview: 'playlist-sync preview' does not take --watch");
    expect(usage('playlist-sync', 'create', '--file', 'r.json', 'extra')).toBe("playlist-sync create: unexpected argument 'extra'");
    expect(usage('playlist-sync', 'restore')).toBe('playlist-sync restore: missing job ID');
    expect(usage('playlist-sync', 'restore', '12', '--preview', '--watch')).toMatch(/^playlist-sync restore: --preview creates nothing to watch/);
    expect(usage('playlist-sync', 'create', '--tenant', 'acme', '--file', 'r.json')).toBe("playlist-sync create: 'playlist-sync create' does not take --tenant");
  });
});

describe('parsePlaylistSyncRequest', () => {
  const parse = (text: string | undefined) => parsePlaylistSyncRequest(text, 'r.json', 'playlist-sync create');
  it('passes the object through for the server to validate in full', () => {
    const body = { tenant_id: 'acme', channel_id: 'UC1', categories: [{ name: 'A', video_ids: ['x'] }], replace_playlist_ids: ['PL1'], max_failures: 3 };
    expect(parse(JSON.stringify(body))).toEqual(body);
  });
  it('refuses a missing file, non-JSON, a non-object and missing fields as usage errors', () => {
    expect(() => parse(undefined)).toThrow(new UsageError('cannot read r.json'));
    expect(() => parse('{nope')).toThrow(/^r\.json is not JSON: /);
    expect(() => parse('[1]')).toThrow(/must hold one JSON object/);
    expect(() => parse('{"tenant_id":"acme"}')).toThrow(new UsageError('r.json lacks channel_id, categories'));
    expect(() => parse('{"tenant_id":"acme","channel_id":"UC1","categories":{}}')).toThrow(/categories must be a list/);
  });
});

describe('renderPlaylistSyncPreview', () => {
  it('prints the stages with counts and quota units, the total, the days and what the preview spent', () => {
    const text = renderPlaylistSyncPreview(PlaylistSyncStagesSchema.parse(PREVIEW));
    expect(text).toBe(
      [
        'Preview of a playlist sync of channel UCchan (nothing was written):',
        '',
        'STAGE             COUNT  QUOTA UNITS',
        'backup            1      2',
        'create_playlists  2      100',
        'add_videos        250    12,500',
        'delete_playlists  1      50',
        'total                    12,652',
        '',
        'Estimated days:  2 days',
        'Daily quota:     10,000 units, 9,000 left today',
        'Preview cost:    3 units (spent reading the channel)',
        '',
        'CATEGORY   PLAYLIST  TO ADD  ALREADY THERE',
        'Tutorials  (new)     200     0',
        'Vlogs      PLvlogs   50      3',
        '',
        'DELETED AFTERWARDS  TITLE       ITEMS',
        'PLold               Everything  12',
        '',
        "Run 'npx sluice playlist-sync create' with the same file to start it.",
      ].join('\n'),
    );
  });

  it('prints a restore preview: the deleted playlists, then the stages', () => {
    const restore = { source_job_id: 31, playlists: [{ snapshot_id: 1, playlist_id: 'PLold', title: 'Everything', video_count: 12 }], preview: { ...PREVIEW, stages: { ...PREVIEW.stages, delete_playlists: { count: 0, quota_cost: 0, items: [] } } } };
    const text = renderPlaylistRestorePreview(PlaylistRestorePreviewSchema.parse(restore));
    expect(text).toContain('Preview of restoring what job 31 deleted (nothing was written):');
    expect(text).toContain('DELETED PLAYLIST  TITLE       VIDEOS\nPLold             Everything  12');
    expect(text).toContain('delete_playlists  0      0');
    expect(text.endsWith("Run 'npx sluice playlist-sync restore 31' without --preview to start it.")).toBe(true);
  });
});

describe("a playlist-sync job's stages", () => {
  it('jobs show: stage, quota, the pause and when it ends, the stage table and the refused item with its stage', () => {
    const text = renderJob(job(pausedSync()), NOW);
    expect(text).toContain('Stage:          add_videos 45/120\n');
    expect(text).toContain('Quota used:     2,404 units\n');
    expect(text).toContain('Paused:         quota_exhausted: resumes 2026-05-02 07:00:00Z (in 20h 57m)\n');
    expect(text).toContain('Refused items:  1\n');
    expect(text).toContain(
      [
        'STAGE             STATUS                    PROGRESS        MESSAGE',
        'backup            done                      2/2 (100%)      2 succeeded',
        'create_playlists  done                      3/3 (100%)      3 succeeded',
        'add_videos        paused (quota_exhausted)  45/120 (37.5%)  44 succeeded · 1 failed · quota 2,404 units · resumes 2026-05-02 07:00:00Z (in …',
        'delete_playlists  pending                   0/0 (0%)',
      ].join('\n'),
    );
    expect(text).toContain('2026-05-01T10:01:00.000Z  [add_videos] video vid00000007: videoNotFound');
    // Other jobs keep their scope table and lines.
    expect(renderJob(job({ scopes: [{ scope: 'daily', status: 'running', done: 1, total: 2, message: '' }] }), NOW)).not.toMatch(/Stage:|STAGE/);
  });

  it('the watch draws a bar per stage under the job, the current one at its progress', () => {
    const rows = watchRows([job(pausedSync())], NOW);
    expect(rows.map((row) => [row.label.trim(), row.value, row.total, row.status])).toEqual([
      ['Job 31 playlist-sync', 0, 1, 'running'],
      ['backup', 2, 2, 'done'],
      ['create_playlists', 3, 3, 'done'],
      ['add_videos', 45, 120, 'paused (quota_exhausted)'],
      ['delete_playlists', 0, 0, 'pending'],
    ]);
    expect(rows[3]!.percent).toBe(37.5);
    expect(rows[3]!.message).toContain('resumes 2026-05-02 07:00:00Z');
    const done = watchRows([job(pausedSync({ status: 'succeeded', stage: 'completed', pause_reason: null, resumes_at: null, stage_results: { backup: tally(2), create_playlists: tally(3), add_videos: tally(120), delete_playlists: tally(0, 0, 1) } }))], NOW);
    expect(done.slice(1).map((row) => [row.status, row.percent, row.message])).toEqual([
      ['done', 100, '2 succeeded'],
      ['done', 100, '3 succeeded'],
      ['done', 100, '120 succeeded'],
      ['done', 100, '1 skipped'],
    ]);
  });
});

describe('runCli: playlist-sync', () => {
  const REQUEST = { tenant_id: 'acme', channel_id: 'UCchan', categories: [{ name: 'Tutorials', video_ids: ['vid00000001'] }] };
  async function run(argv: string[], handler: (request: RecordedRequest) => [number, unknown], files: Record<string, string> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const fetch = fakeFetch(handler);
    const code = await runCli({
      argv,
      env: { ADMIN_TOKEN: 'tok' },
      cwd: '/work',
      stdout: { write: (chunk: string) => out.push(chunk) > 0 } as unknown as NodeJS.WritableStream,
      stderr: { write: (chunk: string) => err.push(chunk) > 0 } as unknown as NodeJS.WritableStream,
      fetch,
      now: () => NOW,
      readFile: (path) => files[path],
      sleep: async () => {},
    });
    return { code, stdout: out.join(''), stderr: err.join(''), requests: fetch.requests };
  }
  const files = { '/work/request.json': JSON.stringify(REQUEST) };

  it('previews from the file relative to the working directory, sending it as the body', async () => {
    const result = await run(['playlist-sync', 'preview', '--file', 'request.json'], () => [200, PREVIEW], files);
    expect(result.requests).toEqual([{ method: 'POST', path: '/api/admin/playlist-sync/preview', authorization: 'Bearer tok', body: REQUEST }]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('total                    12,652');
  });

  it('exits 2 on a file it cannot read, sending nothing; 5 on the 409 of a connection without write access', async () => {
    const missing = await run(['playlist-sync', 'preview', '--file', 'nope.json'], () => [500, {}], files);
    expect(missing).toMatchObject({ code: 2, requests: [] });
    expect(missing.stderr).toContain('cannot read nope.json');
    const refused = await run(['playlist-sync', 'create', '--file', 'request.json'], () => [409, { error: { code: 'conflict', message: 'reconnect with access=write' } }], files);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('access=write');
  });

  it('creates, then watches with --watch until the sync completes', async () => {
    const finished = { status: 'succeeded', stage: 'completed', pause_reason: null, resumes_at: null, finished_at: '2026-05-01T10:03:00.000Z', duration_seconds: 60, progress: { done: 1, total: 1, percent: 100, steps_done: 9 } };
    const states = [pausedSync({ pause_reason: null, resumes_at: null }), pausedSync({ ...finished, message: 'Completed: 3 playlists created, 120 videos added, 0 playlists deleted, 1 failed' })];
    let polls = 0;
    const result = await run(['playlist-sync', 'create', '--file', 'request.json', '--watch', '--interval', '100'], ({ method }) => (method === 'POST' ? [201, pausedSync({ stage: 'backup', pause_reason: null })] : [200, states[Math.min(polls++, 1)]]), files);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Created job 31: playlist sync of channel UCchan for tenant acme, 1 categories\n/);
    // Off a terminal the bars are printed once a poll interval: the (instant) polls here show the last state.
    expect(result.stdout).toContain('Job 31 playlist-sync |████████████████████████| 100% 1/1 succeeded · Completed: 3 playlists created, 120 videos added, 0 playlists deleted, 1 failed · took 1m');
    expect(result.stdout).toMatch(/^ {2}add_videos +\|█{24}\| 100% 45\/45 done · 44 succeeded · 1 failed$/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('Job 31 (playlist-sync, youtube, tenant acme) succeeded in 1m');
  });

  it('restores: --preview posts {preview: true}; without it, creates the restore job', async () => {
    const restorePreview = { source_job_id: 31, playlists: [{ snapshot_id: 1, playlist_id: 'PLold', title: 'Everything', video_count: 12 }], preview: PREVIEW };
    const preview = await run(['playlist-sync', 'restore', '31', '--preview'], () => [200, restorePreview]);
    expect(preview.requests.map((r) => [r.method, r.path, r.body])).toEqual([['POST', '/api/admin/playlist-sync/31/restore', { preview: true }]]);
    expect(preview.stdout).toContain('PLold');
    const created = await run(['playlist-sync', 'restore', '31'], () => [201, pausedSync({ id: 32, stage: 'backup' })]);
    expect(created.requests.map((r) => r.body)).toEqual([{}]);
    expect(created.stdout).toBe("Created job 32: restore of what playlist sync 31 deleted\nWatch it: npx sluice jobs watch 32\n");
    expect((await run(['playlist-sync', 'restore', '99'], () => [404, { error: { code: 'not_found', message: 'no playlist-sync job 99' } }])).code).toBe(4);
  });
});
