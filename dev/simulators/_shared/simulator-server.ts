/**
 * Runs any simulator on its own port (127.0.0.1, node:http), mounted at the root: for tests,
 * benchmarks and a simulator's `main.ts`. The local dev server mounts simulators inside its own
 * server instead, which is why a simulator is a `handle` function rather than a server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeResponse, type SimResponse } from './http-io.js';

/** Anything that answers the requests to its own paths. */
export interface MountableSimulator {
  /** Answers a path relative to the mount point (e.g. '/token'); false when `path` is not one of its own. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
}

export interface SimulatorServerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** The answer to a path the simulator does not serve, in its vendor's error envelope. */
  notFound: (req: IncomingMessage, path: string) => SimResponse;
}

/** What a simulator's own server (its `start…Simulator`) takes beside the simulator's options. */
export interface StandaloneServerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Also serve `/__control/…` (control-routes.ts), for a simulator in its own process. */
  controlRoutes?: boolean;
}

export interface SimulatorServer {
  /** e.g. 'http://127.0.0.1:PORT' */
  baseUrl: string;
  close(): Promise<void>;
}

export async function startSimulatorServer(simulator: MountableSimulator, options: SimulatorServerOptions): Promise<SimulatorServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    simulator.handle(req, res, path).then(
      (handled) => {
        if (!handled) writeResponse(res, options.notFound(req, path));
      },
      (error: unknown) => res.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // including requests hanging on an injected timeout
      }),
  };
}
