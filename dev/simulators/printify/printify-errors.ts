/**
 * Printify's error answers. The docs show one envelope, for validation failures:
 * `{ status: 'error', code: 8150, message: 'Validation failed.', errors: { reason, code } }`
 * (https://developers.printify.com/#products, "Possible responses"); the OAuth endpoints answer
 * RFC 6749's `{ error, error_description }` with 400 (https://developers.printify.com/#authentication).
 * For the statuses the docs only name (401, 403, 404, 429, 5xx) the simulator keeps the same
 * `{ status, code, message }` head with the messages of the Laravel stack Printify runs on
 * ("Unauthenticated.", "This action is unauthorized.", "Too Many Attempts."): clients must
 * go by the HTTP status, which is all Printify promises.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { oauthErrorResponse } from '../_shared/oauth-token-endpoint.js';

/** Printify's code for a request that failed validation. */
export const VALIDATION_FAILED = 8150;

const printifyError = (status: number, code: number, message: string, headers?: Record<string, string>): SimResponse => ({
  status,
  body: { status: 'error', code, message },
  ...(headers && { headers }),
});

export const validationFailed = (reason: string): SimResponse => ({
  status: 400,
  body: { status: 'error', code: VALIDATION_FAILED, message: 'Validation failed.', errors: { reason, code: VALIDATION_FAILED } },
});

/** Every request must name its client in User-Agent (https://developers.printify.com/#authentication). */
export const userAgentRequired = (): SimResponse => validationFailed('User-Agent: The User-Agent header is required.');

/** A missing, unknown, expired or revoked token. */
export const unauthenticated = (): SimResponse => printifyError(401, 401, 'Unauthenticated.');

export const forbidden = (): SimResponse => printifyError(403, 403, 'This action is unauthorized.');

export const notFound = (): SimResponse => printifyError(404, 404, 'Not found.');

/** Over 600 requests a minute per account (https://developers.printify.com/#overview). `retryAfterSeconds` null: no header. */
export const tooManyRequests = (retryAfterSeconds: number | null): SimResponse =>
  printifyError(429, 429, 'Too Many Attempts.', retryAfterSeconds === null ? undefined : { 'retry-after': String(retryAfterSeconds) });

export const serverError = (status: 500 | 503 = 500): SimResponse => printifyError(status, status, status === 503 ? 'Service Unavailable' : 'Server Error');

export const oauthError = (error: string, description: string, status = 400): SimResponse => oauthErrorResponse(status, error, description);
