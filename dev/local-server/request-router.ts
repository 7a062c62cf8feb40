/**
 * The local server's request listener: `/api/*` to the functions (Web `Request` in,
 * `Response` out, inside an invocation context that carries the function's deadline), the
 * mounted YouTube simulator, the OAuth callback page, `public/`, and a JSON 404 for anything
 * else. A
 * function that throws gets a 500, as Vercel answers FUNCTION_INVOCATION_FAILED. Each
 * function call is one `http.request` log event (cron calls are logged by the cron runner).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../../lib/shared/logger.js';
import type { YouTubeSimulator } from '../simulators/youtube/index.js';
import type { WebHandler } from './api-handlers.js';
import { matchRoute, type ApiRoute } from '../../scripts/vercel-output/api-routes.js';
import { CRON_USER_AGENT } from './cron-runner.js';
import { OAUTH_CALLBACK_PATH, SIMULATOR_MOUNT } from './google-simulator-settings.js';
import { oauthCallbackPage } from './oauth-callback-page.js';
import { findPublicFile } from './public-files.js';
import { publicFileHeaders } from '../../scripts/vercel-output/static-headers.js';
import { runInInvocation } from './request-context.js';
import { RequestBodyTooLargeError, sendWebResponse, toWebRequest } from './web-bridge.js';

/** Vercel's default maxDuration for a function that sets none (Fluid compute). */
export const DEFAULT_MAX_DURATION_S = 300;

export interface RequestRouterOptions {
  routes: readonly ApiRoute[];
  loadHandler: (route: ApiRoute) => Promise<WebHandler>;
  /** A function's maxDuration in seconds (vercel.json), which sets its invocation deadline. */
  maxDurationOf: (route: ApiRoute) => number | undefined;
  simulator: YouTubeSimulator | undefined;
  /** The project's `public/` folder, served as static files. */
  publicDir: string;
  baseUrl: () => string;
  /** Settles once the database is migrated; functions wait for it, and a failed start answers 503. */
  ready: Promise<void>;
  /** Receives what functions hand to `waitUntil`, so the server can wait for it on close. */
  waitUntil: (promise: Promise<unknown>) => void;
  logger: Logger;
}

export function createRequestRouter(options: RequestRouterOptions): RequestListener {
  return (req, res) => {
    route(options, req, res).catch((error: unknown) => {
      options.logger.error('http.listener_failed', { method: req.method, path: req.url, error });
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
  if (!match && (req.method === 'GET' || req.method === 'HEAD') && !pathname.startsWith('/api/')) {
    const file = await findPublicFile(options.publicDir, pathname);
    if (file) {
      res.writeHead(200, { ...publicFileHeaders(pathname), 'content-type': file.contentType, 'content-length': file.body.length });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return;
    }
  }
  if (!match) {
    const known = options.routes.map((r) => r.path).join(', ') || 'none';
    return sendJsonError(res, 404, 'not_found', `no function at ${pathname} (functions: ${known})`);
  }
  const started = performance.now();
  res.once('finish', () => {
    if (req.headers['user-agent'] === CRON_USER_AGENT) return;
    options.logger.info('http.request', {
      method: req.method,
      path: pathname,
      status: res.statusCode,
      duration_ms: Math.round(performance.now() - started),
    });
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
  let handler: WebHandler;
  try {
    handler = await options.loadHandler(apiRoute);
  } catch (error) {
    options.logger.error('http.function_load_failed', { file: apiRoute.file, error });
    return sendJsonError(res, 500, 'function_load_failed', `cannot load ${apiRoute.file}: ${(error as Error).message}`);
  }
  const disconnected = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) disconnected.abort();
  });
  let request: Request;
  try {
    request = await toWebRequest(req, { origin: options.baseUrl(), params, signal: disconnected.signal });
  } catch (error) {
    if (error instanceof RequestBodyTooLargeError) return sendJsonError(res, 413, 'payload_too_large', error.message);
    throw error;
  }
  const maxDurationMs = (options.maxDurationOf(apiRoute) ?? DEFAULT_MAX_DURATION_S) * 1_000;
  const invocation = { deadline: new Date(Date.now() + maxDurationMs).toISOString(), waitUntil: options.waitUntil };
  let response: Response;
  try {
    response = await runInInvocation(invocation, () => handler(request));
  } catch (error) {
    options.logger.error('http.function_failed', { file: apiRoute.file, error });
    return sendJsonError(res, 500, 'function_invocation_failed', `${apiRoute.file} threw: ${(error as Error).message}`);
  }
  await sendWebResponse(res, response, req.method);
}

function sendJsonError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}
