/**
 * Injected faults: a queue consumed in order by the next requests to the matching API, and the
 * responses they produce — the envelopes the real services send (google-errors.ts; the token
 * endpoint speaks RFC 6749 `{ error, error_description }` instead).
 */
import type { SimResponse } from '../_shared/http-io.js';
import { authError, backendError, badRequest, quotaExceeded, rateLimitExceeded } from './google-errors.js';
import { oauthError } from './oauth-token-endpoint.js';
import type { FaultKind, FaultSpec, SimulatedApi } from './types.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

export class FaultQueue {
  private readonly queue: { fault: FaultSpec; remaining: number }[] = [];

  push(faults: readonly FaultSpec[]): void {
    for (const fault of faults) this.queue.push({ fault, remaining: fault.count ?? 1 });
  }

  /** The first queued fault for `api`, used up by this call; null when none is queued. */
  take(api: SimulatedApi): FaultSpec | null {
    const index = this.queue.findIndex((entry) => entry.fault.api === api);
    const entry = this.queue[index];
    if (!entry) return null;
    if (--entry.remaining <= 0) this.queue.splice(index, 1);
    return entry.fault;
  }
}

/** The response for a fault of any kind but 'timeout', which only delays (see simulator.ts). */
export function faultResponse(fault: FaultSpec, kind: Exclude<FaultKind, 'timeout'>): SimResponse {
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
