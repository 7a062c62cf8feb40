/**
 * The `x-api-key` header every Open API v3 request carries: `{keystring}:{shared_secret}` since
 * February 2026, when Etsy began refusing a bare keystring with 403 "Shared secret is required in
 * x-api-key header." (https://github.com/etsy/open-api/discussions/1529). Pure.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { etsyError, INVALID_API_KEY, SHARED_SECRET_REQUIRED } from './etsy-errors.js';

/** Null when the header names the app with its secret, else the 403 Etsy answers. */
export function apiKeyError(header: string | undefined, apiKey: string, sharedSecret: string): SimResponse | null {
  const separator = (header ?? '').indexOf(':');
  const keystring = separator < 0 ? (header ?? '') : header!.slice(0, separator);
  if (keystring !== apiKey) return etsyError(403, INVALID_API_KEY);
  if (separator < 0 || header!.slice(separator + 1) === '') return etsyError(403, SHARED_SECRET_REQUIRED);
  return header!.slice(separator + 1) === sharedSecret ? null : etsyError(403, INVALID_API_KEY);
}
