import { describe, expect, it } from '@jest/globals';
import { costRateFigures } from '../../../bench/cost-rate-figures.js';
import { CostBucket } from '../../../dev/simulators/shopify/cost-bucket.js';

const bucket = { capacity: 1_000, restorePerSecond: 50 };

describe('costRateFigures', () => {
  it('is 1 when every point the bucket held or restored over the span was spent', () => {
    // 100 s: the full bucket plus 100 × 50 restored.
    const figures = costRateFigures({ costSpent: 6_000, timestamps: [0, 40_000, 100_000], queries: 3, throttled: 0, ...bucket });
    expect(figures.spanSeconds).toBe(100);
    expect(figures.allowedPoints).toBe(6_000);
    expect(figures.achievedRatio).toBeCloseTo(1);
    // Points per second ÷ the restore rate counts the bucket's first fill as if it had been restored.
    expect(figures.pointsPerSecond).toBeCloseTo(60);
    expect(figures.perSecondRatio).toBeCloseTo(1.2);
    expect(figures.targets).toEqual({ rate: true, throttled: true });
  });

  it('misses the target when the client left points unused, and counts THROTTLED answers against the queries', () => {
    const figures = costRateFigures({ costSpent: 3_000, timestamps: [100_000, 0], queries: 200, throttled: 3, ...bucket });
    expect(figures.achievedRatio).toBeCloseTo(0.5);
    expect(figures.throttledShare).toBeCloseTo(0.015);
    expect(figures.targets).toEqual({ rate: false, throttled: false });
  });

  it('is 0 without a span to measure over', () => {
    expect(costRateFigures({ costSpent: 500, timestamps: [5], queries: 1, throttled: 0, ...bucket })).toMatchObject({ spanSeconds: 0, achievedRatio: 0, pointsPerSecond: 0 });
    expect(costRateFigures({ costSpent: 0, timestamps: [], queries: 0, throttled: 0, ...bucket })).toMatchObject({ achievedRatio: 0, throttledShare: 0 });
  });

  it('measures a client that sends each query as soon as the simulator bucket holds its requested cost near 1', () => {
    // 643 points requested, 282 spent (an orders page of Sluice's sync), refunded at once.
    const sim = new CostBucket(bucket, 0);
    const timestamps: number[] = [];
    let spent = 0;
    for (let now = 0; now <= 600_000; now += 10) {
      if (!sim.tryTake(643, now)) continue;
      sim.refund(643 - 282, now);
      timestamps.push(now);
      spent += 282;
    }
    const figures = costRateFigures({ costSpent: spent, timestamps, queries: timestamps.length, throttled: 0, ...bucket });
    expect(figures.achievedRatio).toBeGreaterThan(0.98);
    expect(figures.achievedRatio).toBeLessThanOrEqual(1);
  });
});
