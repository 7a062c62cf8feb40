import { fc, test } from '@fast-check/jest';
import { describe, expect, it } from '@jest/globals';
import { PACIFIC_DAY } from '../../../lib/budgets/budget-policy.js';
import { effectiveRateLimits, estimateUnderLimits, type RateLimits } from '../../../lib/budgets/rate-limit-config.js';
import type { RateLimitOverride } from '../../../lib/budgets/rate-limits.repository.js';
import type { BudgetSpec } from '../../../lib/connectors/connector.js';

const declared: BudgetSpec[] = [
  { key: 'youtube', scope: 'app', requestsPerSecond: 5, dailyQuota: null, quotaWindow: PACIFIC_DAY, unit: 'queries', backfillShare: 0.5, spentBy: ['youtube.daily_channel'] },
  { key: 'youtube-data', scope: 'app', requestsPerSecond: 10, dailyQuota: 10_000, quotaWindow: PACIFIC_DAY, unit: 'units', backfillShare: 0.5, spentBy: [] },
];

describe('effectiveRateLimits', () => {
  it('without overrides: the environment defaults, concurrency the dispatcher lanes', () => {
    expect(effectiveRateLimits(declared, [], 4)).toEqual({
      youtube: { requests_per_second: 5, daily_quota: null, backfill_share: 0.5, concurrency: 4 },
      'youtube-data': { requests_per_second: 10, daily_quota: 10_000, backfill_share: 0.5, concurrency: 4 },
    });
  });

  it('an override replaces only the fields it has; other budgets keep their defaults', () => {
    const overrides: RateLimitOverride[] = [{ budget: 'youtube-data', dailyQuota: 50_000, concurrency: 2 }];
    expect(effectiveRateLimits(declared, overrides, 4)).toEqual({
      youtube: { requests_per_second: 5, daily_quota: null, backfill_share: 0.5, concurrency: 4 },
      'youtube-data': { requests_per_second: 10, daily_quota: 50_000, backfill_share: 0.5, concurrency: 2 },
    });
  });

  it('zero is a value, not a missing field: backfill_share 0 and daily_quota 0 are kept', () => {
    const limits = effectiveRateLimits(declared, [{ budget: 'youtube-data', backfillShare: 0, dailyQuota: 0 }], 4)['youtube-data']!;
    expect(limits).toMatchObject({ backfill_share: 0, daily_quota: 0 });
  });

  it('a null field (as stored for "back to the default") is the default', () => {
    const limits = effectiveRateLimits(declared, [{ budget: 'youtube', requestsPerSecond: null, dailyQuota: null, backfillShare: null, concurrency: null }], 3);
    expect(limits['youtube']).toEqual({ requests_per_second: 5, daily_quota: null, backfill_share: 0.5, concurrency: 3 });
  });

  it('a stored concurrency above the lanes (DISPATCH_CONCURRENCY lowered since) counts as the lanes', () => {
    const limits = effectiveRateLimits(declared, [{ budget: 'youtube', concurrency: 9 }, { budget: 'youtube-data', concurrency: 3 }], 4);
    expect(limits['youtube']!.concurrency).toBe(4);
    expect(limits['youtube-data']!.concurrency).toBe(3);
  });

  it('ignores overrides of a budget no connector declares any more, and adds no entry for it', () => {
    const limits = effectiveRateLimits(declared, [{ budget: 'etsy', requestsPerSecond: 1 }, { budget: 'youtube', requestsPerSecond: 2 }], 4);
    expect(Object.keys(limits).sort()).toEqual(['youtube', 'youtube-data']);
    expect(limits['youtube']!.requests_per_second).toBe(2);
  });

  it('nothing declared: an empty config', () => {
    expect(effectiveRateLimits([], [{ budget: 'youtube', concurrency: 9 }], 4)).toEqual({});
  });
});

describe('estimateUnderLimits', () => {
  const limits = (over: Partial<RateLimits> = {}): RateLimits => ({ requests_per_second: 5, daily_quota: 1_000, backfill_share: 0.5, concurrency: 4, ...over });
  // `usedToday`: units backfills used today (and so the quota too).
  const work = ({ usedToday = 0, ...over }: Partial<Parameters<typeof estimateUnderLimits>[1]> & { usedToday?: number } = {}) => ({
    apiCalls: 100,
    quotaUnits: 100,
    used: { used: usedToday, backfillUsed: usedToday },
    backfill: true,
    ...over,
  });

  it('seconds at the budget rate, rounded up', () => {
    expect(estimateUnderLimits(limits(), work({ apiCalls: 100 })).estimatedSeconds).toBe(20);
    expect(estimateUnderLimits(limits(), work({ apiCalls: 101 })).estimatedSeconds).toBe(21);
    expect(estimateUnderLimits(limits({ requests_per_second: 0.5 }), work({ apiCalls: 3 })).estimatedSeconds).toBe(6);
    expect(estimateUnderLimits(limits(), work({ apiCalls: 0, quotaUnits: 0 }))).toEqual({ estimatedSeconds: 0, estimatedDays: 0 });
  });

  it('one day when what backfills may still use today holds the work', () => {
    // 1,000 a day, half for backfills: 500 today.
    expect(estimateUnderLimits(limits(), work({ quotaUnits: 500 })).estimatedDays).toBe(1);
    expect(estimateUnderLimits(limits(), work({ quotaUnits: 400, usedToday: 100 })).estimatedDays).toBe(1);
  });

  it("more days when today's quota cannot hold it: the rest at the backfill share of each new day", () => {
    expect(estimateUnderLimits(limits(), work({ quotaUnits: 501 })).estimatedDays).toBe(2);
    expect(estimateUnderLimits(limits(), work({ quotaUnits: 1_500 })).estimatedDays).toBe(3); // 500 + 500 + 500
    expect(estimateUnderLimits(limits(), work({ quotaUnits: 1_501 })).estimatedDays).toBe(4);
    // Today's backfill share already spent: nothing today, then 500 a day.
    expect(estimateUnderLimits(limits(), work({ quotaUnits: 1_000, usedToday: 500 })).estimatedDays).toBe(3);
    expect(estimateUnderLimits(limits(), work({ quotaUnits: 1_000, usedToday: 900 })).estimatedDays).toBe(3);
  });

  it('a backfill is held by what is left of the whole quota too, when other work used it', () => {
    // Syncs used 900 of 1,000: the backfill has 100 left today, not its share's 500.
    expect(estimateUnderLimits(limits(), work({ quotaUnits: 100, used: { used: 900, backfillUsed: 0 } })).estimatedDays).toBe(1);
    expect(estimateUnderLimits(limits(), work({ quotaUnits: 101, used: { used: 900, backfillUsed: 0 } })).estimatedDays).toBe(2);
  });

  it('work that is not a backfill may use the whole quota', () => {
    expect(estimateUnderLimits(limits(), work({ quotaUnits: 1_000, backfill: false })).estimatedDays).toBe(1);
    expect(estimateUnderLimits(limits(), work({ quotaUnits: 2_500, backfill: false })).estimatedDays).toBe(3);
  });

  it('no daily quota: a day; no quota units: none', () => {
    expect(estimateUnderLimits(limits({ daily_quota: null }), work({ quotaUnits: 1e9 })).estimatedDays).toBe(1);
    expect(estimateUnderLimits(limits(), work({ apiCalls: 50, quotaUnits: 0 })).estimatedDays).toBe(0);
  });

  it('a backfill share of 0 (or a quota of 0): the work never runs, days null', () => {
    expect(estimateUnderLimits(limits({ backfill_share: 0 }), work()).estimatedDays).toBeNull();
    expect(estimateUnderLimits(limits({ daily_quota: 0 }), work()).estimatedDays).toBeNull();
    // A sync is not held back by the backfill share.
    expect(estimateUnderLimits(limits({ backfill_share: 0 }), work({ backfill: false })).estimatedDays).toBe(1);
  });

  test.prop([
    fc.integer({ min: 1, max: 1_000_000 }),
    fc.double({ min: 0.01, max: 1, noNaN: true }),
    fc.integer({ min: 1, max: 10_000_000 }),
    fc.integer({ min: 0, max: 2_000_000 }),
  ])('the days it gives are enough, and one fewer would not be', (quota, share, units, usedToday) => {
    const { estimatedDays } = estimateUnderLimits(limits({ daily_quota: quota, backfill_share: share }), work({ quotaUnits: units, usedToday }));
    // Whole units of the share, as the budget grants them.
    const perDay = Math.floor(quota * share);
    if (perDay === 0) return expect(estimatedDays).toBeNull();
    const capacity = (days: number) => Math.max(0, perDay - usedToday) + (days - 1) * perDay;
    expect(estimatedDays).not.toBeNull();
    expect(capacity(estimatedDays!)).toBeGreaterThanOrEqual(units);
    if (estimatedDays! > 1) expect(capacity(estimatedDays! - 1)).toBeLessThan(units);
  });
});
