import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { achievedRate, lanesForRate, maxInSlidingWindow, rateFigures, share } from '../../../bench/rate-figures.js';
import { SlidingWindowLimiter } from '../../../dev/simulators/_shared/rate-limiter.js';
import type { EndpointStats } from '../../../dev/simulators/youtube/index.js';

const stats = (timestamps: number[], byStatus: Record<string, number>): EndpointStats => ({ total: timestamps.length, byStatus, timestamps, byKey: {} });

describe('achievedRate', () => {
  it('is r for requests evenly paced at r per second, whatever their order', () => {
    expect(achievedRate([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000])).toBeCloseTo(10);
    expect(achievedRate([1_500, 0, 500, 1_000])).toBeCloseTo(2);
  });

  it('is 0 without a span to measure over', () => {
    expect(achievedRate([])).toBe(0);
    expect(achievedRate([42])).toBe(0);
    expect(achievedRate([7, 7, 7])).toBe(0);
  });
});

describe('maxInSlidingWindow', () => {
  it('counts requests less than a window apart, as the simulator does', () => {
    expect(maxInSlidingWindow([0, 999])).toBe(2);
    expect(maxInSlidingWindow([0, 1_000])).toBe(1);
    expect(maxInSlidingWindow([1_500, 0, 500, 999, 1_000, 1_001])).toBe(4); // 500, 999, 1000, 1001
    expect(maxInSlidingWindow([0, 10, 20, 30], 15)).toBe(2);
    expect(maxInSlidingWindow([])).toBe(0);
  });

  test.prop([fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 60 })])(
    'a run the simulator limiter would accept in full is exactly one whose maximum is within the limit',
    (limit, offsets) => {
      const arrivals = [...offsets].sort((a, b) => a - b);
      const limiter = new SlidingWindowLimiter(limit, 1_000);
      const accepted = arrivals.filter((at) => limiter.tryAcquire(at));
      expect(maxInSlidingWindow(accepted)).toBeLessThanOrEqual(limit);
      expect(accepted.length === arrivals.length).toBe(maxInSlidingWindow(arrivals) <= limit);
    },
  );
});

describe('share', () => {
  it('is the part of the whole, and 0 of nothing', () => {
    expect(share(1, 4)).toBe(0.25);
    expect(share(0, 0)).toBe(0);
  });
});

describe('lanesForRate', () => {
  it('keeps rate × latency requests in flight (Little’s law), plus two lanes of slack', () => {
    expect(lanesForRate(10, 100)).toBe(3);
    expect(lanesForRate(20, 100)).toBe(4);
    expect(lanesForRate(10, 400)).toBe(6);
    expect(lanesForRate(10, 0)).toBe(2);
  });
});

describe('rateFigures', () => {
  it('measures a run paced at the allowed rate as on target', () => {
    const timestamps = Array.from({ length: 101 }, (_, i) => i * 100);
    const figures = rateFigures(stats(timestamps, { 200: 101 }), 10);
    expect(figures).toMatchObject({ calls: 101, accepted: 101, limited: 0, activeSeconds: 10, limitedShare: 0, maxPerSecond: 10 });
    expect(figures.achievedRate).toBeCloseTo(10);
    expect(figures.achievedRatio).toBeCloseTo(1);
    expect(figures.targets).toEqual({ rate: true, limited: true, window: true });
  });

  it('shows four uncoordinated clients: four times the rate, the excess refused', () => {
    const timestamps = Array.from({ length: 4 }, (_, client) => Array.from({ length: 101 }, (_, i) => i * 100 + client)).flat();
    const figures = rateFigures(stats(timestamps, { 200: 101, 429: 303 }), 10);
    expect(figures.achievedRatio).toBeCloseTo(4, 1);
    expect(figures.limitedShare).toBeCloseTo(0.75);
    expect(figures.maxPerSecond).toBe(40);
    expect(figures.targets).toEqual({ rate: true, limited: false, window: false });
  });

  it('misses the rate target below 95% of the allowed rate', () => {
    const timestamps = Array.from({ length: 91 }, (_, i) => i * 110);
    expect(rateFigures(stats(timestamps, { 200: 91 }), 10).targets).toEqual({ rate: false, limited: true, window: true });
  });
});
