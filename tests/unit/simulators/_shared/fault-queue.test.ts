import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TIMEOUT_MS, FaultQueue, hangFor } from '../../../../dev/simulators/_shared/fault-queue.js';

describe('FaultQueue', () => {
  it('hands out faults in order, per API, count times each', () => {
    const queue = new FaultQueue<'analytics' | 'data' | 'oauth'>();
    queue.push([
      { api: 'analytics', kind: 'serverError', count: 2 },
      { api: 'data', kind: 'badRequest' },
      { api: 'analytics', kind: 'rateLimited' },
    ]);
    expect(queue.take('oauth')).toBeNull();
    expect([queue.take('analytics'), queue.take('analytics'), queue.take('analytics')].map((f) => f?.kind)).toEqual(['serverError', 'serverError', 'rateLimited']);
    expect(queue.take('analytics')).toBeNull();
    expect(queue.take('data')?.kind).toBe('badRequest');
  });

  it('hands out the very fault that was queued, and adds later pushes behind the earlier ones', () => {
    const queue = new FaultQueue<'orders'>();
    const first = { api: 'orders', kind: 'serverError', status: 503 } as const;
    queue.push([first]);
    queue.push([{ api: 'orders', kind: 'timeout', timeoutMs: 5 }]);
    expect(queue.take('orders')).toBe(first);
    expect(queue.take('orders')).toMatchObject({ kind: 'timeout', timeoutMs: 5 });
    expect(queue.take('orders')).toBeNull();
  });

  it('lets `after` matching requests pass first, holding later faults of that API behind it', () => {
    const queue = new FaultQueue<'orders' | 'oauth'>();
    queue.push([
      { api: 'orders', kind: 'unauthorized', after: 2, count: 2 },
      { api: 'orders', kind: 'badRequest' },
      { api: 'oauth', kind: 'serverError' },
    ]);
    expect(queue.take('oauth')?.kind).toBe('serverError'); // another API's requests do not count
    expect([1, 2, 3, 4, 5, 6].map(() => queue.take('orders')?.kind ?? null)).toEqual([null, null, 'unauthorized', 'unauthorized', 'badRequest', null]);
  });

  it('aims a fault with `endpoint` at that endpoint only: others pass it by, uncounted and unblocked', () => {
    const queue = new FaultQueue<'data'>();
    queue.push([
      { api: 'data', kind: 'serverError', endpoint: 'insert', after: 1 },
      { api: 'data', kind: 'badRequest' },
    ]);
    expect(queue.take('data', 'insert')).toBeNull(); // the one that passes (after: 1)
    expect(queue.take('data', 'list')?.kind).toBe('badRequest');
    expect(queue.take('data', 'list')).toBeNull();
    expect(queue.take('data', 'insert')?.kind).toBe('serverError');
    expect(queue.take('data', 'insert')).toBeNull();
  });

  it('treats a count below 1 as one request', () => {
    const queue = new FaultQueue<'orders'>();
    queue.push([{ api: 'orders', kind: 'badRequest', count: 0 }]);
    expect(queue.take('orders')?.kind).toBe('badRequest');
    expect(queue.take('orders')).toBeNull();
  });
});

describe('hangFor', () => {
  it('waits timeoutMs, then says whether to drop the socket', async () => {
    const started = performance.now();
    expect(await hangFor({ api: 'orders', kind: 'timeout', timeoutMs: 40 })).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(await hangFor({ api: 'orders', kind: 'timeout', timeoutMs: 1, destroySocket: true })).toBe(true);
  });

  it(`hangs DEFAULT_TIMEOUT_MS (${DEFAULT_TIMEOUT_MS} ms) when no timeoutMs is given`, async () => {
    const hang = hangFor({ api: 'orders', kind: 'timeout' }).then(() => 'over');
    const soon = new Promise((resolve) => setTimeout(resolve, 50, 'still hanging'));
    expect(await Promise.race([hang, soon])).toBe('still hanging');
  });
});
