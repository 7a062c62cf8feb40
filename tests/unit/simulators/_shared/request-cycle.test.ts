import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultQueue } from '../../../../dev/simulators/_shared/fault-queue.js';
import { RandomFaults } from '../../../../dev/simulators/_shared/random-faults.js';
import { DESTROY, faultOutcome, nextFault, serveRequest } from '../../../../dev/simulators/_shared/request-cycle.js';
import { StatsRecorder } from '../../../../dev/simulators/_shared/simulator-stats.js';

/** A request and response pair that records what happens to them; `gone` plays a client that hung up. */
function exchange(gone = false) {
  const log = { status: 0, payload: '', socketDestroyed: false };
  const req = { socket: { destroyed: gone, destroy: () => (log.socketDestroyed = true) } } as unknown as IncomingMessage;
  const res = {
    destroyed: gone,
    writableEnded: false,
    writeHead: (status: number) => (log.status = status),
    end: (payload: string) => (log.payload = payload),
  } as unknown as ServerResponse;
  return { req, res, log };
}

describe('serveRequest', () => {
  it('counts the arrival and the answer under the endpoint and key, and writes the answer', async () => {
    const stats = new StatsRecorder(['a', 'b'] as const);
    const { req, res, log } = exchange();
    await serveRequest(req, res, { stats, endpoint: 'a', key: 'k', nowMs: () => 42, answer: async () => ({ status: 201, body: { ok: true } }), crashed: () => ({ status: 500, body: '' }) });
    expect(log.status).toBe(201);
    expect(JSON.parse(log.payload)).toEqual({ ok: true });
    expect(stats.snapshot().a).toEqual({ total: 1, byStatus: { 201: 1 }, timestamps: [42], byKey: { k: { total: 1, byStatus: { 201: 1 } } } });
  });

  it("answers a handler's throw with the vendor's crash response", async () => {
    const stats = new StatsRecorder(['a'] as const);
    const { req, res, log } = exchange();
    await serveRequest(req, res, { stats, endpoint: 'a', answer: () => Promise.reject(new Error('bug')), crashed: () => ({ status: 500, body: 'oops' }) });
    expect([log.status, log.payload]).toEqual([500, 'oops']);
    expect(stats.snapshot().a.byStatus).toEqual({ 500: 1 });
  });

  it('drops the socket for DESTROY, and counts an answer nobody waited for as abandoned', async () => {
    const stats = new StatsRecorder(['a'] as const);
    const dropped = exchange();
    await serveRequest(dropped.req, dropped.res, { stats, endpoint: 'a', answer: async () => DESTROY, crashed: () => ({ status: 500, body: '' }) });
    expect(dropped.log).toEqual({ status: 0, payload: '', socketDestroyed: true });
    const gone = exchange(true);
    await serveRequest(gone.req, gone.res, { stats, endpoint: 'a', answer: async () => ({ status: 200, body: {} }), crashed: () => ({ status: 500, body: '' }) });
    expect(gone.log.status).toBe(0);
    expect(stats.snapshot().a.byStatus).toEqual({ destroyed: 1, abandoned: 1 });
  });

  it('waits the latency before answering', async () => {
    const stats = new StatsRecorder(['a'] as const);
    const { req, res } = exchange();
    const started = Date.now();
    await serveRequest(req, res, { stats, endpoint: 'a', latencyMs: 30, answer: async () => ({ status: 200, body: {} }), crashed: () => ({ status: 500, body: '' }) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});

describe('nextFault and faultOutcome', () => {
  it('takes a queued fault before drawing a random one, and only for the APIs the rates cover', () => {
    const queue = new FaultQueue<'api' | 'oauth'>();
    const random = new RandomFaults<'api' | 'oauth'>({ rates: { serverError: 1 }, apis: ['api'] });
    queue.push([{ api: 'api', kind: 'badRequest' }]);
    expect(nextFault('api', queue, random)?.kind).toBe('badRequest');
    expect(nextFault('api', queue, random)?.kind).toBe('serverError');
    expect(nextFault('oauth', queue, random)).toBeNull();
    expect(nextFault('api', queue, null)).toBeNull();
  });

  it("answers a fault with the vendor's response, and a timeout by hanging, then going on or dropping", async () => {
    const respond = (_fault: unknown, kind: string) => ({ status: 418, body: kind });
    expect(await faultOutcome(null, respond)).toBeNull();
    expect(await faultOutcome({ api: 'api', kind: 'rateLimited' }, respond)).toEqual({ status: 418, body: 'rateLimited' });
    const started = Date.now();
    expect(await faultOutcome({ api: 'api', kind: 'timeout', timeoutMs: 20 }, respond)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(await faultOutcome({ api: 'api', kind: 'timeout', timeoutMs: 1, destroySocket: true }, respond)).toBe(DESTROY);
  });
});
