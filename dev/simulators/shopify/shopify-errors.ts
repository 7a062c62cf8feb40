/**
 * Shopify's error answers outside GraphQL's own `errors` (https://shopify.dev/docs/api/usage/response-codes):
 * `{ errors: "…" }` with the HTTP status for auth, limits and server faults; RFC 6749's
 * `{ error, error_description }` at the token endpoint; and the result files' storage (Google
 * Cloud Storage) answering in its XML envelope.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { oauthErrorResponse } from '../_shared/oauth-token-endpoint.js';

const errors = (status: number, message: string, headers?: Record<string, string>): SimResponse => ({ status, body: { errors: message }, ...(headers && { headers }) });

export const invalidToken = (): SimResponse => errors(401, '[API] Invalid API key or access token (unrecognized login or wrong password)');

export const notFound = (): SimResponse => errors(404, 'Not Found');

/** Shopify's REST-era 429 text, which the GraphQL endpoint also sends when a shop is over its request limits. */
export const tooManyRequests = (retryAfterSeconds: number): SimResponse =>
  errors(429, 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.', { 'retry-after': `${retryAfterSeconds.toFixed(1)}` });

export const serverError = (status: 500 | 503 = 500): SimResponse => errors(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error');

export const badRequest = (): SimResponse => ({ status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } });

export const oauthError = (error: string, description: string, status = 400): SimResponse => oauthErrorResponse(status, error, description);

/** What Cloud Storage answers for a signed URL whose object is gone or whose signature expired. */
export const storageError = (status: 403 | 404 | 416, code: string, message: string, headers?: Record<string, string>): SimResponse => ({
  status,
  body: `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  headers: { 'content-type': 'application/xml; charset=UTF-8', ...headers },
});
