import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../../errors.js';
import { parseShopDomain } from './shop-domain.js';

/**
 * How far the redirect's `timestamp` may be from now. Generous on purpose: the single-use state
 * (10 minutes) is what stops a replay; this only bounds how long a leaked redirect stays worth
 * anything when clocks disagree (Shopify's library allows 90 s, for a callback it receives itself).
 */
export const REDIRECT_MAX_SKEW_MS = 24 * 60 * 60 * 1000;

/** The parameters every authorization redirect carries (`host` as well in newer flows; read when present). */
const REQUIRED = ['hmac', 'code', 'shop', 'state', 'timestamp'] as const;

export interface ShopifyRedirect {
  shop: string;
  code: string;
  state: string;
  /** The base64 admin host of newer redirects; null when Shopify sent none (its documented example has none). */
  host: string | null;
  timestamp: Date;
}

/**
 * The hex HMAC-SHA256 Shopify signs a redirect with
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-1-verify-the-installation-request):
 * every parameter but `hmac` (and an app proxy's `signature`), sorted by key, as `k=v` joined by
 * `&`. Keys and values are escaped as @shopify/shopify-api does (lib/utils/processed-query.ts):
 * form encoding (`&` → %26, `=` → %3D, `%` → %25) with a space as %20, not `+`. A repeated key
 * is signed once with its values joined by commas, as that library does; verifyShopifyRedirect
 * refuses repeats before it gets here. Keys sort by UTF-16 code unit: the library's localeCompare
 * agrees on Shopify's lowercase ASCII keys.
 */
export function shopifyHmac(params: URLSearchParams, secret: string): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === 'hmac' || key === 'signature') continue;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  const signedParams = new URLSearchParams();
  for (const key of [...values.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) signedParams.append(key, values.get(key)!.join(','));
  const message = signedParams.toString().replace(/\+/g, '%20');
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}

/**
 * Checks the query string the app's redirect URI received (POST /api/oauth/shopify/exchange
 * passes it raw) and returns what it carries. Refused, each as a ValidationError naming the field:
 * a missing or repeated parameter (a repeat would be read one way and signed another), an `hmac`
 * that is not the one of the other parameters (compared in constant time; which byte differed
 * is never said), a `timestamp` more than REDIRECT_MAX_SKEW_MS from `now`, and a `shop` that is
 * not a `*.myshopify.com` domain. Any other parameter is accepted when signed: Shopify adds some.
 * The `state` is the caller's to match against the one it issued.
 */
export function verifyShopifyRedirect(rawQuery: string, secret: string, now: Date): ShopifyRedirect {
  const params = new URLSearchParams(rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery);
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) throw refused(key, `${key} appears more than once in the redirect`);
    seen.add(key);
  }
  for (const name of REQUIRED) if (!params.has(name)) throw refused(name, `${name} is missing from the redirect`);
  // An app proxy's `signature` is left out of the HMAC, so on an OAuth redirect (which never has one) it would ride along unsigned.
  if (params.has('signature')) throw refused('signature', 'signature is not a parameter of an OAuth redirect');
  if (!hmacMatches(params.get('hmac')!, shopifyHmac(params, secret))) {
    throw refused('hmac', 'hmac does not match the redirect: it was not signed by Shopify for this app, or was altered');
  }
  const timestamp = parseTimestamp(params.get('timestamp')!);
  if (Math.abs(now.getTime() - timestamp.getTime()) > REDIRECT_MAX_SKEW_MS) {
    throw refused('timestamp', 'timestamp is too far from now: the redirect is stale, or a clock is wrong');
  }
  return { shop: parseShopDomain(params.get('shop')), code: params.get('code')!, state: params.get('state')!, host: params.get('host'), timestamp };
}

/** Hex digests of equal length compared in constant time; anything else (uppercase, short, not hex) simply does not match. */
function hmacMatches(received: string, expected: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(received)) return false;
  return timingSafeEqual(Buffer.from(received, 'hex'), Buffer.from(expected, 'hex'));
}

function parseTimestamp(raw: string): Date {
  if (!/^\d{1,12}$/.test(raw)) throw refused('timestamp', 'timestamp must be whole seconds since the epoch');
  return new Date(Number(raw) * 1000);
}

function refused(path: string, message: string): ValidationError {
  return new ValidationError(message, [{ path, message }]);
}
