/**
 * Control endpoints for a simulator that runs as its own process (a simulator's `main.ts`): what a
 * test calls in-process — stats, ground truth — over HTTP under `/__control/`, a path no vendor
 * uses. Served on 127.0.0.1 like every simulator, and never mounted by the dev server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, writeResponse } from './http-io.js';
import type { MountableSimulator } from './simulator-server.js';

export const CONTROL_PREFIX = '/__control/';

export interface ControlRoute {
  method: 'GET' | 'POST';
  /**
   * The JSON answer; a thrown error is a 400 naming it (a caller's mistake, e.g. a missing
   * parameter). `body`: a POST's JSON body, parsed (undefined when empty).
   */
  run(query: URLSearchParams, body: unknown): unknown;
}

/** `simulator`, plus `routes` answered at `/__control/<name>`. */
export function withControlRoutes(simulator: MountableSimulator, routes: Record<string, ControlRoute>): MountableSimulator {
  return {
    async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
      if (!path.startsWith(CONTROL_PREFIX)) return simulator.handle(req, res, path);
      const route = Object.hasOwn(routes, path.slice(CONTROL_PREFIX.length)) ? routes[path.slice(CONTROL_PREFIX.length)] : undefined;
      if (!route) return false;
      if (req.method !== route.method) {
        writeResponse(res, { status: 405, body: { error: `${path} takes ${route.method}` }, headers: { allow: route.method } });
        return true;
      }
      try {
        const text = route.method === 'POST' ? await readBody(req) : (req.resume(), '');
        const answer = await route.run(new URL(req.url ?? '/', 'http://simulator').searchParams, text.trim() ? JSON.parse(text) : undefined);
        writeResponse(res, { status: 200, body: answer ?? {} });
      } catch (error) {
        writeResponse(res, { status: 400, body: { error: error instanceof Error ? error.message : String(error) } });
      }
      return true;
    },
  };
}

/** A required query parameter, or an error naming it. */
export function requiredParam(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (!value) throw new Error(`missing query parameter ${name}`);
  return value;
}
