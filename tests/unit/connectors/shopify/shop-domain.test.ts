import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { parseShopDomain } from '../../../../lib/connectors/shopify/shop-domain.js';
import { ValidationError } from '../../../../lib/errors.js';

function refusal(raw: unknown): ValidationError {
  try {
    parseShopDomain(raw);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe('parseShopDomain', () => {
  it('accepts a *.myshopify.com domain as it is', () => {
    expect(parseShopDomain('shop.myshopify.com')).toBe('shop.myshopify.com');
    expect(parseShopDomain('my-shop-2.myshopify.com')).toBe('my-shop-2.myshopify.com');
    expect(parseShopDomain('0.myshopify.com')).toBe('0.myshopify.com');
  });

  it.each([
    ['another host', 'evil.com'],
    ['a suffix after the domain', 'shop.myshopify.com.evil.com'],
    ['an encoded dot', 'shop.myshopify.com%2eevil.com'],
    ['a lone encoded dot', '%2e'],
    ['a port', 'shop.myshopify.com:443'],
    ['user info', 'user@shop.myshopify.com'],
    ['a scheme', 'https://shop.myshopify.com'],
    ['a path', 'shop.myshopify.com/path'],
    ['a leading hyphen', '-shop.myshopify.com'],
    ['uppercase', 'SHOP.myshopify.com'],
    ['an uppercase suffix', 'shop.MYSHOPIFY.COM'],
    ['surrounding spaces', ' shop.myshopify.com '],
    ['a trailing newline', 'shop.myshopify.com\n'],
    ['a trailing dot', 'shop.myshopify.com.'],
    ['the bare domain', 'myshopify.com'],
    ['an empty label', '.myshopify.com'],
    ['a second label', 'a.shop.myshopify.com'],
    ['an underscore', 'my_shop.myshopify.com'],
    ['empty', ''],
    ['a Cyrillic look-alike (а)', 'shop.myshopify.c\u043em'],
    ['a Cyrillic look-alike in the shop', 'sh\u043ep.myshopify.com'],
    ['a fullwidth dot', 'shop\uff0emyshopify.com'],
    ['a punycode label (IDN)', 'xn--80ak6aa92e.myshopify.com'],
    ['a label longer than DNS allows', `${'a'.repeat(64)}.myshopify.com`],
    ['very long input', `${'a'.repeat(100_000)}.myshopify.com`],
  ])('refuses %s', (_why, raw) => {
    const error = refusal(raw);
    expect(error.message).toMatch(/\*\.myshopify\.com/);
    expect(error.issues).toEqual([{ path: 'shop', message: expect.stringMatching(/\*\.myshopify\.com/) }]);
    // The refusal never echoes the input back (it may be long, or meant for a log injection).
    expect(error.message).toBe(refusal('evil.com').message);
  });

  it.each([[undefined], [null], [42], [['shop.myshopify.com']], [{ shop: 'shop.myshopify.com' }]])('refuses a non-string (%p)', (raw) => {
    expect(refusal(raw).issues[0]?.path).toBe('shop');
  });

  it('accepts a label of 63 characters, the DNS limit', () => {
    const shop = `${'a'.repeat(63)}.myshopify.com`;
    expect(parseShopDomain(shop)).toBe(shop);
  });
});

const label = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,70}$/);

test.prop([label])('anything accepted is the exact host of the URL built from it', (name) => {
  const raw = `${name}.myshopify.com`;
  let shop: string;
  try {
    shop = parseShopDomain(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return;
  }
  expect(shop).toBe(raw);
  const url = new URL(`https://${shop}/admin/oauth/access_token`);
  expect(url.host).toBe(shop);
  expect(url.hostname).toBe(shop);
});

test.prop([fc.string({ unit: 'grapheme', maxLength: 80 })])('any string is either refused or rebuilds into a URL with exactly that host', (raw) => {
  let shop: string;
  try {
    shop = parseShopDomain(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return;
  }
  expect(new URL(`https://${shop}`).host).toBe(raw);
});
