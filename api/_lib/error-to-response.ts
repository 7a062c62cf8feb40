import {
  AccountChoiceRequiredError,
  ConfigError,
  ConflictError,
  InvalidPlanError,
  JobActiveError,
  NotFoundError,
  PermanentError,
  RateLimitedError,
  ReauthRequiredError,
  RetryableError,
  UnauthorizedError,
  ValidationError,
} from '../../lib/errors.js';
import type { Logger } from '../../lib/shared/logger.js';
import { errorResponse } from './json-response.js';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './json-body.js';

/** The one place an error becomes an HTTP status (STYLE 8): `{ error: { code, message } }`. */
export function errorToResponse(error: unknown, logger: Logger, now: Date = new Date()): Response {
  if (error instanceof InvalidPlanError) return errorResponse(400, 'invalid_plan', error.message, { issues: error.issues });
  if (error instanceof ValidationError) return errorResponse(400, 'invalid_request', error.message, { issues: error.issues });
  if (error instanceof UnauthorizedError) return errorResponse(401, 'unauthorized', error.message);
  if (error instanceof NotFoundError) return errorResponse(404, 'not_found', error.message);
  // DESIGN.md, Jobs: an active scope names the job that holds it.
  if (error instanceof JobActiveError) return errorResponse(409, 'job_active', error.message, { job_id: error.jobId });
  // A grant with several accounts (a Printify token's shops): the caller repeats naming one.
  if (error instanceof AccountChoiceRequiredError) return errorResponse(409, 'account_choice_required', error.message, { accounts: error.choices });
  if (error instanceof ConflictError) return errorResponse(409, 'conflict', error.message);
  if (error instanceof PayloadTooLargeError) return errorResponse(413, 'payload_too_large', error.message);
  if (error instanceof UnsupportedMediaTypeError) return errorResponse(415, 'unsupported_media_type', error.message);
  // Failures of the platform behind the request (e.g. Google during the OAuth exchange).
  if (error instanceof ReauthRequiredError) return errorResponse(409, 'needs_reauth', error.message);
  if (error instanceof RateLimitedError) {
    const retryAfter = Math.max(1, Math.ceil((error.retryAt.getTime() - now.getTime()) / 1_000));
    return errorResponse(503, 'upstream_rate_limited', error.message, {}, { 'retry-after': String(retryAfter) });
  }
  if (error instanceof RetryableError) return errorResponse(502, 'upstream_unavailable', error.message);
  if (error instanceof PermanentError) return errorResponse(502, 'upstream_rejected', error.message);
  if (error instanceof ConfigError) {
    logger.error('http.misconfigured', { error });
    return errorResponse(500, 'misconfigured', error.message);
  }
  logger.error('http.unhandled_error', { error, stack: (error as Error)?.stack });
  return errorResponse(500, 'internal', 'internal error');
}
