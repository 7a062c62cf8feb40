/**
 * Etsy's error envelope, `{"error": "…"}` with the HTTP status
 * (https://developers.etsy.com/documentation/essentials/requests). The messages PLATFORMS.md quotes
 * are Etsy's exact words; the others are close paraphrases, since Etsy documents them loosely.
 */
import type { SimResponse } from '../_shared/http-io.js';

export const etsyError = (status: number, error: string, headers: Record<string, string> = {}): SimResponse => ({ status, body: { error }, headers });

export const SHARED_SECRET_REQUIRED = 'Shared secret is required in x-api-key header.';
export const INVALID_API_KEY = 'Invalid API key';
export const PER_SECOND_LIMIT = 'Exceeded per second rate limit';
export const DAILY_LIMIT = 'Exceeded daily rate limit';
export const LEDGER_WINDOW_TOO_LONG = 'Time window between min_created and max_created must be no more than 2678400 seconds (31 days).';

/** A missing, unknown or expired Bearer token. */
export const invalidToken = (description: string): SimResponse => ({
  status: 401,
  body: { error: 'invalid_token', error_description: description },
  headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
});

/** The token lacks the endpoint's scope: only this endpoint fails, the others keep working. */
export const insufficientScope = (scope: string): SimResponse => ({
  status: 403,
  body: { error: 'insufficient_scope', error_description: `This endpoint requires the ${scope} scope.` },
});

export const badRequest = (message: string): SimResponse => etsyError(400, message);
