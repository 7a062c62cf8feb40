import { getDeadline } from '@vercel/functions';
import type { z } from 'zod';
import type { Config } from '../../lib/config/env.js';
import { ValidationError } from '../../lib/errors.js';
import { getConfig, getRuntime, type Runtime } from '../../lib/runtime.js';
import { createLogger, type Logger } from '../../lib/shared/logger.js';
import { authorize, type AuthKind } from './authorize.js';
import { errorToResponse } from './error-to-response.js';
import { readJsonBody } from './json-body.js';
import { errorResponse, jsonResponse } from './json-response.js';

/**
 * The HTTP edge. Every `api/` file is `export default endpoint({ methods, auth }, run)`: a
 * Web-standard Vercel function (`{ fetch(request) }`,
 * https://vercel.com/docs/functions/functions-api-reference). `run` gets the `Request` and
 * returns data; the edge answers it as JSON, or maps a thrown error to
 * `{ error: { code, message } }` with a status chosen in `error-to-response.ts` and nowhere else.
 */
export type { AuthKind } from './authorize.js';
export type Method = 'GET' | 'POST';

export interface EndpointOptions {
  methods: readonly Method[];
  auth: AuthKind;
}

export interface WebFunction {
  fetch(request: Request): Promise<Response>;
}

/** What the platform says about the invocation serving the request. */
export interface Invocation {
  /** When the platform ends the invocation (`getDeadline()`), undefined outside Vercel's runtime. */
  deadline: Date | undefined;
}

export type EndpointRun = (request: Request, runtime: Runtime, invocation: Invocation) => Promise<unknown>;

/** Where the edge gets what it does not own; tests pass their own. */
export interface Edge {
  config(): Config;
  runtime(): Promise<Runtime>;
  deadline(): Date | undefined;
  logger: Logger;
}

export const vercelEdge: Edge = { config: getConfig, runtime: getRuntime, deadline: getDeadline, logger: createLogger() };

export function endpoint(options: EndpointOptions, run: EndpointRun, edge: Edge = vercelEdge): WebFunction {
  const allow = options.methods.join(', ');
  return {
    async fetch(request) {
      if (!options.methods.includes(request.method as Method)) {
        return errorResponse(405, 'method_not_allowed', `use ${options.methods.join(' or ')}`, {}, { allow });
      }
      try {
        // Authorize before touching the database or reading the body: an unauthenticated
        // caller learns nothing of either.
        let config: Config;
        try {
          config = edge.config();
        } catch (error) {
          edge.logger.error('http.misconfigured', { error });
          return errorResponse(500, 'misconfigured', 'the server is misconfigured; see its logs');
        }
        authorize(request, config, options.auth);
        const deadline = edge.deadline();
        return jsonResponse(200, await run(request, await edge.runtime(), { deadline }));
      } catch (error) {
        return errorToResponse(error, edge.logger);
      }
    },
  };
}

/** Reads the JSON body strictly (`json-body.ts`) and validates it with `schema`, naming every problem. */
export async function parseBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  return parseWith(schema, await readJsonBody(request), 'body');
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || where, message: issue.message }));
  throw new ValidationError(`invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
