/**
 * Loads a function's module on its first request, as a cold start would, and keeps it for
 * later requests. A module must default-export the `(req, res)` handler (the @vercel/node
 * signature every `api/` file uses).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { VercelRequest, VercelResponse } from '@vercel/node';
import type { ApiRoute } from './api-routes.js';

export type ApiHandler = (req: VercelRequest, res: VercelResponse) => unknown;

export function createHandlerLoader(projectRoot: string): (route: ApiRoute) => Promise<ApiHandler> {
  const loaded = new Map<string, ApiHandler>();
  return async (route) => {
    const cached = loaded.get(route.file);
    if (cached) return cached;
    const module = (await import(pathToFileURL(join(projectRoot, route.file)).href)) as { default?: unknown };
    if (typeof module.default !== 'function') {
      throw new TypeError(`${route.file} must default-export a (req, res) handler`);
    }
    const handler = module.default as ApiHandler;
    loaded.set(route.file, handler);
    return handler;
  };
}
