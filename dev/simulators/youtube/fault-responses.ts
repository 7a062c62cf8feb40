/**
 * What an injected fault answers: the envelopes the real services send (google-errors.ts; the token
 * endpoint speaks RFC 6749 `{ error, error_description }` instead). Queueing and timeouts are
 * vendor-neutral: ../_shared/fault-queue.ts.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { authError, backendError, badRequest, quotaExceeded, rateLimitExceeded } from './google-errors.js';
import { oauthError } from './oauth-token-endpoint.js';
import type { FaultKind, FaultSpec } from '../_shared/fault-queue.js';
import type { SimulatedApi } from './types.js';

/** The response for a fault of any kind but 'timeout', which only delays (`hangFor`). */
export function faultResponse(fault: FaultSpec<SimulatedApi>, kind: Exclude<FaultKind, 'timeout'>): SimResponse {
  const retryAfter = fault.retryAfterSeconds ?? 1;
  const retryAfterHeader = { 'retry-after': String(retryAfter) };
  const responses: Record<typeof kind, () => SimResponse> =
    fault.api === 'oauth'
      ? {
          rateLimited: () => ({ ...oauthError(429, 'rate_limit_exceeded', 'Rate Limit Exceeded'), headers: retryAfterHeader }),
          serverError: () => oauthError(fault.status ?? 500, 'internal_failure', 'Backend Error'),
          quotaExceeded: () => oauthError(403, 'access_denied', 'Quota exceeded'),
          unauthorized: () => oauthError(401, 'invalid_client', 'Unauthorized'),
          badRequest: () => oauthError(400, 'invalid_request', 'Bad Request'),
        }
      : {
          rateLimited: () => rateLimitExceeded(retryAfter),
          serverError: () => backendError(fault.status ?? 500),
          quotaExceeded,
          unauthorized: authError,
          badRequest: () => badRequest('Bad Request'),
        };
  return responses[kind]();
}
