/**
 * Loads a function's module on its first request, as a cold start would, and keeps it for
 * later requests. A module is a Web-standard Vercel function
 * (https://vercel.com/docs/functions/functions-api-reference): `export default { fetch }`, as
 * every `api/` file here is, or per-method exports (`export function GET(request)`), which
 * Vercel also runs; a method it does not export gets 405, as on Vercel.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApiRoute } from '../../scripts/vercel-output/api-routes.js';

export type WebHandler = (request: Request) => Promise<Response>;

const METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

export function createHandlerLoader(projectRoot: string): (route: ApiRoute) => Promise<WebHandler> {
  const loaded = new Map<string, WebHandler>();
  return async (route) => {
    const cached = loaded.get(route.file);
    if (cached) return cached;
    const module = (await import(pathToFileURL(join(projectRoot, route.file)).href)) as Record<string, unknown>;
    const handler = webHandlerOf(module, route.file);
    loaded.set(route.file, handler);
    return handler;
  };
}

export function webHandlerOf(module: Record<string, unknown>, file: string): WebHandler {
  const fetchHandler = (module.default as { fetch?: unknown } | undefined)?.fetch;
  if (typeof fetchHandler === 'function') {
    const target = module.default;
    return async (request) => (await fetchHandler.call(target, request)) as Response;
  }
  const exported = METHODS.filter((method) => typeof module[method] === 'function');
  if (exported.length === 0) {
    throw new TypeError(`${file} must export a Web handler: \`export default { fetch(request) }\` or \`export function GET(request)\``);
  }
  return async (request) => {
    const method = module[request.method];
    if (typeof method !== 'function') {
      return new Response(null, { status: 405, headers: { allow: exported.join(', ') } });
    }
    return (await method(request)) as Response;
  };
}
