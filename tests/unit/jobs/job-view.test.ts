import { fc, test } from '@fast-check/jest';
import { describe, expect, it } from '@jest/globals';
import type { JobRecord } from '../../../lib/jobs/job-record.js';
import { etaOf, jobMessage, percentOf, scopeViews, toJobView } from '../../../lib/jobs/job-view.js';
import { JOB_STATUSES, type JobStatus } from '../../../lib/jobs/job-lifecycle.js';
import type { KindCounts } from '../../../lib/queue/repository/index.js';

const t0 = new Date('2026-11-29T10:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

function job(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id: 7,
    type: 'data-collection',
    status: 'running',
    reason: null,
    tenantId: 'acme',
    platform: 'youtube',
    connectionId: 3,
    scope: 'acme:youtube:UC1:data-collection',
    config: { start_date: '2026-01-01', end_date: '2026-01-31' },
    progress: { total: 20, done: 5 },
    checkpoint: null,
    errors: [],
    createdAt: t0,
    updatedAt: at(10),
    startedAt: t0,
    finishedAt: null,
    lastResumedAt: null,
    ...overrides,
  };
}
const view = (overrides: Partial<JobRecord>, now = at(10), kinds: KindCounts[] = []) => toJobView(job(overrides), { kinds, accountId: 'UC1', budget: null }, now);

describe('percentOf', () => {
  it.each([
    [0, 0, 0],
    [0, 10, 0],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 8, 12.5],
    [450, 1_200, 37.5],
    [10, 10, 100],
  ])('%i/%i → %d', (done, total, percent) => {
    expect(percentOf(done, total)).toBe(percent);
  });

  it('says 100 only when every task is done, and 0 only when none is', () => {
    expect(percentOf(9_999, 10_000)).toBe(99.9);
    expect(percentOf(199_999, 200_000)).toBe(99.9);
    expect(percentOf(1, 10_000)).toBe(0.1);
  });

  test.prop([fc.integer({ min: 1, max: 1_000_000 }).chain((total) => fc.tuple(fc.integer({ min: 0, max: total }), fc.constant(total)))])(
    'one decimal, within 0.05 of the exact share (0.1 at the ends), 100 exactly when done',
    ([done, total]) => {
      const percent = percentOf(done, total);
      expect(Math.round(percent * 10) / 10).toBe(percent);
      expect(Math.abs(percent - (done / total) * 100)).toBeLessThanOrEqual(0.1);
      expect(percent === 100).toBe(done === total);
      expect(percent === 0).toBe(done === 0);
    },
  );
});

describe('jobMessage', () => {
  const message = (status: JobStatus, progress: JobRecord['progress'], extra: Partial<JobRecord> = {}) => jobMessage(job({ status, progress, ...extra }));

  it.each([
    ['pending', 'Waiting to start: 0/1,200 tasks'],
    ['running', 'Collecting data… 450/1,200 tasks'],
    ['paused', 'Paused at 450/1,200 tasks'],
    ['succeeded', 'Done: 1,200/1,200 tasks'],
    ['cancelled', 'Cancelled at 450/1,200 tasks'],
  ] as const)('%s: %s', (status, expected) => {
    const done = status === 'pending' ? 0 : status === 'succeeded' ? 1_200 : 450;
    expect(message(status, { total: 1_200, done, ...(status === 'cancelled' ? { succeeded: 450 } : {}) })).toBe(expected);
  });

  it('a cancelled job counts its cancelled tasks as done, but says how far it got, in words and in percent', () => {
    expect(message('cancelled', { total: 12, done: 12, succeeded: 3, cancelled: 9 })).toBe('Cancelled at 3/12 tasks');
    expect(view({ status: 'cancelled', progress: { total: 12, done: 12, succeeded: 3, cancelled: 9 } }).progress).toMatchObject({ done: 12, total: 12, percent: 25 });
  });

  it('names what a running job does by its type, with U+2026 and en-US thousands separators', () => {
    expect(message('running', { total: 1_234_567, done: 1_000 }, { type: 'sync' })).toBe('Syncing… 1,000/1,234,567 tasks');
    expect(message('running', { total: 2, done: 1 }, { type: 'analytics-generation' })).toBe('Generating analytics… 1/2 tasks');
    expect(message('running', { total: 2, done: 1 }, { type: 'playlist-sync' })).toBe('Running… 1/2 tasks');
  });

  it('a failed job counts its failed tasks', () => {
    expect(message('failed', { total: 1_500, done: 1_500, dead: 1_001, succeeded: 499 })).toBe('Failed: 1,001 of 1,500 tasks failed');
  });

  it('a superseded job says it was taken over, and where it stopped', () => {
    expect(message('failed', { total: 1_200, done: 450 }, { reason: 'superseded' })).toBe(
      'Superseded after 10 minutes without progress, at 450/1,200 tasks; a newer job took over',
    );
  });

  it('a job that ended because it had no tasks says so, not "0 of 0 tasks failed"', () => {
    expect(message('failed', { total: 0, done: 0 }, { reason: 'no_tasks' })).toBe('Failed: it had no tasks, and planning it again gave none');
  });

  it.each(JOB_STATUSES.map((s) => [s]))('a %s job has a message', (status) => {
    expect(message(status, { total: 3, done: 1 }).length).toBeGreaterThan(0);
  });
});

describe('etaOf', () => {
  it('a running job: its pace since it started, over the tasks left', () => {
    // 5 tasks in 10 minutes: 2 minutes each, 15 left → 30 minutes from now.
    expect(etaOf(job({ status: 'running', startedAt: t0, progress: { total: 20, done: 5 } }), at(10))).toEqual(at(40));
    expect(etaOf(job({ status: 'running', startedAt: t0, progress: { total: 3, done: 2 } }), at(1))).toEqual(new Date(at(1).getTime() + 30_000));
  });

  it('none before the first task is done: there is no pace yet', () => {
    expect(etaOf(job({ status: 'running', progress: { total: 20, done: 0 } }), at(10))).toBeNull();
  });

  it('none when all is done', () => {
    expect(etaOf(job({ status: 'running', progress: { total: 20, done: 20 } }), at(10))).toBeNull();
  });

  it.each(JOB_STATUSES.filter((s) => s !== 'running').map((s) => [s]))('none for a %s job', (status) => {
    expect(etaOf(job({ status, progress: { total: 20, done: 5 } }), at(10))).toBeNull();
  });

  it('none for a running job with no start time', () => {
    expect(etaOf(job({ status: 'running', startedAt: null }), at(10))).toBeNull();
  });
});

describe('toJobView', () => {
  it('a job waiting for a budget says which, why and until when; an ended one does not', () => {
    const budgetWait = { budget: 'youtube', backfill_only: true, until: '2026-11-30T08:00:00.000Z', reason: 'backfill share of the daily quota spent (5/5); frees up at 2026-11-30T08:00:00.000Z' };
    const waiting = toJobView(job({}), { kinds: [], accountId: 'UC1', budget: null, budgetWait }, at(10));
    expect(waiting.budget_wait).toEqual(budgetWait);
    expect(waiting.message).toBe('Collecting data… 5/20 tasks — waiting for the youtube budget: backfill share of the daily quota spent (5/5); frees up at 2026-11-30T08:00:00.000Z');
    const ended = toJobView(job({ status: 'succeeded' }), { kinds: [], accountId: 'UC1', budget: null, budgetWait }, at(10));
    expect(ended.budget_wait).toBeNull();
    expect(ended.message).not.toContain('waiting');
  });

  it('shows the fixed shape of DESIGN.md "Jobs"', () => {
    const v = view({ checkpoint: { task: 'k1', finished_at: at(9).toISOString() } }, at(10));
    expect(v).toEqual({
      id: 7,
      type: 'data-collection',
      status: 'running',
      reason: null,
      tenant_id: 'acme',
      platform: 'youtube',
      connection_id: 3,
      account_id: 'UC1',
      scope: 'acme:youtube:UC1:data-collection',
      config: { start_date: '2026-01-01', end_date: '2026-01-31' },
      progress: { done: 5, total: 20, percent: 25, steps_done: 0 },
      message: 'Collecting data… 5/20 tasks',
      checkpoint: { task: 'k1', finished_at: at(9).toISOString() },
      errors: [],
      scopes: [],
      budget: null,
      budget_wait: null,
      created_at: t0.toISOString(),
      updated_at: at(10).toISOString(),
      started_at: t0.toISOString(),
      finished_at: null,
      eta: at(40).toISOString(),
      duration_seconds: 600,
      outcome: null,
      error_summary: null,
    });
  });

  it('duration: from the start to now while running, to the end once ended; none before a pending job starts', () => {
    expect(view({ status: 'running', startedAt: at(1) }, at(3)).duration_seconds).toBe(120);
    expect(view({ status: 'succeeded', startedAt: at(1), finishedAt: at(2.5) }, at(60)).duration_seconds).toBe(90);
    expect(view({ status: 'pending', startedAt: null }, at(60)).duration_seconds).toBeNull();
    // Cancelled before any task started: from its creation to its end.
    expect(view({ status: 'cancelled', startedAt: null, finishedAt: at(5) }, at(60)).duration_seconds).toBe(300);
  });

  it.each(JOB_STATUSES.map((s) => [s]))('outcome of a %s job: its status once it ended, else null', (status) => {
    const ended = !['pending', 'running', 'paused'].includes(status);
    const v = view({ status, ...(ended ? { finishedAt: at(9) } : {}) });
    expect(v.outcome).toBe(ended ? status : null);
    if (status !== 'running') expect(v.eta).toBeNull();
  });

  describe('error_summary', () => {
    const summary = (messages: string[]) => view({ errors: messages.map((message, i) => ({ at: at(i).toISOString(), message })) }).error_summary;

    it('counts the errors and quotes the last', () => {
      expect(summary([])).toBeNull();
      expect(summary(['quota exceeded'])).toBe('1 error; last: quota exceeded');
      expect(summary(['a', 'b', 'HTTP 503 from youtubeanalytics'])).toBe('3 errors; last: HTTP 503 from youtubeanalytics');
    });

    it('is cut to 300 characters, ending with an ellipsis', () => {
      const text = summary(['x'.repeat(1_000)])!;
      expect(text).toHaveLength(300);
      expect(text.startsWith('1 error; last: xxx')).toBe(true);
      expect(text.endsWith('x…')).toBe(true);
      expect(summary(['y'.repeat(300 - '1 error; last: '.length)])).toBe(`1 error; last: ${'y'.repeat(285)}`);
    });

    test.prop([fc.array(fc.string({ unit: 'binary', maxLength: 400 }), { minLength: 1, maxLength: 3 })])('never cuts a character in half', (messages) => {
      const text = summary(messages)!;
      expect(text.length).toBeLessThanOrEqual(300);
      expect(text.isWellFormed()).toBe(true);
    });

    it('a vendor message full of emoji stays well-formed Unicode at the cut', () => {
      // 15 characters of prefix and one of text: the cut at 299 falls inside a surrogate pair.
      const text = summary([`x${'🎬'.repeat(200)}`])!;
      expect(text.isWellFormed()).toBe(true);
      expect(text.endsWith('🎬…')).toBe(true);
    });
  });
});

describe('scopeViews: per kind of task', () => {
  const rows = (kind: string, counts: Partial<Record<KindCounts['status'], number>>): KindCounts[] =>
    Object.entries(counts).map(([status, count]) => ({ kind, status: status as KindCounts['status'], count, steps: 0 }));
  const only = (counts: Partial<Record<KindCounts['status'], number>>) => scopeViews(rows('k', counts))[0]!;

  it('none without tasks', () => {
    expect(scopeViews([])).toEqual([]);
  });

  it.each([
    [{ queued: 3 }, 'pending'],
    [{ queued: 2, succeeded: 1 }, 'running'],
    [{ queued: 2, running: 1 }, 'running'],
    [{ running: 1, paused: 1 }, 'running'],
    [{ paused: 2 }, 'paused'],
    [{ paused: 2, succeeded: 1 }, 'paused'],
    [{ succeeded: 3 }, 'succeeded'],
    [{ succeeded: 2, cancelled: 1 }, 'cancelled'],
    [{ succeeded: 2, dead: 1 }, 'failed'],
    [{ cancelled: 2 }, 'cancelled'],
  ] as const)('%j → %s', (counts, status) => {
    expect(only(counts).status).toBe(status);
  });

  it('sums a kind over its statuses, counts ended tasks as done, sorts by kind, and formats the counts en-US', () => {
    const kinds = [...rows('youtube.daily_channel', { succeeded: 1_200, dead: 34, queued: 1_000 }), ...rows('youtube.channel_daily_rollup', { queued: 2 })];
    expect(scopeViews(kinds, { 'youtube.daily_channel': { verb: 'Fetching daily video metrics', unit: 'weekly chunks' } })).toEqual([
      { scope: 'youtube.channel_daily_rollup', status: 'pending', done: 0, total: 2, percent: 0, message: 'youtube.channel_daily_rollup 0/2' },
      { scope: 'youtube.daily_channel', status: 'running', done: 1_234, total: 2_234, percent: 55.2, message: 'Fetching daily video metrics… 1,234/2,234 weekly chunks' },
    ]);
  });

  it('adds up several rows of one kind and status', () => {
    expect(scopeViews([...rows('k', { succeeded: 2 }), ...rows('k', { succeeded: 3, queued: 5 })])[0]).toMatchObject({ done: 5, total: 10, percent: 50, status: 'running' });
  });
});

describe('scopeViews: a part some of whose tasks were cancelled', () => {
  it('ended cancelled, with the share that succeeded as its progress', () => {
    const rows: KindCounts[] = [
      { kind: 'k', status: 'succeeded', count: 3, steps: 3 },
      { kind: 'k', status: 'cancelled', count: 9, steps: 0 },
    ];
    expect(scopeViews(rows)).toEqual([{ scope: 'k', status: 'cancelled', done: 12, total: 12, percent: 25, message: 'k 3/12' }]);
  });
});
