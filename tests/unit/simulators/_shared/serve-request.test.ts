import { describe, expect, it } from '@jest/globals';
import { DESTROY_SOCKET, faultAnswer } from '../../../../dev/simulators/_shared/serve-request.js';

const respond = (fault: { kind: string }, kind: string) => ({ status: 599, body: { fault: fault.kind, kind } });

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
