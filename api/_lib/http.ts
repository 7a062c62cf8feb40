import { getDeadline } from '@vercel/functions';
import type { z } from 'zod';
import type { Config } from '../../lib/config/env.js';
import { getConfig, getRuntime, processLogger, type Runtime } from '../../lib/runtime.js';
import type { Logger } from '../../lib/shared/logger.js';
import { authorize, type AuthKind } from './authorize.js';
import { errorToResponse } from './error-to-response.js';
import { noInput } from './input-schemas.js';
import { readJsonBody } from './json-body.js';
import { errorResponse, jsonResponse } from './json-response.js';
import { queryParams } from './query-params.js';
import { validateInput } from './validate-input.js';

/**
 * The HTTP edge. Every `api/` file is `export default endpoint({ methods, auth, body?, query? },
 * run)`: a Web-standard Vercel function (`{ fetch(request) }`,
 * https://vercel.com/docs/functions/functions-api-reference). The edge checks the method and
 * the bearer, then validates the query and the JSON body against the endpoint's schemas (none
 * given: the endpoint takes neither), all before the runtime (the database) is touched. `run`
 * gets the validated input and returns data; the edge answers it as JSON, or maps a thrown
 * error to `{ error: { code, message } }` with a status chosen in `error-to-response.ts` and
 * nowhere else.
 */
export type { AuthKind } from './authorize.js';
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface EndpointOptions<Body extends z.ZodType, Query extends z.ZodType> {
  methods: readonly Method[];
  auth: AuthKind;
  /** The JSON body's schema, built from `input-schemas.ts`; default: no body, or `{}`. */
  body?: Body;
  /** The query's schema (a route's `[name]` segments arrive there too); default: no parameters. */
  query?: Query;
}

export interface WebFunction {
  fetch(request: Request): Promise<Response>;
}

/** What the platform says about the invocation serving the request. */
export interface Invocation {
  /** When the platform ends the invocation (`getDeadline()`), undefined outside Vercel's runtime. */
  deadline: Date | undefined;
}

export interface EndpointInput<Body, Query> {
  body: Body;
  query: Query;
  request: Request;
}

export type EndpointRun<Body, Query> = (input: EndpointInput<Body, Query>, runtime: Runtime, invocation: Invocation) => Promise<unknown>;

/** An answer with a status other than 200 (e.g. 201 Created); `run` returns it instead of the data. */
export class Reply {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, body: unknown) {
    this.status = status;
    this.body = body;
  }
}

export const created = (body: unknown) => new Reply(201, body);

/** Where the edge gets what it does not own; tests pass their own. */
export interface Edge {
  config(): Config;
  runtime(): Promise<Runtime>;
  deadline(): Date | undefined;
  logger: Logger;
}

export const vercelEdge: Edge = {
  config: getConfig,
  runtime: getRuntime,
  deadline: getDeadline,
  // Read per use: the process's logger (the local server's, when it hosts the functions).
  get logger() {
    return processLogger();
  },
};

export function endpoint<Body extends z.ZodType = typeof noInput, Query extends z.ZodType = typeof noInput>(
  options: EndpointOptions<Body, Query>,
  run: EndpointRun<z.infer<Body>, z.infer<Query>>,
  edge: Edge = vercelEdge,
): WebFunction {
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
          edge.logger.error('http.misconfigured', { method: request.method, path: new URL(request.url).pathname, error });
          return errorResponse(500, 'misconfigured', 'the server is misconfigured; see its logs');
        }
        authorize(request, config, options.auth);
        const query = validateInput(options.query ?? noInput, queryParams(request), 'query') as z.infer<Query>;
        const body = validateInput(options.body ?? noInput, await readJsonBody(request), 'body') as z.infer<Body>;
        const deadline = edge.deadline();
        const result = await run({ body, query, request }, await edge.runtime(), { deadline });
        return result instanceof Reply ? jsonResponse(result.status, result.body) : jsonResponse(200, result);
      } catch (error) {
        return errorToResponse(error, edge.logger.child({ method: request.method, path: new URL(request.url).pathname }));
      }
    },
  };
}
