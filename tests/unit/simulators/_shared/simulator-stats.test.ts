import { describe, expect, it } from '@jest/globals';
import { StatsRecorder } from '../../../../dev/simulators/_shared/simulator-stats.js';

describe('StatsRecorder', () => {
  it('lists every endpoint from the start, in the order given', () => {
    const stats = new StatsRecorder(['b.list', 'a.get'] as const);
    expect(stats.snapshot()).toEqual({ 'b.list': { total: 0, byStatus: {}, timestamps: [] }, 'a.get': { total: 0, byStatus: {}, timestamps: [] } });
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
      orders: { total: 3, byStatus: { 200: 2, 429: 1, destroyed: 1 }, timestamps: [1_000, 1_250, 1_300] },
      token: { total: 0, byStatus: {}, timestamps: [] },
    });
  });

  it('hands out copies that later counting does not change, and starts over on reset', () => {
    const stats = new StatsRecorder(['orders']);
    stats.arrived('orders', 5);
    const before = stats.snapshot();
    before.orders.timestamps.push(99);
    stats.arrived('orders', 6);
    expect(before.orders).toEqual({ total: 1, byStatus: {}, timestamps: [5, 99] });
    expect(stats.snapshot().orders.timestamps).toEqual([5, 6]);
    stats.reset();
    expect(stats.snapshot()).toEqual({ orders: { total: 0, byStatus: {}, timestamps: [] } });
  });
});
