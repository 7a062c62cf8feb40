import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exchangeShopifyCode,
  grantedScopes,
  hasAllOrdersScope,
  refreshShopifyToken,
  SHOPIFY_SCOPES,
  shopifyAuthorizeUrl,
  type ShopifyOAuthSettings,
} from '../../../../lib/connectors/shopify/shopify-oauth.js';
import { ConfigError, PermanentError, RateLimitedError, ReauthRequiredError, RetryableError, ValidationError } from '../../../../lib/errors.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

// A loopback server standing in for a shop's admin: each test scripts the answer (recorded from Shopify's documentation).
let server: Server;
let template: string;
let seen: Seen[];
let answer: (request: Seen) => { status: number; body: unknown };

const now = new Date('2026-11-29T12:00:00.000Z');
const deps = { clock: { now: () => now } };
const settings = (overrides: Partial<ShopifyOAuthSettings> = {}): ShopifyOAuthSettings => ({
  apiKey: 'client-id-1',
  apiSecret: 'shpss_secret',
  redirectUri: 'https://sluice.example/oauth/shopify',
  shopUrlTemplate: template,
  ...overrides,
});

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(request);
      const { status, body: out } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(typeof out === 'string' ? out : JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  template = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shops/{shop}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  answer = () => ({ status: 500, body: { errors: 'unscripted' } });
});

describe('shopifyAuthorizeUrl', () => {
  it("is the shop's consent page asking for the scopes, offline (no grant_options)", () => {
    const url = shopifyAuthorizeUrl(settings({ shopUrlTemplate: 'https://{shop}' }), { state: 'st 1&x', shop: 'shop.myshopify.com' });
    expect(url).toBe(
      'https://shop.myshopify.com/admin/oauth/authorize?client_id=client-id-1&scope=read_orders,read_all_orders,read_products,read_customers' +
        '&redirect_uri=https%3A%2F%2Fsluice.example%2Foauth%2Fshopify&state=st%201%26x',
    );
    expect(new URL(url).searchParams.get('scope')).toBe(SHOPIFY_SCOPES);
    expect(new URL(url).searchParams.get('state')).toBe('st 1&x');
  });

  it('refuses a shop that is not a *.myshopify.com domain', () => {
    expect(() => shopifyAuthorizeUrl(settings(), { state: 's', shop: 'evil.com' })).toThrow(ValidationError);
  });

  it('needs the API key and the redirect URI', () => {
    expect(() => shopifyAuthorizeUrl(settings({ apiKey: undefined }), { state: 's', shop: 'shop.myshopify.com' })).toThrow(ConfigError);
    expect(() => shopifyAuthorizeUrl(settings({ redirectUri: undefined }), { state: 's', shop: 'shop.myshopify.com' })).toThrow(ConfigError);
  });
});

describe('exchangeShopifyCode', () => {
  it('posts the code with the app credentials as JSON and reads a non-expiring offline token', async () => {
    answer = () => ({ status: 200, body: { access_token: 'shpat_abc', scope: 'read_orders,read_all_orders,read_products,read_customers' } });
    const tokens = await exchangeShopifyCode(settings(), { shop: 'shop.myshopify.com', code: 'code-1' }, deps);
    expect(tokens).toEqual({ accessToken: 'shpat_abc', refreshToken: undefined, expiresAt: null, scopes: 'read_orders read_all_orders read_products read_customers' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/shops/shop.myshopify.com/admin/oauth/access_token' });
    expect(seen[0]!.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(seen[0]!.body)).toEqual({ client_id: 'client-id-1', client_secret: 'shpss_secret', code: 'code-1' });
  });

  it('reads an expiring offline token: its expiry and refresh token', async () => {
    answer = () => ({
      status: 200,
      body: { access_token: 'shpat_abc', expires_in: 3600, refresh_token: 'shprt_def', refresh_token_expires_in: 7776000, scope: 'write_orders,read_products' },
    });
    const tokens = await exchangeShopifyCode(settings(), { shop: 'shop.myshopify.com', code: 'code-1' }, deps);
    expect(tokens).toEqual({ accessToken: 'shpat_abc', refreshToken: 'shprt_def', expiresAt: new Date('2026-11-29T13:00:00.000Z'), scopes: 'write_orders read_products' });
  });

  it('names the code when Shopify refuses it (used or invalid)', async () => {
    answer = () => ({ status: 400, body: { error: 'invalid_request', error_description: 'The authorization code was not found or was already used' } });
    const error = await exchangeShopifyCode(settings(), { shop: 'shop.myshopify.com', code: 'used' }, deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe('code');
    expect((error as ValidationError).message).toMatch(/already used/);
  });

  it("is the operator's when Shopify refuses the app's credentials", async () => {
    answer = () => ({ status: 400, body: { error: 'invalid_client', error_description: 'Client authentication failed' } });
    await expect(exchangeShopifyCode(settings(), { shop: 'shop.myshopify.com', code: 'c' }, deps)).rejects.toBeInstanceOf(ConfigError);
  });

  it('retries a 5xx and a network failure', async () => {
    answer = () => ({ status: 502, body: '<html>Bad gateway</html>' });
    await expect(exchangeShopifyCode(settings(), { shop: 'shop.myshopify.com', code: 'c' }, deps)).rejects.toBeInstanceOf(RetryableError);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(exchangeShopifyCode(settings({ shopUrlTemplate: `http://127.0.0.1:${port}/{shop}` }), { shop: 'shop.myshopify.com', code: 'c' }, deps)).rejects.toBeInstanceOf(
      RetryableError,
    );
  });

  it('waits out a 429', async () => {
    answer = () => ({ status: 429, body: { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' } });
    await expect(exchangeShopifyCode(settings(), { shop: 'shop.myshopify.com', code: 'c' }, deps)).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('refuses an answer without an access token as permanent', async () => {
    answer = () => ({ status: 200, body: { scope: 'read_orders' } });
    await expect(exchangeShopifyCode(settings(), { shop: 'shop.myshopify.com', code: 'c' }, deps)).rejects.toBeInstanceOf(PermanentError);
  });

  it('needs the app credentials and a valid shop before any request', async () => {
    await expect(exchangeShopifyCode(settings({ apiSecret: undefined }), { shop: 'shop.myshopify.com', code: 'c' }, deps)).rejects.toBeInstanceOf(ConfigError);
    await expect(exchangeShopifyCode(settings({ apiKey: undefined }), { shop: 'shop.myshopify.com', code: 'c' }, deps)).rejects.toBeInstanceOf(ConfigError);
    await expect(exchangeShopifyCode(settings(), { shop: 'evil.com', code: 'c' }, deps)).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toHaveLength(0);
  });
});

describe('refreshShopifyToken', () => {
  it('posts the refresh token as a form and reads the rotated pair', async () => {
    answer = () => ({ status: 200, body: { access_token: 'shpat_new', expires_in: 3600, refresh_token: 'shprt_new', refresh_token_expires_in: 7776000, scope: 'read_orders,read_products' } });
    const tokens = await refreshShopifyToken(settings(), 'shop.myshopify.com', 'shprt_old', deps);
    expect(tokens).toEqual({ accessToken: 'shpat_new', refreshToken: 'shprt_new', expiresAt: new Date('2026-11-29T13:00:00.000Z'), scopes: 'read_orders read_products' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/shops/shop.myshopify.com/admin/oauth/access_token' });
    expect(seen[0]!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(seen[0]!.body))).toEqual({
      client_id: 'client-id-1',
      client_secret: 'shpss_secret',
      grant_type: 'refresh_token',
      refresh_token: 'shprt_old',
    });
  });

  it.each([400, 401])('needs re-authorization when Shopify refuses the refresh token (%i)', async (status) => {
    answer = () => ({ status, body: { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired' } });
    await expect(refreshShopifyToken(settings(), 'shop.myshopify.com', 'shprt_old', deps)).rejects.toBeInstanceOf(ReauthRequiredError);
  });

  it("is the operator's when the app itself is refused, and retried on a 5xx", async () => {
    answer = () => ({ status: 401, body: { error: 'invalid_client' } });
    await expect(refreshShopifyToken(settings(), 'shop.myshopify.com', 'r', deps)).rejects.toBeInstanceOf(ConfigError);
    answer = () => ({ status: 503, body: { errors: 'unavailable' } });
    await expect(refreshShopifyToken(settings(), 'shop.myshopify.com', 'r', deps)).rejects.toBeInstanceOf(RetryableError);
  });
});

describe('granted scopes', () => {
  it('reads the scopes of a token set, whichever separator', () => {
    expect(grantedScopes({ scopes: 'read_orders read_all_orders' })).toEqual(['read_orders', 'read_all_orders']);
    expect(grantedScopes({ scopes: 'read_orders,write_products' })).toEqual(['read_orders', 'write_products']);
    expect(grantedScopes({ scopes: '' })).toEqual([]);
  });

  it('has all orders only with read_all_orders, which write_orders does not imply', () => {
    expect(hasAllOrdersScope(['read_orders', 'read_all_orders'])).toBe(true);
    expect(hasAllOrdersScope(['write_orders', 'read_all_orders'])).toBe(true);
    expect(hasAllOrdersScope(['read_orders', 'write_orders'])).toBe(false);
    expect(hasAllOrdersScope([])).toBe(false);
  });
});
