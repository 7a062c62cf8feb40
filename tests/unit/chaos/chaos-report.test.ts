import { describe, expect, it } from '@jest/globals';
import {
  callFigures,
  compareRows,
  formatChaosReport,
  invariantViolations,
  issueTargetViolations,
  type ChaosReport,
  type MetricRow,
} from '../../../dev/chaos/chaos-report.js';

const row = (videoId: string, dt: string, views: number): MetricRow => ({ channelId: 'UC1', videoId, dt, values: [views, 1, 2] });

function report(overrides: Partial<ChaosReport> = {}): ChaosReport {
  return {
    servers: 3,
    channels: 1,
    chunks: 2,
    faultRates: { serverError: 0.1 },
    seed: 1,
    tasksByStatus: { succeeded: 2 },
    deadTasks: [],
    data: { expected: 10, equal: 10, missing: 0, wrong: 0, extra: 0 },
    calls: { calls: 20, succeeded: 15, minimum: 14, byStatus: { 200: 15, 500: 5 }, mostCallsForOneChannelDay: 3, mostSuccessesForOneChannelDay: 2, refetchedChannelDays: 1 },
    killCycles: 20,
    killCyclesPlanned: 20,
    leasesAged: 4,
    wallSeconds: 12.5,
    timedOut: false,
    logDir: '/tmp/x',
    ...overrides,
  };
}

describe('compareRows', () => {
  it('counts equal, missing, wrong and extra rows by (channel, video, day)', () => {
    const truth = [row('a', '2026-01-01', 5), row('b', '2026-01-01', 6), row('a', '2026-01-02', 7)];
    const stored = [row('a', '2026-01-01', 5), row('b', '2026-01-01', 60), row('c', '2026-01-01', 1)];
    expect(compareRows(stored, truth)).toEqual({ expected: 3, equal: 1, missing: 1, wrong: 1, extra: 1 });
    expect(compareRows(truth, truth)).toEqual({ expected: 3, equal: 3, missing: 0, wrong: 0, extra: 0 });
  });
});

describe('callFigures', () => {
  it('takes the minimum as chunks × 7 and finds the most fetched channel-day', () => {
    const figures = callFigures(
      {
        total: 9,
        byStatus: { 200: 6, 500: 2, abandoned: 1 },
        timestamps: [],
        byKey: { 'UC1/2026-01-01': { total: 5, byStatus: { 200: 3, 500: 2 } }, 'UC1/2026-01-02': { total: 4, byStatus: { 200: 3, abandoned: 1 } } },
      },
      1,
    );
    expect(figures).toMatchObject({ calls: 9, succeeded: 6, minimum: 7, mostCallsForOneChannelDay: 5, mostSuccessesForOneChannelDay: 3, refetchedChannelDays: 2 });
  });
});

describe('checks', () => {
  it('finds nothing wrong in a clean run', () => {
    expect(invariantViolations(report())).toEqual([]);
    expect(issueTargetViolations(report({ calls: { ...report().calls, succeeded: 15 } }))).toEqual([]);
  });

  it('invariants: stuck tasks, a time-out, wrong or extra rows, a dead task without a reason, a run that did not run', () => {
    const failures = invariantViolations(
      report({
        tasksByStatus: { running: 1, queued: 2, dead: 1 },
        timedOut: true,
        deadTasks: [{ id: 1, dedupeKey: 'k', status: 'dead', attempts: 5, lastError: null }],
        data: { expected: 10, equal: 8, missing: 0, wrong: 1, extra: 1 },
        calls: { ...report().calls, calls: 3 },
      }),
    );
    expect(failures).toEqual([
      'the run hit its time bound with work left',
      '3 tasks stuck (queued, running or paused)',
      'a dead task has no last_error',
      'data wrong: 1 rows differ from the ground truth, 1 rows are not in it',
      'only 3 Analytics calls for a minimum of 14: the run did not run',
    ]);
  });

  it('missing rows and dead tasks are no invariant breach today, but miss the issue targets', () => {
    const lossy = report({
      tasksByStatus: { succeeded: 1, dead: 1 },
      deadTasks: [{ id: 2, dedupeKey: 'k', status: 'dead', attempts: 5, lastError: 'gave up' }],
      data: { expected: 10, equal: 5, missing: 5, wrong: 0, extra: 0 },
      calls: { ...report().calls, succeeded: 16 },
    });
    expect(invariantViolations(lossy)).toEqual([]);
    expect(issueTargetViolations(lossy)).toEqual([
      '1 of 2 tasks did not succeed',
      'stored rows ≠ ground truth: 5 of 10 missing',
      'successful calls 1.14× the minimum (target ≤ 1.1×)',
    ]);
  });
});

describe('formatChaosReport', () => {
  it('prints the figures the issue asks for, and the dead tasks with their reasons', () => {
    const text = formatChaosReport(report({ tasksByStatus: { succeeded: 1, dead: 1 }, deadTasks: [{ id: 2, dedupeKey: 't:daily_channel:UC1:2026-01-07', status: 'dead', attempts: 5, lastError: 'lease expired at …' }] }));
    expect(text).toContain('| tasks by final status | succeeded 1, dead 1 | NOT MET (all succeeded) |');
    expect(text).toContain('| Analytics calls made ÷ minimum | 20 ÷ 14 = 1.43× |');
    expect(text).toContain('| successful (200) calls ÷ minimum | 15 ÷ 14 = 1.07× | MET (≤ 1.1×) |');
    expect(text).toContain('| kill cycles | 20 of 20 planned; 4 leases of killed servers aged |');
    expect(text).toContain('  t:daily_channel:UC1:2026-01-07  attempts=5  lease expired at …');
  });

  it('calls every task succeeded when none ended otherwise, counting tasks enqueued besides the chunks', () => {
    expect(formatChaosReport(report({ chunks: 2, tasksByStatus: { succeeded: 3 } }))).toContain('| tasks by final status | succeeded 3 | MET (all succeeded) |');
    expect(formatChaosReport(report({ chunks: 2, tasksByStatus: { succeeded: 2, queued: 1 } }))).toContain('NOT MET (all succeeded)');
  });
});
