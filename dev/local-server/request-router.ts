/**
 * The local server's request listener: `/api/*` to the functions (Web `Request` in,
 * `Response` out, inside an invocation context that carries the function's deadline), the
 * mounted simulators, the OAuth callback pages, `public/`, and a JSON 404 for anything
 * else. A
 * function that throws gets a 500, as Vercel answers FUNCTION_INVOCATION_FAILED. Each
 * function call is one `http.request` log event (cron calls are logged by the cron runner).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../../lib/shared/logger.js';
import type { MountableSimulator } from '../simulators/_shared/simulator-server.js';
import type { WebHandler } from './api-handlers.js';
import { matchRoute, type ApiRoute } from '../../scripts/vercel-output/api-routes.js';
import { CRON_USER_AGENT } from './cron-runner.js';
import { commerceCallbackPath } from './commerce-simulators.js';
import { OAUTH_CALLBACK_PATH } from './google-simulator-settings.js';
import { commerceCallbackPage, oauthCallbackPage, shopifyCallbackPage } from './oauth-callback-page.js';
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
  /** The simulators standing in for vendors without credentials, each at its mount (e.g. `/__sim/etsy/`). */
  simulators: readonly MountedSimulator[];
  /** The project's `public/` folder, served as static files. */
  publicDir: string;
  baseUrl: () => string;
  /** Settles once the database is migrated; functions wait for it, and a failed start answers 503. */
  ready: Promise<void>;
  /** Receives what functions hand to `waitUntil`, so the server can wait for it on close. */
  waitUntil: (promise: Promise<unknown>) => void;
  logger: Logger;
}

export interface MountedSimulator {
  mount: string;
  /** For messages: `YouTube`, `Etsy`… */
  name: string;
  simulator: MountableSimulator;
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
  const mounted = options.simulators.find((entry) => pathname.startsWith(entry.mount));
  if (mounted) {
    const handled = await mounted.simulator.handle(req, res, `/${pathname.slice(mounted.mount.length)}`);
    if (!handled) sendJsonError(res, 404, 'not_found', `the ${mounted.name} simulator has no ${req.method} ${pathname}`);
    return;
  }
  if (req.method === 'GET') {
    const platform = pathname === commerceCallbackPath('etsy') ? 'etsy' : pathname === commerceCallbackPath('printify') ? 'printify' : undefined;
    const page =
      pathname === OAUTH_CALLBACK_PATH
        ? oauthCallbackPage(url, options.baseUrl())
        : pathname === commerceCallbackPath('shopify')
          ? shopifyCallbackPage(url, options.baseUrl())
          : platform
            ? commerceCallbackPage(platform, url, options.baseUrl())
            : undefined;
    if (page) {
      res.writeHead(page.status, { 'content-type': 'text/plain; charset=utf-8' }).end(page.text);
      return;
    }
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
