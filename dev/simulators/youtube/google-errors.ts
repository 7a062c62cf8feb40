/**
 * Google's JSON error envelope, as the YouTube Data and Analytics APIs send it:
 * https://developers.google.com/youtube/v3/docs/errors and https://cloud.google.com/apis/design/errors
 * `{ error: { code, message, errors: [{ message, domain, reason, location?, locationType? }], status } }`.
 */
import type { SimResponse } from '../_shared/http-io.js';

export interface GoogleErrorItem {
  message: string;
  domain: string;
  reason: string;
  location?: string;
  locationType?: string;
}

export interface GoogleErrorEnvelope {
  error: { code: number; message: string; errors: GoogleErrorItem[]; status: string };
}

/** The canonical status names Google pairs with each HTTP code. */
const STATUS_NAMES: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

type ItemOptions = Partial<GoogleErrorItem> & { reason: string };

export function googleError(code: number, message: string, item: ItemOptions, headers: Record<string, string> = {}): SimResponse {
  const { message: itemMessage = message, domain = 'global', reason, ...location } = item;
  const errors = [{ message: itemMessage, domain, reason, ...location }];
  return { status: code, body: { error: { code, message, errors, status: STATUS_NAMES[code] ?? 'UNKNOWN' } }, headers };
}

/** Missing, unknown or expired Bearer token; Google adds a WWW-Authenticate challenge. */
export const authError = (): SimResponse =>
  googleError(
    401,
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    { message: 'Invalid Credentials', reason: 'authError', location: 'Authorization', locationType: 'header' },
    { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  );

export const requiredParameter = (message: string, location?: string): SimResponse =>
  googleError(400, message, location ? { reason: 'required', location, locationType: 'parameter' } : { reason: 'required' });

export const badRequest = (message: string): SimResponse => googleError(400, message, { reason: 'badRequest' });

/** https://developers.google.com/youtube/analytics/v2/available_reports — any other dimension/filter/sort combination. */
export const queryNotSupported = (): SimResponse =>
  badRequest('The query is not supported. Check the documentation at https://developers.google.com/youtube/analytics/v2/available_reports for a list of supported queries.');

export const unknownIdentifier = (identifier: string, field: string): SimResponse =>
  badRequest(`Unknown identifier (${identifier}) given in field parameters.${field}.`);

export const forbidden = (): SimResponse => googleError(403, 'Forbidden', { reason: 'forbidden' });

/** https://developers.google.com/youtube/v3/guides/quota_and_compliance_audits — daily quota, reset at Pacific midnight. */
export const quotaExceeded = (): SimResponse =>
  googleError(403, 'The request cannot be completed because you have exceeded your quota.', { domain: 'youtube.quota', reason: 'quotaExceeded' });

export const rateLimitExceeded = (retryAfterSeconds: number): SimResponse =>
  googleError(429, 'Resource has been exhausted (e.g. check quota).', { reason: 'rateLimitExceeded' }, { 'retry-after': String(retryAfterSeconds) });

export const backendError = (status: 500 | 503): SimResponse =>
  googleError(status, status === 503 ? 'The service is currently unavailable.' : 'Backend Error', { reason: 'backendError' });
