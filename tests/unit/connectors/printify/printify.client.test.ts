import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BudgetGate } from '../../../../lib/budgets/budget-gate.js';
import { createPrintifyClient, ORDERS_PAGE_LIMIT, PRINTIFY_BUDGET, PRODUCTS_PAGE_LIMIT, type PrintifyClient } from '../../../../lib/connectors/printify/printify.client.js';
import { AccessTokenRejectedError, ConfigError, PermanentError, RateLimitedError, ReauthRequiredError, RetryableError, ValidationError } from '../../../../lib/errors.js';
import { fixture } from './fixtures.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

// A loopback server standing in for api.printify.com: each test scripts the next answer.
let server: Server;
let baseUrl: string;
let seen: Seen[];
let answer: (request: Seen) => Answer;
let spent: { budget: string; units: number | undefined }[];

const budgets: BudgetGate = {
  spend: async (budget, call, send) => {
    spent.push({ budget, units: call.units });
    return send();
  },
  observe: async () => {},
  limitsOf: async () => {
    throw new Error('not used');
  },
};
const now = new Date('2026-11-29T12:00:00.000Z');
const client = (overrides: { appId?: string | undefined; redirectUri?: string | undefined } = {}): PrintifyClient =>
  createPrintifyClient(
    { appId: 'app-1', redirectUri: 'https://sluice.example/oauth/printify', apiBaseUrl: baseUrl, authorizeUrl: 'https://printify.com/app/authorize', ...overrides },
    { budgets, clock: { now: () => now } },
  );

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(request);
      const { status, body: out, headers } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof out === 'string' ? out : JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prefix/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  spent = [];
  answer = () => ({ status: 500, body: { message: 'unscripted' } });
});

describe('Printify client requests', () => {
  it('lists shops with the bearer token and a User-Agent, spending one request of the printify budget', async () => {
    answer = () => ({ status: 200, body: fixture('shops.json') });
    expect(await client().listShops('tok-1')).toEqual(fixture('shops.json'));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/prefix/v1/shops.json' });
    expect(seen[0]!.headers.authorization).toBe('Bearer tok-1');
    expect(seen[0]!.headers['user-agent']).toMatch(/^Sluice\/1\.0/);
    expect(spent).toEqual([{ budget: PRINTIFY_BUDGET, units: 1 }]);
  });

  it('asks for a page of 10 orders and reads the envelope: items, total, the next page', async () => {
    const page = fixture('orders-page.json');
    answer = () => ({ status: 200, body: { ...page, current_page: 2, last_page: 4, next_page_url: '/?page=3', total: 31 } });
    const result = await client().listOrders('tok', '5432', 2);
    expect(seen[0]!.url).toBe(`/prefix/v1/shops/5432/orders.json?page=2&limit=${ORDERS_PAGE_LIMIT}`);
    expect(ORDERS_PAGE_LIMIT).toBe(10);
    expect(result).toMatchObject({ page: 2, nextPage: 3, total: 31 });
    expect(result.items.map((order) => order.id)).toEqual(['5a96f649b2439217d070f507']);
  });

  it('asks for pages of 50 products and ends at the last page', async () => {
    answer = () => ({ status: 200, body: { ...fixture('products-page.json'), current_page: 22, next_page_url: null } });
    const result = await client().listProducts('tok', '5432', 22);
    expect(seen[0]!.url).toBe(`/prefix/v1/shops/5432/products.json?page=22&limit=${PRODUCTS_PAGE_LIMIT}`);
    expect(PRODUCTS_PAGE_LIMIT).toBe(50);
    expect(result).toMatchObject({ page: 22, nextPage: null, total: 22 });
    expect(result.items[0]!.variants).toHaveLength(2);
  });

  it('a record without the documented shape is permanent, naming the record and the field', async () => {
    const page = fixture('orders-page.json');
    answer = () => ({ status: 200, body: { ...page, data: [{ ...page.data[0], total_tax: '0.00' }] } });
    const failure = client().listOrders('tok', '5432', 1);
    await expect(failure).rejects.toThrow(PermanentError);
    await expect(client().listOrders('tok', '5432', 1)).rejects.toThrow(/printify order 5a96f649b2439217d070f507 does not have the documented shape: total_tax/);
  });

  it('exchanges a code with the app id and reads the tokens, expire_at in UTC', async () => {
    answer = () => ({ status: 200, body: { access_token: 'acc', refresh_token: 'ref', expire_at: '2020-10-14 11:26:10+00:00' } });
    expect(await client().exchangeCode('grant-code')).toEqual({ accessToken: 'acc', refreshToken: 'ref', expiresAt: new Date('2020-10-14T11:26:10.000Z'), scopes: '' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/prefix/v1/app/oauth/tokens' });
    expect(JSON.parse(seen[0]!.body)).toEqual({ app_id: 'app-1', code: 'grant-code' });
    expect(seen[0]!.headers['user-agent']).toMatch(/^Sluice/);
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it('refreshes with the app id and the refresh token', async () => {
    answer = () => ({ status: 200, body: { access_token: 'acc2', refresh_token: 'ref2', expire_at: '2026-11-29 18:00:00+00:00' } });
    expect(await client().refreshAccessToken('ref')).toMatchObject({ accessToken: 'acc2', refreshToken: 'ref2' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/prefix/v1/app/oauth/tokens/refresh' });
    expect(JSON.parse(seen[0]!.body)).toEqual({ app_id: 'app-1', refresh_token: 'ref' });
  });

  it('needs PRINTIFY_APP_ID for the OAuth flow, and sends nothing without it', async () => {
    await expect(client({ appId: undefined }).exchangeCode('c')).rejects.toThrow(ConfigError);
    await expect(client({ appId: undefined }).refreshAccessToken('r')).rejects.toThrow(/PRINTIFY_APP_ID/);
    expect(() => client({ appId: undefined }).authorizeUrl('s')).toThrow(ConfigError);
    expect(() => client({ redirectUri: undefined }).authorizeUrl('s')).toThrow(/PRINTIFY_REDIRECT_URI/);
    expect(seen).toEqual([]);
  });

  it('builds the consent URL: app id, accept and decline URL, state', () => {
    const url = new URL(client().authorizeUrl('st-1'));
    expect(url.origin + url.pathname).toBe('https://printify.com/app/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app_id: 'app-1',
      accept_url: 'https://sluice.example/oauth/printify',
      decline_url: 'https://sluice.example/oauth/printify',
      state: 'st-1',
    });
  });
});

describe('Printify client failures', () => {
  it('401 on an API call: the access token was rejected (the session refreshes or marks needs_reauth)', async () => {
    answer = () => ({ status: 401, body: { message: 'Unauthenticated.' } });
    const failure = client().listOrders('tok', '5432', 1);
    await expect(failure).rejects.toThrow(AccessTokenRejectedError);
    await expect(client().listOrders('tok', '5432', 1)).rejects.toThrow(/401 from \/prefix\/v1\/shops\/5432\/orders\.json: Unauthenticated\./);
  });

  it('429: rate limited until Retry-After, or 30 s without one', async () => {
    answer = () => ({ status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'retry-after': '7' } });
    const limited = await client().listProducts('tok', '5432', 1).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAt).toEqual(new Date(now.getTime() + 7_000));
    answer = () => ({ status: 429, body: { message: 'Too Many Attempts.' } });
    expect(((await client().listShops('tok').catch((error: unknown) => error)) as RateLimitedError).retryAt).toEqual(new Date(now.getTime() + 30_000));
  });

  it('5xx and a non-JSON body: retryable, with the body\'s start in the message', async () => {
    answer = () => ({ status: 502, body: '<html>Bad gateway</html>' });
    const failure = client().listShops('tok');
    await expect(failure).rejects.toThrow(RetryableError);
    await expect(client().listShops('tok')).rejects.toThrow(/502 .*Bad gateway/);
  });

  it('403 on one entity (a missing scope): permanent for it, with Printify\'s words', async () => {
    answer = () => ({ status: 403, body: { status: 'error', code: 8150, message: 'Forbidden.', errors: { reason: 'The token has no orders.read scope', code: 8150 } } });
    const failure = await client().listOrders('tok', '5432', 1).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentError);
    expect((failure as Error).message).toMatch(/403 .*Forbidden\./);
  });

  it('a refused refresh token: re-authorization', async () => {
    answer = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'The refresh token is invalid.' } });
    const failure = await client().refreshAccessToken('old').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ReauthRequiredError);
    expect((failure as Error).message).toMatch(/invalid_grant: The refresh token is invalid\./);
  });

  it('a refresh that fails for an outage or a rate limit is not a lost grant', async () => {
    answer = () => ({ status: 503, body: { message: 'down' } });
    await expect(client().refreshAccessToken('r')).rejects.toThrow(RetryableError);
    answer = () => ({ status: 429, body: { message: 'slow down' } });
    await expect(client().refreshAccessToken('r')).rejects.toThrow(RateLimitedError);
  });

  it('a refused code: the caller\'s (400 naming code); a refused app: the operator\'s', async () => {
    answer = () => ({ status: 400, body: { error: 'invalid_request', error_description: 'Code expired' } });
    const refused = await client().exchangeCode('c').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toEqual([expect.objectContaining({ path: 'code' })]);
    answer = () => ({ status: 400, body: { error: 'invalid_client', error_description: 'Unknown app' } });
    await expect(client().exchangeCode('c')).rejects.toThrow(/check PRINTIFY_APP_ID/);
    await expect(client().refreshAccessToken('r')).rejects.toThrow(ConfigError);
  });

  it('a personal token Printify refuses: the caller\'s (400 naming access_token)', async () => {
    answer = () => ({ status: 401, body: { message: 'Unauthenticated.' } });
    const refused = await client().checkPersonalToken('pat').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toEqual([expect.objectContaining({ path: 'access_token' })]);
    answer = () => ({ status: 403, body: { message: 'Forbidden.' } });
    await expect(client().checkPersonalToken('pat')).rejects.toThrow(/access_token: .*shops\.read/);
    answer = () => ({ status: 200, body: fixture('shops.json') });
    expect(await client().checkPersonalToken('pat')).toHaveLength(2);
  });
});
