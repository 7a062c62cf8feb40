/** startSimulatorServer with a stand-in simulator: routing by path, the vendor's 404, failures, and closing. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeResponse } from '../../../../dev/simulators/_shared/http-io.js';
import { startSimulatorServer, type SimulatorServer } from '../../../../dev/simulators/_shared/simulator-server.js';

const seenPaths: string[] = [];
const standIn = {
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    seenPaths.push(path);
    if (path === '/hello') writeResponse(res, { status: 200, body: { hello: req.method } });
    else if (path === '/fails') throw new Error('handler failed');
    else if (path === '/hangs') await new Promise(() => {}); // an injected timeout that never ends
    return path === '/hello';
  },
};

let server: SimulatorServer;
beforeAll(async () => {
  server = await startSimulatorServer(standIn, { notFound: (req, path) => ({ status: 404, body: `vendor 404: ${req.method} ${path}` }) });
});
afterAll(() => server.close());

describe('startSimulatorServer', () => {
  it('listens on a free loopback port and hands the simulator the path without the query', async () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.baseUrl}/hello?x=1`, { method: 'POST', body: 'ignored' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ hello: 'POST' });
    expect(seenPaths.at(-1)).toBe('/hello');
  });

  it("answers paths the simulator does not serve with the vendor's not-found", async () => {
    const response = await fetch(`${server.baseUrl}/elsewhere?y=2`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('vendor 404: GET /elsewhere');
  });

  it('drops the connection when the simulator fails', async () => {
    await expect(fetch(`${server.baseUrl}/fails`)).rejects.toThrow();
  });

  it('closes with a request still hanging, and refuses connections after', async () => {
    const own = await startSimulatorServer(standIn, { notFound: () => ({ status: 404, body: '' }) });
    const hanging = fetch(`${own.baseUrl}/hangs`).then(() => 'answered', () => 'dropped');
    while (seenPaths.at(-1) !== '/hangs') await new Promise((resolve) => setTimeout(resolve, 5));
    await own.close();
    expect(await hanging).toBe('dropped');
    await expect(fetch(`${own.baseUrl}/hello`)).rejects.toThrow();
  });

  it('listens on the port asked for, and fails to start when it is taken', async () => {
    const port = Number(new URL(server.baseUrl).port);
    await expect(startSimulatorServer(standIn, { port, notFound: () => ({ status: 404, body: '' }) })).rejects.toThrow(/EADDRINUSE/);
  });
});
