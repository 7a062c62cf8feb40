import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import type { BudgetGate } from '../../../../lib/budgets/budget-gate.js';
import type { VendorObservation } from '../../../../lib/budgets/budget-policy.js';
import { DAILY_LIMIT_HOLD_MS } from '../../../../lib/connectors/etsy/etsy-failure.js';
import { createEtsyClient, type EtsyClient } from '../../../../lib/connectors/etsy/etsy.client.js';
import { AccessTokenRejectedError, ConfigError, PermanentError, RateLimitedError, ReauthRequiredError, RetryableError, ValidationError } from '../../../../lib/errors.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type SeenRequest } from '../../../support/loopback-server.js';

const now = new Date('2026-03-01T12:00:00Z');
const SHOP = '40123456';
const money = (amount: number) => ({ amount, divisor: 100, currency_code: 'USD' });
const receipt = {
  receipt_id: 1,
  status: 'Paid',
  created_timestamp: 1767225600,
  updated_timestamp: 1767225600,
  grandtotal: money(100),
  subtotal: money(100),
  total_shipping_cost: money(0),
  total_tax_cost: money(0),
  total_vat_cost: money(0),
  discount_amt: money(0),
  transactions: [],
};
const RATE_HEADERS = { 'x-limit-per-second': '10', 'x-remaining-this-second': '9', 'x-limit-per-day': '10000', 'x-remaining-today': '9876' };

/** What the loopback Etsy answers next, per path (default: a success). */
let answer: (request: SeenRequest, response: ServerResponse) => void;
let server: LoopbackServer;
let spent: [string, unknown][];
let observed: [string, VendorObservation][];
let client: EtsyClient;

const gate: BudgetGate = {
  async spend(budget, call, send) {
    spent.push([budget, call]);
    return send();
  },
  async observe(budget, observation) {
    observed.push([budget, observation]);
  },
  limitsOf: async () => {
    throw new Error('unused');
  },
};

beforeAll(async () => {
  server = await startLoopbackServer((request, response) => answer(request, response));
  client = createEtsyClient(
    {
      apiKey: 'keystring1',
      sharedSecret: 'secret1',
      redirectUri: 'https://app.example/etsy/callback',
      apiBaseUrl: `${server.origin}/__sim/etsy/`,
      authorizeUrl: 'https://www.etsy.com/oauth/connect',
      tokenUrl: `${server.origin}/__sim/etsy-token`,
    },
    gate,
    { now: () => now },
  );
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  spent = [];
  observed = [];
  answer = (_req, res) => sendJson(res, 200, { count: 1, results: [receipt] }, RATE_HEADERS);
});

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error);

describe('Etsy requests', () => {
  it('sends x-api-key keystring:secret and the bearer, under the API root’s own prefix, with the query in Etsy’s names', async () => {
    const page = await client.listReceipts('111.token', SHOP, { limit: 100, offset: 200, minCreated: 10, maxCreated: 20, sortOn: 'created', sortOrder: 'asc' });
    expect(page.count).toBe(1);
    expect(page.results[0]).toMatchObject({ receipt_id: 1, createdAt: 1767225600 });
    const [request] = server.requests;
    expect(request!.headers['x-api-key']).toBe('keystring1:secret1');
    expect(request!.headers.authorization).toBe('Bearer 111.token');
    const url = new URL(request!.url, server.origin);
    expect(url.pathname).toBe(`/__sim/etsy/v3/application/shops/${SHOP}/receipts`);
    // No was_paid: every receipt, canceled and refunded ones too.
    expect(Object.fromEntries(url.searchParams)).toEqual({ limit: '100', offset: '200', min_created: '10', max_created: '20', sort_on: 'created', sort_order: 'asc' });
  });

  it('asks for active listings oldest first, and ledger entries between both bounds', async () => {
    answer = (_req, res) => sendJson(res, 200, { count: 0, results: [] });
    await client.listActiveListings('t', SHOP, { limit: 100, offset: 0 });
    await client.listLedgerEntries('t', SHOP, { limit: 100, offset: 100, minCreated: 1000, maxCreated: 2000 });
    const [listings, ledger] = server.requests.map((r) => new URL(r.url, server.origin));
    expect(listings!.pathname).toBe(`/__sim/etsy/v3/application/shops/${SHOP}/listings`);
    expect(Object.fromEntries(listings!.searchParams)).toEqual({ state: 'active', limit: '100', offset: '0', sort_on: 'created', sort_order: 'asc' });
    expect(ledger!.pathname).toBe(`/__sim/etsy/v3/application/shops/${SHOP}/payment-account/ledger-entries`);
    expect(Object.fromEntries(ledger!.searchParams)).toEqual({ min_created: '1000', max_created: '2000', limit: '100', offset: '100' });
  });

  it('reads users/me and the shop (its create_date is where history starts)', async () => {
    answer = (req, res) =>
      req.url.endsWith('/users/me') ? sendJson(res, 200, { user_id: 7, shop_id: 40123456 }) : sendJson(res, 200, { shop_id: 40123456, shop_name: 'ClayCo', create_date: 1500000000, url: 'x' });
    expect(await client.getMe('t')).toEqual({ user_id: 7, shop_id: 40123456 });
    expect(await client.getShop('t', SHOP)).toEqual({ shopId: 40123456, shopName: 'ClayCo', createdAt: 1500000000 });
  });

  it('spends one request of the etsy budget per call and folds the rate headers into it', async () => {
    await client.listReceipts('t', SHOP, { limit: 1, offset: 0, sortOn: 'created', sortOrder: 'asc' });
    expect(spent).toEqual([['etsy', { units: 1 }]]);
    expect(observed).toEqual([['etsy', { remainingToday: { remaining: 9876, limit: 10000 }, remainingThisSecond: 9, limitPerSecond: 10 }]]);
  });

  it('observes nothing when an answer carries no rate headers', async () => {
    answer = (_req, res) => sendJson(res, 200, { user_id: 7, shop_id: 1 });
    await client.getMe('t');
    expect(observed).toEqual([]);
  });

  it('a record of an unexpected shape is a PermanentError naming it', async () => {
    answer = (_req, res) => sendJson(res, 200, { count: 1, results: [{ ...receipt, receipt_id: 99, grandtotal: '1.00' }] });
    const error = await failureOf(client.listReceipts('t', SHOP, { limit: 1, offset: 0, sortOn: 'created', sortOrder: 'asc' }));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error!.message).toMatch(/^etsy receipt 99: unexpected shape: .*grandtotal/);
  });
});

describe('Etsy failures', () => {
  const list = () => failureOf(client.listReceipts('t', SHOP, { limit: 1, offset: 0, sortOn: 'created', sortOrder: 'asc' }));

  it('403 "Shared secret is required" is the operator’s: ConfigError naming the settings', async () => {
    answer = (_req, res) => sendJson(res, 403, { error: 'Shared secret is required in x-api-key header.' });
    const error = await list();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toBe(`Etsy refused the app's credentials: check ETSY_API_KEY and ETSY_SHARED_SECRET (403 from /__sim/etsy/v3/application/shops/${SHOP}/receipts: Shared secret is required in x-api-key header.)`);
  });

  it('another 403 (a scope the grant lacks) is permanent for that call, with Etsy’s message', async () => {
    answer = (_req, res) => sendJson(res, 403, { error: 'The request requires the transactions_r scope.' });
    const error = await list();
    expect(error).toBeInstanceOf(PermanentError);
    expect(error!.message).toContain('The request requires the transactions_r scope.');
  });

  it('429 daily limit: waits a bucket of the sliding day and tells the budget nothing is left today', async () => {
    answer = (_req, res) => sendJson(res, 429, { error: 'Exceeded daily rate limit' });
    const error = (await list()) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAt.getTime() - now.getTime()).toBe(DAILY_LIMIT_HOLD_MS);
    expect(observed).toEqual([['etsy', { remainingToday: { remaining: 0 } }]]);
  });

  it('429 daily limit with Retry-After waits what it says', async () => {
    answer = (_req, res) => sendJson(res, 429, { error: 'Exceeded daily rate limit' }, { 'retry-after': '3600' });
    expect(((await list()) as RateLimitedError).retryAt.getTime() - now.getTime()).toBe(3_600_000);
  });

  it('429 per second waits a second (or Retry-After), and leaves the day alone', async () => {
    answer = (_req, res) => sendJson(res, 429, { error: 'Exceeded per second rate limit' });
    expect(((await list()) as RateLimitedError).retryAt.getTime() - now.getTime()).toBe(1_000);
    answer = (_req, res) => sendJson(res, 429, { error: 'Exceeded per second rate limit' }, { 'retry-after': '3' });
    expect(((await list()) as RateLimitedError).retryAt.getTime() - now.getTime()).toBe(3_000);
    expect(observed).toEqual([]);
  });

  it('401 rejects the access token (the session refreshes once); 5xx is retryable', async () => {
    answer = (_req, res) => sendJson(res, 401, { error: 'invalid_token' });
    expect(await list()).toBeInstanceOf(AccessTokenRejectedError);
    answer = (_req, res) => sendJson(res, 503, { error: 'unavailable' });
    expect(await list()).toBeInstanceOf(RetryableError);
  });
});

describe('Etsy OAuth', () => {
  const tokenAnswer = { access_token: '7.newaccess', token_type: 'Bearer', expires_in: 3600, refresh_token: '7.rotated' };

  it('builds the consent URL: PKCE S256, the keystring as client_id, the three read scopes', () => {
    const url = client.authorizeUrl({ state: 'st8', codeChallenge: 'chal-lenge' });
    expect(url).toBe(
      'https://www.etsy.com/oauth/connect?response_type=code&client_id=keystring1&redirect_uri=https%3A%2F%2Fapp.example%2Fetsy%2Fcallback&scope=transactions_r%20listings_r%20shops_r&state=st8&code_challenge=chal-lenge&code_challenge_method=S256',
    );
    expect(() => client.authorizeUrl({ state: 'st8' })).toThrow(/PKCE/);
  });

  it('exchanges a code with its verifier (a form), answering the tokens with their expiry', async () => {
    answer = (_req, res) => sendJson(res, 200, tokenAnswer);
    const tokens = await client.exchangeCode({ code: 'c0de', codeVerifier: 'v3rifier' });
    expect(tokens).toEqual({ accessToken: '7.newaccess', refreshToken: '7.rotated', expiresAt: new Date(now.getTime() + 3_600_000), scopes: 'transactions_r listings_r shops_r' });
    const [request] = server.requests;
    expect(request!.url).toBe('/__sim/etsy-token');
    expect(request!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request!.headers['x-api-key']).toBe('keystring1:secret1');
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'keystring1',
      code: 'c0de',
      code_verifier: 'v3rifier',
      redirect_uri: 'https://app.example/etsy/callback',
    });
    expect(spent).toEqual([['etsy', { units: 1 }]]);
  });

  it('refreshes, returning the rotated refresh token to be stored', async () => {
    answer = (_req, res) => sendJson(res, 200, tokenAnswer);
    expect((await client.refreshAccessToken('7.old')).refreshToken).toBe('7.rotated');
    expect(Object.fromEntries(new URLSearchParams(server.requests[0]!.body))).toEqual({ grant_type: 'refresh_token', client_id: 'keystring1', refresh_token: '7.old' });
  });

  it('refresh: invalid_grant means the grant is gone (re-authorization); a 401 or invalid_client is the app’s configuration', async () => {
    answer = (_req, res) => sendJson(res, 400, { error: 'invalid_grant', error_description: 'Refresh token has expired' });
    const gone = await failureOf(client.refreshAccessToken('7.old'));
    expect(gone).toBeInstanceOf(ReauthRequiredError);
    expect(gone!.message).toContain('invalid_grant: Refresh token has expired');
    answer = (_req, res) => sendJson(res, 401, { error: 'invalid_client' });
    expect(await failureOf(client.refreshAccessToken('7.old'))).toBeInstanceOf(ConfigError);
    answer = (_req, res) => sendJson(res, 400, { error: 'invalid_client', error_description: 'Unknown client' });
    expect(await failureOf(client.refreshAccessToken('7.old'))).toBeInstanceOf(ConfigError);
  });

  it('exchange: a refused code or redirect URI is the caller’s (ValidationError naming the field)', async () => {
    answer = (_req, res) => sendJson(res, 400, { error: 'invalid_grant', error_description: 'code_verifier is invalid' });
    const code = (await failureOf(client.exchangeCode({ code: 'c', codeVerifier: 'v' }))) as ValidationError;
    expect(code).toBeInstanceOf(ValidationError);
    expect(code.issues.map((issue) => issue.path)).toEqual(['code']);
    answer = (_req, res) => sendJson(res, 400, { error: 'invalid_request', error_description: 'redirect_uri does not match' });
    const redirect = (await failureOf(client.exchangeCode({ code: 'c', codeVerifier: 'v', redirectUri: 'https://elsewhere' }))) as ValidationError;
    expect(redirect.issues.map((issue) => issue.path)).toEqual(['redirect_uri']);
    expect(Object.fromEntries(new URLSearchParams(server.requests.at(-1)!.body)).redirect_uri).toBe('https://elsewhere');
  });

  it('a token answer without an access token is a PermanentError', async () => {
    answer = (_req, res) => sendJson(res, 200, { token_type: 'Bearer' });
    expect(await failureOf(client.refreshAccessToken('7.old'))).toBeInstanceOf(PermanentError);
  });
});
