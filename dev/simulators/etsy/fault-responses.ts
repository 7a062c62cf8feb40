/**
 * What an injected or random fault answers, in Etsy's envelopes: `{"error": …}` for the API, RFC
 * 6749 `{ error, error_description }` for the token endpoint. A quota fault is Etsy's daily limit,
 * which is a 429 too. Timeouts only delay (../_shared/serve-request.ts).
 */
import type { SimResponse } from '../_shared/http-io.js';
import { DAILY_LIMIT, etsyError, invalidToken, PER_SECOND_LIMIT } from './etsy-errors.js';
import { oauthError } from './oauth-token-endpoint.js';
import type { FaultKind, FaultSpec } from './types.js';

export function faultResponse(fault: FaultSpec, kind: Exclude<FaultKind, 'timeout'>): SimResponse {
  const retryAfter = { 'retry-after': String(fault.retryAfterSeconds ?? 1) };
  const status = fault.status ?? 500;
  const responses: Record<typeof kind, () => SimResponse> =
    fault.api === 'oauth'
      ? {
          rateLimited: () => ({ ...oauthError(429, 'rate_limited', PER_SECOND_LIMIT), headers: retryAfter }),
          serverError: () => oauthError(status, 'server_error', 'Internal Server Error'),
          quotaExceeded: () => ({ ...oauthError(429, 'rate_limited', DAILY_LIMIT), headers: retryAfter }),
          unauthorized: () => oauthError(401, 'invalid_client', 'Unauthorized'),
          badRequest: () => oauthError(400, 'invalid_request', 'Bad Request'),
        }
      : {
          rateLimited: () => etsyError(429, PER_SECOND_LIMIT, retryAfter),
          serverError: () => etsyError(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error'),
          quotaExceeded: () => etsyError(429, DAILY_LIMIT, retryAfter),
          unauthorized: () => invalidToken('access token is expired'),
          badRequest: () => etsyError(400, 'Bad Request'),
        };
  return responses[kind]();
}
