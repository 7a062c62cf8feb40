import { describe, expect, it } from '@jest/globals';
import { maxInSlidingWindow, StatsRecorder } from '../../../../dev/simulators/_shared/simulator-stats.js';

describe('StatsRecorder', () => {
  it('lists every endpoint from the start, in the order given', () => {
    const stats = new StatsRecorder(['b.list', 'a.get'] as const);
    expect(stats.snapshot()).toEqual({ 'b.list': { total: 0, byStatus: {}, timestamps: [], byKey: {} }, 'a.get': { total: 0, byStatus: {}, timestamps: [], byKey: {} } });
    expect(Object.keys(stats.snapshot())).toEqual(['b.list', 'a.get']);
  });

  it('counts arrivals with their times and answers by status, dropped sockets included', () => {
    const stats = new StatsRecorder(['orders', 'token']);
    stats.arrived('orders', 1_000);
    stats.arrived('orders', 1_250);
    stats.arrived('orders', 1_300);
    stats.answered('orders', 200);
    stats.answered('orders', 429);
    stats.answered('orders', 'destroyed');
    stats.answered('orders', 200);
    expect(stats.snapshot()).toEqual({
      orders: { total: 3, byStatus: { 200: 2, 429: 1, destroyed: 1 }, timestamps: [1_000, 1_250, 1_300], byKey: {} },
      token: { total: 0, byStatus: {}, timestamps: [], byKey: {} },
    });
  });

  it('hands out copies that later counting does not change, and starts over on reset', () => {
    const stats = new StatsRecorder(['orders']);
    stats.arrived('orders', 5);
    const before = stats.snapshot();
    before.orders.timestamps.push(99);
    stats.arrived('orders', 6);
    expect(before.orders).toEqual({ total: 1, byStatus: {}, timestamps: [5, 99], byKey: {} });
    expect(stats.snapshot().orders.timestamps).toEqual([5, 6]);
    stats.reset();
    expect(stats.snapshot()).toEqual({ orders: { total: 0, byStatus: {}, timestamps: [], byKey: {} } });
  });

  it('also counts per key, when a request names one, so refetches of the same thing show', () => {
    const stats = new StatsRecorder(['reports']);
    for (const [key, status] of [['ch/2026-01-01', 500], ['ch/2026-01-01', 200], ['ch/2026-01-02', 200], ['ch/2026-01-01', 'abandoned']] as const) {
      stats.arrived('reports', 1, key);
      stats.answered('reports', status, key);
    }
    stats.arrived('reports', 2);
    stats.answered('reports', 401);
    expect(stats.snapshot().reports).toMatchObject({
      total: 5,
      byStatus: { 200: 2, 401: 1, 500: 1, abandoned: 1 },
      byKey: {
        'ch/2026-01-01': { total: 3, byStatus: { 200: 1, 500: 1, abandoned: 1 } },
        'ch/2026-01-02': { total: 1, byStatus: { 200: 1 } },
      },
    });
  });
});

describe('maxInSlidingWindow', () => {
  it('counts single and simultaneous arrivals, and windows of any length (Printify: a minute)', () => {
    expect(maxInSlidingWindow([5])).toBe(1);
    expect(maxInSlidingWindow([7, 7, 7], 1)).toBe(3);
    expect(maxInSlidingWindow([0, 30_000, 59_999, 60_000, 90_000, 119_999], 60_000)).toBe(3);
    expect(maxInSlidingWindow([119_999, 0, 90_000, 30_000, 60_000, 59_999], 60_000)).toBe(3);
  });
});
