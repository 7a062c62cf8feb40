/**
 * The local server's request listener: `/api/*` to the functions (with Vercel's helpers),
 * the mounted YouTube simulator, the OAuth callback page, and a JSON 404 for anything else.
 * A function that throws gets a 500, as Vercel answers FUNCTION_INVOCATION_FAILED.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { VercelRequest } from '@vercel/node';
import type { YouTubeSimulator } from '../simulators/youtube/index.js';
import type { ApiHandler } from './api-handlers.js';
import { matchRoute, type ApiRoute } from './api-routes.js';
import { CRON_USER_AGENT } from './cron-runner.js';
import type { Logger } from './logger.js';
import { OAUTH_CALLBACK_PATH, SIMULATOR_MOUNT } from './google-simulator-settings.js';
import { oauthCallbackPage } from './oauth-callback-page.js';
import { addRequestHelpers, BodyTooLargeError } from './vercel-request.js';
import { addResponseHelpers } from './vercel-response.js';

export interface RequestRouterOptions {
  routes: readonly ApiRoute[];
  loadHandler: (route: ApiRoute) => Promise<ApiHandler>;
  simulator: YouTubeSimulator | undefined;
  baseUrl: () => string;
  /** Settles once the database is migrated; functions wait for it, and a failed start answers 503. */
  ready: Promise<void>;
  logger: Logger;
}

export function createRequestRouter(options: RequestRouterOptions): RequestListener {
  return (req, res) => {
    route(options, req, res).catch((error: unknown) => {
      options.logger.error(`[http] ${req.method} ${req.url} failed`, error);
      if (!res.headersSent) sendJsonError(res, 500, 'internal', 'local server error');
      else res.destroy();
    });
  };
}

async function route(options: RequestRouterOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const { pathname } = url;
  if (options.simulator && pathname.startsWith(SIMULATOR_MOUNT)) {
    const handled = await options.simulator.handle(req, res, `/${pathname.slice(SIMULATOR_MOUNT.length)}`);
    if (!handled) sendJsonError(res, 404, 'not_found', `the YouTube simulator has no ${req.method} ${pathname}`);
    return;
  }
  if (pathname === OAUTH_CALLBACK_PATH && req.method === 'GET') {
    const page = oauthCallbackPage(url, options.baseUrl());
    res.writeHead(page.status, { 'content-type': 'text/plain; charset=utf-8' }).end(page.text);
    return;
  }
  const match = matchRoute(options.routes, pathname);
  if (!match) {
    const known = options.routes.map((r) => r.path).join(', ') || 'none';
    return sendJsonError(res, 404, 'not_found', `no function at ${pathname} (functions: ${known})`);
  }
  const started = performance.now();
  res.once('finish', () => {
    if (req.headers['user-agent'] === CRON_USER_AGENT) return; // the cron runner logs its own line
    options.logger.log(`[http] ${req.method} ${pathname} → ${res.statusCode} in ${Math.round(performance.now() - started)} ms`);
  });
  try {
    await options.ready;
  } catch {
    return sendJsonError(res, 503, 'unavailable', 'the local server failed to start; see its log');
  }
  await invoke(options, match.route, match.params, req, res);
}

async function invoke(
  options: RequestRouterOptions,
  apiRoute: ApiRoute,
  params: Record<string, string>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let handler: ApiHandler;
  try {
    handler = await options.loadHandler(apiRoute);
  } catch (error) {
    options.logger.error(`[http] cannot load ${apiRoute.file}`, error);
    return sendJsonError(res, 500, 'function_load_failed', `cannot load ${apiRoute.file}: ${(error as Error).message}`);
  }
  let vercelReq: VercelRequest;
  try {
    vercelReq = await addRequestHelpers(req, params);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJsonError(res, 413, 'payload_too_large', error.message);
    throw error;
  }
  try {
    await handler(vercelReq, addResponseHelpers(req, res));
  } catch (error) {
    options.logger.error(`[http] ${apiRoute.file} threw`, error);
    if (!res.headersSent) sendJsonError(res, 500, 'function_invocation_failed', `${apiRoute.file} threw: ${(error as Error).message}`);
    else res.end();
  }
}

function sendJsonError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}
