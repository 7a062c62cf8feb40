import { describe, expect, it } from '@jest/globals';
import { JobSchema, PreviewSchema, RateLimitConfigSchema, type JobList } from '../../../cli/admin-schemas.js';
import { AdminApiError, ServerUnreachableError, UsageError } from '../../../cli/cli-errors.js';
import { formatTable } from '../../../cli/format-table.js';
import { renderError } from '../../../cli/render-error.js';
import { nextPageCommand, renderJobList } from '../../../cli/render-job-list.js';
import { renderJob, renderJobSummary } from '../../../cli/render-job.js';
import { renderPreview } from '../../../cli/render-preview.js';
import { renderRateLimits } from '../../../cli/render-rate-limits.js';
import { job, NOW } from './fixtures.js';

describe('renderJob', () => {
  it('shows an active job with progress, message, times and ETA', () => {
    expect(renderJob(job(), NOW)).toBe(
      [
        'Job:         12',
        'Type:        data-collection',
        'Status:      running',
        'Tenant:      acme',
        'Platform:    youtube',
        'Account:     UC123',
        'Connection:  3',
        'Scope:       acme:youtube:UC123:data-collection',
        'Progress:    12/53 (22.6%)',
        'Message:     Fetching daily metrics… 12/53 chunks',
        'Created:     2026-05-01 10:00:00Z (3m ago)',
        'Started:     2026-05-01 10:00:05Z (2m 55s ago)',
        'ETA:         in 3m 20s',
      ].join('\n'),
    );
  });

  it('shows an ended job with duration, reason, error summary, its scopes and its last errors', () => {
    const errors = Array.from({ length: 7 }, (_, i) => ({ at: `2026-05-01T10:0${i}:00.000Z`, message: `HTTP 500 number ${i}` }));
    const text = renderJob(
      job({
        status: 'failed',
        reason: 'dead tasks',
        finished_at: '2026-05-01T10:02:00.000Z',
        duration_seconds: 115,
        error_summary: '1 of 2 chunks failed: HTTP 500',
        eta: null,
        errors,
        scopes: [
          { scope: '2026-04-01..2026-04-07', status: 'succeeded', done: 7, total: 7, percent: 100, message: 'Done' },
          { scope: '2026-04-08..2026-04-14', status: 'failed', done: 2, total: 7, percent: null, message: null },
        ],
      }),
      NOW,
    );
    expect(text).toContain('Status:      failed (dead tasks)');
    expect(text).toContain('Finished:    2026-05-01 10:02:00Z (1m ago)');
    expect(text).toContain('Duration:    1m 55s');
    expect(text).toContain('Error:       1 of 2 chunks failed: HTTP 500');
    expect(text).not.toContain('ETA:');
    expect(text).toContain(
      ['SCOPE                   STATUS     PROGRESS     MESSAGE', '2026-04-01..2026-04-07  succeeded  7/7 (100%)   Done', '2026-04-08..2026-04-14  failed     2/7 (28.6%)'].join('\n'),
    );
    expect(text).toContain('Recent errors (last 5 of 7):\n  2026-05-01T10:02:00.000Z  HTTP 500 number 2');
    expect(text).not.toContain('number 1');
  });

  it("shows a commerce job's entities as its scopes", () => {
    const text = renderJob(job({ platform: 'etsy', scopes: undefined, entities: [{ entity: 'orders', status: 'running', done: 450, total: 1200, message: 'Syncing orders… 450/1,200' }] }), NOW);
    expect(text).toContain('orders  running  450/1200 (37.5%)  Syncing orders… 450/1,200');
  });

  it('prefers the entities (records) over the task kinds when a commerce job has both, and a total not known yet counts what is done', () => {
    const text = renderJob(
      job({
        platform: 'etsy',
        scopes: [{ scope: 'etsy.orders', status: 'running', done: 0, total: 1, percent: 0, message: 'etsy.orders 0/1' }],
        entities: [
          { entity: 'orders', status: 'succeeded', done: 3, total: 3, message: 'Done: 3 orders' },
          { entity: 'payments', status: 'running', done: 40, total: null, message: 'Syncing payments… 40' },
        ],
      }),
      NOW,
    );
    expect(text).toContain('payments  running    40/40');
    expect(text).not.toContain('etsy.orders 0/1');
  });
});

describe("a YouTube metrics job's chunks", () => {
  const chunks = [
    { run_for_dt: '2026-11-13', status: 'queued', top_list: 'pending', capped_days: 0, tail_videos: null, tail_fetched: 0 },
    { run_for_dt: '2026-11-20', status: 'running', top_list: 'capped', capped_days: 7, tail_videos: 1351, tail_fetched: 1337 },
    { run_for_dt: '2026-11-27', status: 'succeeded', top_list: 'complete', capped_days: 0, tail_videos: null, tail_fetched: 0 },
    { run_for_dt: '2026-12-04', status: 'running', top_list: 'capped', capped_days: 2, tail_videos: null, tail_fetched: 0 },
    { run_for_dt: '2026-12-11', status: 'succeeded', top_list: 'capped', capped_days: 1, tail_videos: 40, tail_fetched: 40 },
  ];

  it('shows one line per chunk: its top lists, its tail when capped, its status until it succeeded', () => {
    const text = renderJob(JobSchema.parse(job({ chunk_completeness: chunks })), NOW);
    expect(text).toContain(
      [
        'Chunks (5):',
        '  2026-11-13  pending (queued)',
        '  2026-11-20  capped 7/7 days  tail 1,337/1,351 videos (running)',
        '  2026-11-27  complete',
        '  2026-12-04  capped 2/7 days  tail not counted yet (running)',
        '  2026-12-11  capped 1/7 days  tail 40/40 videos',
      ].join('\n'),
    );
  });

  it('shows no chunk section for a job without chunks', () => {
    expect(renderJob(JobSchema.parse(job({ chunk_completeness: [] })), NOW)).not.toContain('Chunks');
    expect(renderJob(JobSchema.parse(job({ chunk_completeness: null })), NOW)).not.toContain('Chunks');
    expect(renderJob(JobSchema.parse(job()), NOW)).not.toContain('Chunks');
  });
});

describe('renderJobSummary', () => {
  it.each([
    [{ status: 'succeeded', duration_seconds: 200 }, 'Job 12 (data-collection, youtube, tenant acme) succeeded in 3m 20s'],
    [{ status: 'failed', duration_seconds: 60, error_summary: 'quota exhausted' }, 'Job 12 (data-collection, youtube, tenant acme) failed in 1m: quota exhausted'],
    [{ status: 'cancelled', reason: 'superseded' }, 'Job 12 (data-collection, youtube, tenant acme) cancelled (superseded)'],
    [{ status: 'paused' }, 'Job 12 (data-collection, youtube, tenant acme) is paused: 12/53 (22.6%) — Fetching daily metrics… 12/53 chunks'],
  ])('%j', (overrides, line) => {
    expect(renderJobSummary(job(overrides))).toBe(line);
  });
});

describe('renderJobList', () => {
  const list: JobList = {
    jobs: [
      job(),
      job({ id: 9, status: 'succeeded', progress: { done: 4, total: 4, percent: 100 }, account_id: null, created_at: '2026-04-30T10:03:00.000Z', duration_seconds: 75, message: 'Done', eta: null }),
    ],
    next_cursor: null,
  };

  it('prints one aligned row per job, newest first as sent', () => {
    expect(renderJobList(list, {}, NOW)).toBe(
      [
        'ID  STATUS     TYPE             PLATFORM  TENANT  ACCOUNT  PROGRESS       CREATED  DURATION  NOTE',
        '12  running    data-collection  youtube   acme    UC123    12/53 (22.6%)  3m ago   —         Fetching daily metrics… 12/53 chunks',
        '9   succeeded  data-collection  youtube   acme    —        4/4 (100%)     1d ago   1m 15s    Done',
      ].join('\n'),
    );
  });

  it('says how to get the next page, with the same filters', () => {
    const text = renderJobList({ ...list, next_cursor: 'eyJpZCI6OX0=' }, { status: 'failed,cancelled', tenant_id: 'acme co', limit: 2 }, NOW);
    expect(text.split('\n').at(-1)).toBe("More jobs: npx sluice jobs list --status failed,cancelled --tenant 'acme co' --limit 2 --cursor eyJpZCI6OX0=");
    expect(nextPageCommand({}, "it's")).toBe("npx sluice jobs list --cursor 'it'\\''s'");
  });

  it('says so when there is no job', () => {
    expect(renderJobList({ jobs: [], next_cursor: null }, {}, NOW)).toBe('No jobs.');
  });
});

describe('renderPreview', () => {
  const request = { type: 'data-collection', platform: 'youtube', tenant_id: 'acme', account_id: 'UC1', start_date: '2026-01-01', end_date: '2026-01-28' };
  /** As the admin API answers (lib/jobs/jobs.service.ts JobPreview). */
  const answer = (overrides: Record<string, unknown> = {}) =>
    PreviewSchema.parse({
      type: 'data-collection',
      scope: 'acme:youtube:UC1:data-collection',
      config: { start_date: '2026-01-01', end_date: '2026-01-28', days: 28 },
      tasks: 4,
      skipped: 1,
      in_flight: 1,
      to_run: 2,
      api_calls: 1240,
      quota_units: 1240,
      budget: 'youtube',
      rate: { requests_per_second: 5, concurrency: 2, daily_quota: null, backfill_share: 0.5 },
      estimated_seconds: 250,
      estimated_days: 2,
      active_job_id: null,
      chunks: [
        { task: 'acme:daily_channel:UC1:2026-01-07', status: 'done' },
        { task: 'acme:daily_channel:UC1:2026-01-14', status: 'in_flight' },
        { task: 'acme:daily_channel:UC1:2026-01-21', status: 'new' },
        { task: 'acme:daily_channel:UC1:2026-01-28', status: 'new' },
      ],
      ...overrides,
    });

  it('prints the cost lines: tasks, skipped, API calls, quota units, duration, days, budget', () => {
    expect(renderPreview(answer(), request)).toBe(
      [
        'Preview of data-collection on youtube for tenant acme (account UC1), 2026-01-01 → 2026-01-28 (nothing was created):',
        '  Scope:               acme:youtube:UC1:data-collection',
        '  Range:               2026-01-01 → 2026-01-28',
        '  Tasks:               4 planned: 2 to run, 1 queued or running already, 1 already done (--force runs them again)',
        '  API calls:           1,240',
        '  Quota units:         1,240',
        '  Estimated duration:  about 4m 10s',
        '  Estimated days:      2 days',
        '  Budget:              youtube: 5 requests/s, concurrency 2, daily quota none, backfill share 50%',
        'Chunks (4):',
        '  done       acme:daily_channel:UC1:2026-01-07',
        '  in_flight  acme:daily_channel:UC1:2026-01-14',
        '  new        acme:daily_channel:UC1:2026-01-21',
        '  new        acme:daily_channel:UC1:2026-01-28',
        "Run the same command as 'jobs create' to start it.",
      ].join('\n'),
    );
  });

  it('names the active job a create would collide with, and says when nothing would run', () => {
    const text = renderPreview(answer({ to_run: 0, skipped: 0, in_flight: 4, api_calls: 0, quota_units: 0, estimated_seconds: 0, estimated_days: 0, active_job_id: 9, chunks: [] }), { ...request, force: true });
    expect(text).toContain('  Tasks:               4 planned: 0 to run, 4 queued or running already\n');
    expect(text).toContain('  Estimated duration:  nothing to run\n');
    expect(text).toContain('  Estimated days:      0 days\n');
    expect(text).toContain('  Active job:          9 holds this scope: a create now answers 409 (npx sluice jobs watch 9)\n');
    expect(text.split('\n').at(-1)).toBe('Nothing to run.');
    expect(renderPreview(answer({ active_job_id: 9 }), request).split('\n').at(-1)).toBe('Job 9 must end first.');
  });

  it('says when the budget gives backfills no quota', () => {
    expect(renderPreview(answer({ estimated_days: null }), request)).toContain('  Estimated days:      never: the budget gives backfills no share of its daily quota\n');
  });

  it('says only how many run when every task of the plan does', () => {
    expect(renderPreview(answer({ to_run: 4, skipped: 0, in_flight: 0 }), request)).toContain('  Tasks:               4 to run\n');
  });

  it("says how the API calls are made up and what other budgets the job spends, when the API says (a big YouTube channel's tail)", () => {
    const text = renderPreview(
      answer({ api_calls: 2709, quota_units: 2709, cost_breakdown: { top_list_calls: 14, tail_calls_max: 2695 }, also_spends: [{ budget: 'youtube-data', quota_units: 30 }] }),
      request,
    );
    expect(text).toContain('  API calls:           2,709 (14 top lists + at most 2,695 tail videos)\n  Quota units:         2,709\n');
    expect(text).toContain('  Also spends:         30 youtube-data units\n');
  });

  it('names a part of the breakdown it does not know by its key, and every other budget spent', () => {
    const text = renderPreview(answer({ api_calls: 20, cost_breakdown: { top_list_calls: 7, catalogue_pages: 13 }, also_spends: [{ budget: 'youtube-data', quota_units: 1200 }, { budget: 'other', quota_units: 1 }] }), request);
    expect(text).toContain('  API calls:           20 (7 top lists + 13 catalogue_pages)\n');
    expect(text).toContain('  Also spends:         1,200 youtube-data units, 1 other unit\n');
  });

  it('prints the API calls alone when the answer has no breakdown, an empty one or no other budget', () => {
    for (const overrides of [{}, { cost_breakdown: null, also_spends: null }, { cost_breakdown: {}, also_spends: [] }]) {
      const text = renderPreview(answer(overrides), request);
      expect(text).toContain('  API calls:           1,240\n');
      expect(text).not.toContain('Also spends');
    }
  });

  it("renders the contract's minimal answer, budget and chunks of any shape", () => {
    const minimal = PreviewSchema.parse({
      tasks: 3,
      skipped: 1,
      api_calls: 14,
      quota_units: 14,
      estimated_seconds: 61,
      estimated_days: 1,
      budget: { daily_quota: 10000, usage: { used: 120 }, windows: [1, 2] },
      chunks: [{ start_date: '2026-01-01', done: true }, 'opaque'],
    });
    expect(renderPreview(minimal, { type: 'sync', platform: 'etsy', tenant_id: 't', connection_id: 4, days: 30, force: true })).toBe(
      [
        'Preview of sync on etsy for tenant t (connection 4), last 30 days, forced (nothing was created):',
        '  Tasks:               3 planned, 1 already done',
        '  API calls:           14',
        '  Quota units:         14',
        '  Estimated duration:  about 1m 1s',
        '  Estimated days:      1 day',
        '  Budget:              daily_quota 10,000 · usage.used 120',
        'Chunks (2):',
        '  start_date 2026-01-01 · done true',
        '  opaque',
        "Run the same command as 'jobs create' to start it.",
      ].join('\n'),
    );
  });
});

describe('renderRateLimits', () => {
  it('prints the limits per platform and the usage counted', () => {
    const config = RateLimitConfigSchema.parse({
      platforms: {
        youtube: {
          requests_per_second: 5,
          daily_quota: 100000,
          backfill_share: 0.5,
          concurrency: 2,
          usage: [
            { key: 'app', window: 'day', window_start: '2026-05-01T07:00:00.000Z', used: 1234, backfill_used: 1000, blocked: null },
            { key: 'shop-9', window: 'day', window_start: '2026-05-01T07:00:00.000Z', used: 50000, backfill_used: 50000, blocked: { backfill_only: true, until: '2026-05-02T07:00:00.000Z', reason: 'backfill share spent' } },
          ],
        },
        'youtube-data': { requests_per_second: 10, daily_quota: 10000, backfill_share: 0.25, concurrency: null, usage: [] },
      },
    });
    expect(renderRateLimits(config)).toBe(
      [
        'PLATFORM      REQUESTS/S  DAILY QUOTA  BACKFILL SHARE  CONCURRENCY',
        'youtube       5           100,000      50%             2',
        'youtube-data  10          10,000       25%             —',
        '',
        'Usage:',
        '  PLATFORM  KEY     WINDOW  WINDOW START              USED    BY BACKFILLS  WAITING',
        '  youtube   app     day     2026-05-01T07:00:00.000Z  1,234   1,000         —',
        '  youtube   shop-9  day     2026-05-01T07:00:00.000Z  50,000  50,000        backfills until 2026-05-02T07:00:00.000Z',
      ].join('\n'),
    );
  });
});

describe('renderError', () => {
  it("prints the API's message, each 400 issue, the active job of a 409", () => {
    expect(renderError(new AdminApiError(400, 'invalid_request', 'invalid body', { issues: [{ path: 'start_date', message: 'must be YYYY-MM-DD' }, { path: '', message: 'unknown field x' }] }))).toBe(
      'sluice: invalid body\n  start_date: must be YYYY-MM-DD\n  (body): unknown field x',
    );
    expect(renderError(new AdminApiError(409, 'job_active', 'scope acme:youtube:UC1:data-collection has an active job', { jobId: '7' }))).toBe(
      'sluice: scope acme:youtube:UC1:data-collection has an active job\n  active job: 7 (npx sluice jobs watch 7; cancel it with npx sluice jobs cancel 7)',
    );
  });

  it('prints an invalid_plan once: its one issue is its message', () => {
    const message = 'operation.where: holds more than one statement';
    expect(renderError(new AdminApiError(400, 'invalid_plan', message, { issues: [{ path: 'operation.where', message }] }))).toBe(`sluice: ${message}`);
  });

  it('hints at the token only when none was sent', () => {
    const error = new AdminApiError(401, 'unauthorized', 'missing or wrong bearer');
    expect(renderError(error, { tokenSource: 'ADMIN_TOKEN', baseUrl: 'http://x' })).toBe('sluice: missing or wrong bearer');
    expect(renderError(error, { tokenSource: 'none', baseUrl: 'http://x' })).toMatch(/^sluice: missing or wrong bearer\n {2}no admin token was sent/);
  });

  it('points usage errors at the help and unreachable servers at npm start', () => {
    expect(renderError(new UsageError('--tenant is required', 'jobs create'))).toBe("sluice: --tenant is required\nRun 'npx sluice jobs create --help' for usage.");
    expect(renderError(new ServerUnreachableError('http://localhost:3000', 'ECONNREFUSED'))).toMatch(/^sluice: cannot reach http:\/\/localhost:3000: ECONNREFUSED\n {2}is the server running\?/);
  });
});

describe('formatTable', () => {
  it('pads every column but the last', () => {
    expect(formatTable(['A', 'LONG'], [['xyz', 'v'], ['', '']])).toBe('A    LONG\nxyz  v\n');
  });
});
