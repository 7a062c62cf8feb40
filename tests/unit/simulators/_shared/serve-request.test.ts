import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DESTROY_SOCKET, faultAnswer, serveRequest } from '../../../../dev/simulators/_shared/serve-request.js';
import { StatsRecorder } from '../../../../dev/simulators/_shared/simulator-stats.js';

const respond = (fault: { kind: string }, kind: string) => ({ status: 599, body: { fault: fault.kind, kind } });

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

const internalError = () => ({ status: 500, body: '' });

describe('serveRequest', () => {
  it('counts the arrival and the answer under the endpoint and key, and writes the answer', async () => {
    const stats = new StatsRecorder(['a', 'b'] as const);
    const { req, res, log } = exchange();
    await serveRequest(req, res, { endpoint: 'a', key: 'k' }, { stats, nowMs: () => 42, internalError }, async () => ({ status: 201, body: { ok: true } }));
    expect(log.status).toBe(201);
    expect(JSON.parse(log.payload)).toEqual({ ok: true });
    expect(stats.snapshot().a).toEqual({ total: 1, byStatus: { 201: 1 }, timestamps: [42], byKey: { k: { total: 1, byStatus: { 201: 1 } } } });
  });

  it("answers a handler's throw with the vendor's internal error", async () => {
    const stats = new StatsRecorder(['a'] as const);
    const { req, res, log } = exchange();
    await serveRequest(req, res, { endpoint: 'a' }, { stats, internalError: () => ({ status: 500, body: 'oops' }) }, () => Promise.reject(new Error('bug')));
    expect([log.status, log.payload]).toEqual([500, 'oops']);
    expect(stats.snapshot().a.byStatus).toEqual({ 500: 1 });
  });

  it('drops the socket for DESTROY_SOCKET, and counts an answer nobody waited for as abandoned', async () => {
    const stats = new StatsRecorder(['a'] as const);
    const dropped = exchange();
    await serveRequest(dropped.req, dropped.res, { endpoint: 'a' }, { stats, internalError }, async () => DESTROY_SOCKET);
    expect(dropped.log).toEqual({ status: 0, payload: '', socketDestroyed: true });
    const gone = exchange(true);
    await serveRequest(gone.req, gone.res, { endpoint: 'a' }, { stats, internalError }, async () => ({ status: 200, body: {} }));
    expect(gone.log.status).toBe(0);
    expect(stats.snapshot().a.byStatus).toEqual({ destroyed: 1, abandoned: 1 });
  });

  it('waits the latency before answering', async () => {
    const stats = new StatsRecorder(['a'] as const);
    const { req, res } = exchange();
    const started = Date.now();
    await serveRequest(req, res, { endpoint: 'a' }, { stats, latencyMs: 30, internalError }, async () => ({ status: 200, body: {} }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});

describe('faultAnswer', () => {
  it('answers normally without a fault', async () => {
    expect(await faultAnswer(null, respond)).toBeNull();
  });

  it("answers a fault with the vendor's response for its kind", async () => {
    expect(await faultAnswer({ api: 'api', kind: 'serverError' }, respond)).toEqual({ status: 599, body: { fault: 'serverError', kind: 'serverError' } });
  });

  it('hangs on a timeout, then answers normally or drops the socket', async () => {
    const started = Date.now();
    expect(await faultAnswer({ api: 'api', kind: 'timeout', timeoutMs: 30 }, respond)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(await faultAnswer({ api: 'api', kind: 'timeout', timeoutMs: 1, destroySocket: true }, respond)).toBe(DESTROY_SOCKET);
  });
});
