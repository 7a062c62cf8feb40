import { ValidationError } from '../../errors.js';

/**
 * A shop's permanent domain, exactly as Shopify sends it in the OAuth redirect's `shop`
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant):
 * one lowercase label, then `.myshopify.com`. The label is at most 63 characters (the DNS limit)
 * and is not an IDN A-label (`xn--…`): Shopify's handles are plain ASCII, and the URL parser
 * refuses or rewrites a malformed punycode label, so the host requested would not be the one checked.
 */
const SHOP_DOMAIN = /^(?!xn--)[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/;

const MESSAGE = 'shop must be a *.myshopify.com domain (lowercase, no scheme, port or path)';

/**
 * The `shop` a request names, refused unless it is a `*.myshopify.com` domain: it becomes the
 * host of every call Sluice then makes with the app's secret, so anything else would be a
 * request to a host of the caller's choosing (PLATFORMS.md "Shopify Admin API").
 * Nothing is trimmed or lowercased: Shopify sends the domain lowercase, and a value that needs
 * mending did not come from Shopify unaltered. The input is never echoed back.
 */
export function parseShopDomain(raw: unknown): string {
  if (typeof raw !== 'string' || !SHOP_DOMAIN.test(raw)) throw new ValidationError(MESSAGE, [{ path: 'shop', message: MESSAGE }]);
  return raw;
}
