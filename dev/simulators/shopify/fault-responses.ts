/**
 * What an injected or random fault answers, in Shopify's envelopes (shopify-errors.ts); the token
 * endpoint speaks `{ error, error_description }` and result downloads Cloud Storage's XML. A
 * quotaExceeded fault is a 429 like rateLimited: Shopify's request limits answer 429 too.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { badRequest, invalidToken, oauthError, serverError, storageError, tooManyRequests } from './shopify-errors.js';
import type { FaultKind, FaultSpec } from './types.js';

export function faultResponse(fault: FaultSpec, kind: Exclude<FaultKind, 'timeout'>): SimResponse {
  const retryAfter = fault.retryAfterSeconds ?? 1;
  if (fault.api === 'oauth') {
    const responses: Record<typeof kind, () => SimResponse> = {
      rateLimited: () => ({ ...oauthError('rate_limited', 'Too many requests.', 429), headers: { 'retry-after': String(retryAfter) } }),
      quotaExceeded: () => ({ ...oauthError('rate_limited', 'Too many requests.', 429), headers: { 'retry-after': String(retryAfter) } }),
      serverError: () => oauthError('server_error', 'Internal Server Error', fault.status ?? 500),
      unauthorized: () => oauthError('invalid_client', 'Client authentication failed.', 401),
      badRequest: () => oauthError('invalid_request', 'The request is missing a required parameter.'),
    };
    return responses[kind]();
  }
  if (fault.api === 'bulk') {
    if (kind === 'serverError') return { status: fault.status ?? 503, body: 'Service Unavailable', headers: { 'content-type': 'text/plain' } };
    if (kind === 'rateLimited' || kind === 'quotaExceeded') return { status: 429, body: 'Too Many Requests', headers: { 'content-type': 'text/plain', 'retry-after': String(retryAfter) } };
    return storageError(403, 'AccessDenied', 'Access denied.');
  }
  const responses: Record<typeof kind, () => SimResponse> = {
    rateLimited: () => tooManyRequests(retryAfter),
    quotaExceeded: () => tooManyRequests(retryAfter),
    serverError: () => serverError(fault.status ?? 500),
    unauthorized: invalidToken,
    badRequest,
  };
  return responses[kind]();
}
