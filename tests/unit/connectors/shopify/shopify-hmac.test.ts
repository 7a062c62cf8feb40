import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { REDIRECT_MAX_SKEW_MS, shopifyHmac, verifyShopifyRedirect } from '../../../../lib/connectors/shopify/shopify-hmac.js';
import { ValidationError } from '../../../../lib/errors.js';

// The example of Shopify's OAuth documentation (secret `hush`), a recorded redirect.
const DOC_SECRET = 'hush';
const DOC_QUERY =
  'code=0907a61c0c8d55e99db179b68161bc00&hmac=700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173';
const DOC_NOW = new Date(1337178173 * 1000 + 60_000);

const SECRET = 'shpss_test_secret';
const NOW = new Date('2026-11-29T12:00:00.000Z');
const TIMESTAMP = String(NOW.getTime() / 1000 - 30);
const hmacOf = (message: string) => createHmac('sha256', SECRET).update(message).digest('hex');

/** A redirect query signed over `message` (the canonical string, written out by hand), in the order given. */
function signed(pairs: [string, string][], message: string): string {
  const query = new URLSearchParams(pairs);
  query.append('hmac', hmacOf(message));
  return query.toString();
}

const BASE: [string, string][] = [
  ['code', 'abc123'],
  ['host', 'YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvc2hvcA'],
  ['shop', 'shop.myshopify.com'],
  ['state', 'st-1'],
  ['timestamp', TIMESTAMP],
];
const BASE_MESSAGE = `code=abc123&host=YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvc2hvcA&shop=shop.myshopify.com&state=st-1&timestamp=${TIMESTAMP}`;

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('shopifyHmac', () => {
  it("reproduces the documentation's example", () => {
    expect(shopifyHmac(new URLSearchParams(DOC_QUERY), DOC_SECRET)).toBe('700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf');
  });

  it('signs the parameters other than hmac and signature, sorted by key, whatever their order', () => {
    const params = new URLSearchParams([['timestamp', '1'], ['signature', 'x'], ['code', 'c'], ['hmac', 'y'], ['shop', 's.myshopify.com']]);
    expect(shopifyHmac(params, SECRET)).toBe(hmacOf('code=c&shop=s.myshopify.com&timestamp=1'));
  });

  it('escapes & = % (and spaces as %20) in keys and values as @shopify/shopify-api does', () => {
    const params = new URLSearchParams([['state', 'a&b=c%d e+f'], ['x=&%', '1']]);
    expect(shopifyHmac(params, SECRET)).toBe(hmacOf('state=a%26b%3Dc%25d%20e%2Bf&x%3D%26%25=1'));
  });
});

describe('verifyShopifyRedirect', () => {
  it("accepts the documentation's example and returns what it carries", () => {
    expect(verifyShopifyRedirect(DOC_QUERY, DOC_SECRET, DOC_NOW)).toEqual({
      shop: 'some-shop.myshopify.com',
      code: '0907a61c0c8d55e99db179b68161bc00',
      state: '0.6784241404160823',
      host: null,
      timestamp: new Date(1337178173 * 1000),
    });
  });

  it('accepts a signed redirect, with or without the leading ?', () => {
    const query = signed(BASE, BASE_MESSAGE);
    const expected = { shop: 'shop.myshopify.com', code: 'abc123', state: 'st-1', host: 'YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvc2hvcA', timestamp: new Date(Number(TIMESTAMP) * 1000) };
    expect(verifyShopifyRedirect(query, SECRET, NOW)).toEqual(expected);
    expect(verifyShopifyRedirect(`?${query}`, SECRET, NOW)).toEqual(expected);
  });

  it('accepts the parameters in any order', () => {
    expect(verifyShopifyRedirect(signed([...BASE].reverse(), BASE_MESSAGE), SECRET, NOW).code).toBe('abc123');
  });

  it('accepts values containing & = % and spaces', () => {
    const pairs: [string, string][] = BASE.map(([k, v]) => (k === 'state' ? [k, 'a&b=c%d e'] : [k, v]));
    const message = BASE_MESSAGE.replace('state=st-1', 'state=a%26b%3Dc%25d%20e');
    expect(verifyShopifyRedirect(signed(pairs, message), SECRET, NOW).state).toBe('a&b=c%d e');
  });

  it('refuses a tampered value, naming hmac and not the value', () => {
    const query = signed(BASE, BASE_MESSAGE).replace('code=abc123', 'code=abc124');
    const error = refusal(() => verifyShopifyRedirect(query, SECRET, NOW));
    expect(error.issues.map((issue) => issue.path)).toEqual(['hmac']);
    expect(error.message).not.toContain('abc12');
  });

  it('refuses another shop swapped in', () => {
    const query = signed(BASE, BASE_MESSAGE).replace('shop=shop.myshopify.com', 'shop=other.myshopify.com');
    expect(refusal(() => verifyShopifyRedirect(query, SECRET, NOW)).issues[0]?.path).toBe('hmac');
  });

  it('refuses a tampered hmac, a non-hex one, a short one and an uppercase one', () => {
    const query = signed(BASE, BASE_MESSAGE);
    const hmac = new URLSearchParams(query).get('hmac')!;
    const last = hmac.at(-1) === '0' ? '1' : '0';
    for (const bad of [hmac.slice(0, -1) + last, 'z'.repeat(64), hmac.slice(0, 32), `${hmac}00`, hmac.toUpperCase(), '']) {
      expect(refusal(() => verifyShopifyRedirect(query.replace(hmac, bad), SECRET, NOW)).issues[0]?.path).toBe('hmac');
    }
  });

  it('refuses a redirect signed with another secret', () => {
    expect(refusal(() => verifyShopifyRedirect(signed(BASE, BASE_MESSAGE), 'another', NOW)).issues[0]?.path).toBe('hmac');
  });

  it('refuses a parameter added after signing', () => {
    const query = `${signed(BASE, BASE_MESSAGE)}&extra=1`;
    expect(refusal(() => verifyShopifyRedirect(query, SECRET, NOW)).issues[0]?.path).toBe('hmac');
  });

  it('refuses a signature parameter, which the HMAC leaves out (an app proxy’s): it would ride along unsigned', () => {
    const query = `${signed(BASE, BASE_MESSAGE)}&signature=anything`;
    expect(refusal(() => verifyShopifyRedirect(query, SECRET, NOW)).issues[0]?.path).toBe('signature');
  });

  it('accepts an extra parameter Shopify signed', () => {
    const pairs: [string, string][] = [...BASE, ['locale', 'en']];
    const message = BASE_MESSAGE.replace('&shop=', '&locale=en&shop=');
    expect(verifyShopifyRedirect(signed(pairs, message), SECRET, NOW).shop).toBe('shop.myshopify.com');
  });

  it('refuses a duplicated parameter, naming it, even when signed', () => {
    const pairs: [string, string][] = [...BASE, ['code', 'other']];
    const message = BASE_MESSAGE.replace('code=abc123', 'code=abc123%2Cother');
    expect(refusal(() => verifyShopifyRedirect(signed(pairs, message), SECRET, NOW)).issues).toEqual([{ path: 'code', message: expect.stringMatching(/more than once/) }]);
    expect(refusal(() => verifyShopifyRedirect(`${signed(BASE, BASE_MESSAGE)}&hmac=00`, SECRET, NOW)).issues[0]?.path).toBe('hmac');
  });

  it.each(['hmac', 'code', 'shop', 'state', 'timestamp'])('refuses a redirect without %s', (name) => {
    const pairs = BASE.filter(([key]) => key !== name);
    const message = pairs.map(([key, value]) => `${key}=${value}`).join('&');
    const query = name === 'hmac' ? new URLSearchParams(BASE).toString() : signed(pairs, message);
    expect(refusal(() => verifyShopifyRedirect(query, SECRET, NOW)).issues).toEqual([{ path: name, message: expect.stringMatching(/missing/) }]);
  });

  it('refuses a signed shop that is not a *.myshopify.com domain', () => {
    const pairs: [string, string][] = BASE.map(([k, v]) => (k === 'shop' ? [k, 'evil.com'] : [k, v]));
    const query = signed(pairs, BASE_MESSAGE.replace('shop=shop.myshopify.com', 'shop=evil.com'));
    expect(refusal(() => verifyShopifyRedirect(query, SECRET, NOW)).issues[0]?.path).toBe('shop');
  });

  it('refuses a timestamp that is not whole seconds, or further than the allowed skew from now', () => {
    const at = (timestamp: string) => {
      const pairs: [string, string][] = BASE.map(([k, v]) => (k === 'timestamp' ? [k, timestamp] : [k, v]));
      return signed(pairs, BASE_MESSAGE.replace(`timestamp=${TIMESTAMP}`, `timestamp=${timestamp}`));
    };
    const seconds = NOW.getTime() / 1000;
    const skew = REDIRECT_MAX_SKEW_MS / 1000;
    expect(verifyShopifyRedirect(at(String(seconds - skew)), SECRET, NOW).code).toBe('abc123');
    expect(verifyShopifyRedirect(at(String(seconds + skew)), SECRET, NOW).code).toBe('abc123');
    for (const bad of [String(seconds - skew - 1), String(seconds + skew + 1), '1.5', 'soon', '']) {
      expect(refusal(() => verifyShopifyRedirect(at(bad), SECRET, NOW)).issues[0]?.path).toBe('timestamp');
    }
  });
});
