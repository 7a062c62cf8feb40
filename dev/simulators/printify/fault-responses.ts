/**
 * What an injected or random fault answers, in Printify's envelopes (printify-errors.ts); the
 * token endpoints speak `{ error, error_description }`. Printify signals every limit with 429, so
 * a quotaExceeded fault is one too.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { oauthError, serverError, tooManyRequests, unauthenticated, validationFailed } from './printify-errors.js';
import type { FaultKind, FaultSpec } from './types.js';

export function faultResponse(fault: FaultSpec, kind: Exclude<FaultKind, 'timeout'>): SimResponse {
  const retryAfter = fault.retryAfterSeconds ?? 1;
  const responses: Record<typeof kind, () => SimResponse> =
    fault.api === 'oauth'
      ? {
          rateLimited: () => ({ ...oauthError('rate_limit_exceeded', 'Too Many Attempts.', 429), headers: { 'retry-after': String(retryAfter) } }),
          quotaExceeded: () => ({ ...oauthError('rate_limit_exceeded', 'Too Many Attempts.', 429), headers: { 'retry-after': String(retryAfter) } }),
          serverError: () => oauthError('server_error', 'The authorization server encountered an unexpected condition.', fault.status ?? 500),
          unauthorized: () => oauthError('invalid_client', 'Client authentication failed.', 401),
          badRequest: () => oauthError('invalid_request', 'The request is missing a required parameter or is otherwise malformed.'),
        }
      : {
          rateLimited: () => tooManyRequests(retryAfter),
          quotaExceeded: () => tooManyRequests(retryAfter),
          serverError: () => serverError(fault.status ?? 500),
          unauthorized: unauthenticated,
          badRequest: () => validationFailed('Bad Request'),
        };
  return responses[kind]();
}
