import { describe, expect, it } from '@jest/globals';
import { shopifyAdminUrl, shopOrigin } from '../../../../lib/connectors/shopify/shop-url.js';
import { ValidationError } from '../../../../lib/errors.js';

describe('shopOrigin', () => {
  it('puts the shop into the template', () => {
    expect(shopOrigin('https://{shop}', 'shop.myshopify.com')).toBe('https://shop.myshopify.com');
  });

  it('keeps a simulator prefix and drops trailing slashes', () => {
    expect(shopOrigin('http://127.0.0.1:4010/shops/{shop}/', 'shop.myshopify.com')).toBe('http://127.0.0.1:4010/shops/shop.myshopify.com');
    expect(shopOrigin('https://{shop}//', 'shop.myshopify.com')).toBe('https://shop.myshopify.com');
  });

  it('refuses a shop that is not a *.myshopify.com domain, even when called without validating first', () => {
    expect(() => shopOrigin('https://{shop}', 'evil.com/x')).toThrow(ValidationError);
    expect(() => shopOrigin('https://{shop}', 'shop.myshopify.com@evil.com')).toThrow(ValidationError);
  });

  it('refuses a template without {shop}', () => {
    expect(() => shopOrigin('https://shop.example', 'shop.myshopify.com')).toThrow(/\{shop\}/);
  });
});

describe('shopifyAdminUrl', () => {
  it('joins the origin and a path with one slash, whichever side has it', () => {
    const expected = 'https://shop.myshopify.com/admin/oauth/access_token';
    expect(shopifyAdminUrl('https://{shop}', 'shop.myshopify.com', '/admin/oauth/access_token')).toBe(expected);
    expect(shopifyAdminUrl('https://{shop}/', 'shop.myshopify.com', 'admin/oauth/access_token')).toBe(expected);
    expect(shopifyAdminUrl('http://127.0.0.1:4010/shops/{shop}', 'shop.myshopify.com', '/admin/api/2026-10/graphql.json')).toBe(
      'http://127.0.0.1:4010/shops/shop.myshopify.com/admin/api/2026-10/graphql.json',
    );
  });
});
