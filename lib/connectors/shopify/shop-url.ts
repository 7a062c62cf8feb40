import { parseShopDomain } from './shop-domain.js';

/**
 * A shop's origin from SHOPIFY_SHOP_URL_TEMPLATE (`https://{shop}`, or a simulator's
 * `http://127.0.0.1:4010/shops/{shop}`), without a trailing slash. The shop is checked again
 * here, cheaply: this is where it becomes a host, so no caller can forget to.
 */
export function shopOrigin(template: string, shop: string): string {
  if (!template.includes('{shop}')) throw new Error('SHOPIFY_SHOP_URL_TEMPLATE must contain {shop}');
  return template.split('{shop}').join(parseShopDomain(shop)).replace(/\/+$/, '');
}

/** An Admin URL of the shop: `path` (`/admin/oauth/access_token`, `admin/api/2026-10/graphql.json`) under its origin. */
export function shopifyAdminUrl(template: string, shop: string, path: string): string {
  return `${shopOrigin(template, shop)}/${path.replace(/^\/+/, '')}`;
}
