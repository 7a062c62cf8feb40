import { describe, expect, it } from '@jest/globals';
import type { Connection } from '../../../lib/connections/connections.repository.js';
import { planDataCollection } from '../../../lib/connectors/youtube/daily-channel.planner.js';
import type { YouTubeSettings } from '../../../lib/connectors/youtube/youtube.config.js';
import { summarizePlan } from '../../../lib/jobs/jobs.service.js';
import type { ExistingTask } from '../../../lib/queue/repository/index.js';

// The preview (issue 8, item 5) from `now`: the YouTube planner's plan for a fixed day, and what
// a create would do with it given the tasks that exist, under a budget's limits.
const NOW = new Date('2026-11-29T12:00:00Z'); // latest report day (Pacific, 2 days back): 2026-11-27
const connection = { id: 1, tenantId: 'acme', platform: 'youtube', externalAccountId: 'UC1' } as Connection;
const settings = { backfillDays: 84 } as YouTubeSettings;
const limits = { requests_per_second: 10, daily_quota: 200, backfill_share: 0.5, concurrency: 4 };
const plan = planDataCollection({ connection, params: { startDate: '2026-10-01', endDate: '2026-11-25' }, settings }, NOW);
const key = (day: string) => `acme:daily_channel:UC1:${day}`;
const existing = (status: ExistingTask['status'], ...days: string[]) => days.map((day) => ({ dedupeKey: key(day), status, jobId: 1 }));

describe('summarizePlan (preview)', () => {
  it('a fresh range: every chunk new, its calls and quota, duration at the rate, days at the backfill share', () => {
    expect(plan.tasks.map((task) => task.dedupeKey.slice(-10))).toEqual(['2026-10-07', '2026-10-14', '2026-10-21', '2026-10-28', '2026-11-04', '2026-11-11', '2026-11-18', '2026-11-25']);
    const summary = summarizePlan(plan, [], { force: false, backfill: true, budget: 'youtube', limits });
    expect(summary).toMatchObject({ tasks: 8, skipped: 0, in_flight: 0, to_run: 8, api_calls: 56, quota_units: 56, budget: 'youtube', estimated_seconds: 6, estimated_days: 1 });
    expect(summary.rate).toEqual({ requests_per_second: 10, concurrency: 4, daily_quota: 200, backfill_share: 0.5 });
  });

  it('done chunks are skipped, in-flight ones left to their job, cancelled ones run again; force re-runs done ones', () => {
    const tasks = [...existing('succeeded', '2026-10-07', '2026-10-14'), ...existing('running', '2026-10-21'), ...existing('cancelled', '2026-10-28'), ...existing('dead', '2026-11-04')];
    const summary = summarizePlan(plan, tasks, { force: false, backfill: true, budget: 'youtube', limits });
    expect(summary).toMatchObject({ tasks: 8, skipped: 3, in_flight: 1, to_run: 4, api_calls: 28, quota_units: 28 });
    expect(summary.chunks.map((chunk) => chunk.status)).toEqual(['done', 'done', 'in_flight', 'new', 'done', 'new', 'new', 'new']);
    const forced = summarizePlan(plan, tasks, { force: true, backfill: true, budget: 'youtube', limits });
    expect(forced).toMatchObject({ skipped: 0, in_flight: 1, to_run: 7, api_calls: 49 });
    expect(forced.chunks.map((chunk) => chunk.status)).toEqual(['rerun', 'rerun', 'in_flight', 'new', 'rerun', 'new', 'new', 'new']);
  });

  it("spreads what today's quota cannot hold over the days after, at the backfill share", () => {
    const long = planDataCollection({ connection, params: { days: 350 }, settings }, NOW); // 50 chunks, 350 queries
    expect(summarizePlan(long, [], { force: false, backfill: true, budget: 'youtube', limits })).toMatchObject({ quota_units: 350, estimated_seconds: 35, estimated_days: 4 });
    // A sync is not a backfill: the whole quota is its.
    expect(summarizePlan(long, [], { force: false, backfill: false, budget: 'youtube', limits })).toMatchObject({ estimated_days: 2 });
    expect(summarizePlan(long, [], { force: false, backfill: true, budget: 'youtube', limits: { ...limits, backfill_share: 0 } })).toMatchObject({ estimated_days: null });
    expect(summarizePlan(long, [], { force: false, backfill: true, budget: 'youtube', limits: { ...limits, daily_quota: null } })).toMatchObject({ estimated_days: 1 });
  });

  it('a plan whose tasks cost differently (a big channel\'s chunks): the tasks that would run, with their parts summed, and the other budgets it spends', () => {
    const big = {
      ...plan,
      estimate: {
        apiCalls: 0,
        quotaUnits: 0,
        perTask: plan.tasks.map((_, i) => ({ apiCalls: 7 + i * 100, quotaUnits: 7 + i * 100, parts: { top_list_calls: 7, tail_calls_max: i * 100 } })),
        alsoSpends: [{ budget: 'youtube-data', quotaUnits: 30 }],
      },
    };
    const summary = summarizePlan(big, existing('succeeded', '2026-10-07', '2026-10-14'), { force: false, backfill: true, budget: 'youtube', limits: null });
    // Chunks 3..8 run: 6 × 7 top-list calls and 200 + 300 + … + 700 tail calls at most.
    expect(summary).toMatchObject({ to_run: 6, api_calls: 42 + 2_700, quota_units: 42 + 2_700, cost_breakdown: { top_list_calls: 42, tail_calls_max: 2_700 }, also_spends: [{ budget: 'youtube-data', quota_units: 30 }] });
    const nothing = summarizePlan(big, existing('succeeded', ...plan.tasks.map((task) => task.dedupeKey.slice(-10))), { force: false, backfill: true, budget: 'youtube', limits: null });
    expect(nothing).toMatchObject({ to_run: 0, api_calls: 0, also_spends: [{ budget: 'youtube-data', quota_units: 0 }] });
  });
});
