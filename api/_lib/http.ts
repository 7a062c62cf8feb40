import type { VercelRequest, VercelResponse } from '@vercel/node';
import type { z } from 'zod';
import {
  ConfigError,
  ConflictError,
  NotFoundError,
  PermanentError,
  RateLimitedError,
  ReauthRequiredError,
  RetryableError,
  UnauthorizedError,
  ValidationError,
} from '../../lib/errors.js';
import type { Config } from '../../lib/config/env.js';
import { getConfig, getRuntime, type Runtime } from '../../lib/runtime.js';
import { bearerToken, secretsEqual } from '../../lib/shared/secrets.js';

/**
 * The HTTP edge: every `api/` handler is `endpoint({ methods, auth }, run)`. Errors become
 * `{ error: { code, message } }` with a status chosen here and nowhere else.
 */
export type AuthKind = 'cron' | 'admin';

export interface EndpointOptions {
  methods: readonly ('GET' | 'POST')[];
  auth: AuthKind;
}

export function endpoint(
  options: EndpointOptions,
  run: (req: VercelRequest, runtime: Runtime) => Promise<unknown>,
): (req: VercelRequest, res: VercelResponse) => Promise<void> {
  return async (req, res) => {
    try {
      if (!options.methods.includes(req.method as 'GET')) {
        res.setHeader('Allow', options.methods.join(', '));
        return sendError(res, 405, 'method_not_allowed', `use ${options.methods.join(' or ')}`);
      }
      // Authorize before touching the database: an unauthenticated caller learns nothing of it.
      let config: Config;
      try {
        config = getConfig();
      } catch (error) {
        console.error('[sluice] configuration error:', (error as Error).message);
        return sendError(res, 500, 'misconfigured', 'the server is misconfigured; see its logs');
      }
      authorize(req, config, options.auth);
      res.status(200).json(await run(req, await getRuntime()));
    } catch (error) {
      respondWithError(res, error);
    }
  };
}

function authorize(req: VercelRequest, config: Config, kind: AuthKind): void {
  const expected = kind === 'cron' ? config.cronSecret : config.adminToken;
  const name = kind === 'cron' ? 'CRON_SECRET' : 'ADMIN_TOKEN';
  if (!expected) throw new ConfigError(`${name} is not configured`);
  const presented = bearerToken(headerValue(req.headers.authorization));
  if (presented === undefined) throw new UnauthorizedError(`missing "Authorization: Bearer <${name}>" header`);
  if (!secretsEqual(presented, expected)) throw new UnauthorizedError(`invalid bearer token (expected ${name})`);
}

/** Validates the JSON body with `schema`; malformed JSON and schema violations name the problem. */
export function parseBody<T extends z.ZodType>(req: VercelRequest, schema: T): z.infer<T> {
  let body: unknown;
  try {
    body = req.body;
  } catch (cause) {
    throw new ValidationError('request body is not valid JSON', [], { cause });
  }
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    throw new ValidationError('request body must be JSON with "Content-Type: application/json"');
  }
  return parseWith(schema, body ?? {}, 'body');
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || where, message: issue.message }));
  throw new ValidationError(`invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

function respondWithError(res: VercelResponse, error: unknown): void {
  if (error instanceof ValidationError) return sendError(res, 400, 'invalid_request', error.message, { issues: error.issues });
  if (error instanceof UnauthorizedError) return sendError(res, 401, 'unauthorized', error.message);
  if (error instanceof NotFoundError) return sendError(res, 404, 'not_found', error.message);
  if (error instanceof ConflictError) return sendError(res, 409, 'conflict', error.message);
  // Failures of the platform behind the request (e.g. Google during the OAuth exchange).
  if (error instanceof ReauthRequiredError) return sendError(res, 409, 'needs_reauth', error.message);
  if (error instanceof RateLimitedError) {
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil((error.retryAt.getTime() - Date.now()) / 1_000))));
    return sendError(res, 503, 'upstream_rate_limited', error.message);
  }
  if (error instanceof RetryableError) return sendError(res, 502, 'upstream_unavailable', error.message);
  if (error instanceof PermanentError) return sendError(res, 502, 'upstream_rejected', error.message);
  if (error instanceof ConfigError) {
    console.error(`[sluice] configuration error: ${error.message}`);
    return sendError(res, 500, 'misconfigured', error.message);
  }
  console.error('[sluice] unhandled error', error);
  sendError(res, 500, 'internal', 'internal error');
}

function sendError(res: VercelResponse, status: number, code: string, message: string, extra: object = {}): void {
  res.status(status).json({ error: { code, message, ...extra } });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
