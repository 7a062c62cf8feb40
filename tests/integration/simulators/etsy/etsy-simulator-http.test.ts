/**
 * The Etsy simulator over HTTP with plain fetch, as the Etsy connector will meet it: the app key and
 * token errors, PKCE and refresh-token rotation, pagination and windows, the limits and their
 * headers, faults, control routes, mounting under a prefix — and the ground truth equal to what
 * the API serves, mapped the way PLATFORMS.md says.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { s256Challenge } from '../../../../dev/simulators/_shared/pkce.js';
import { createEtsySimulator, startEtsySimulator, type RunningEtsySimulator } from '../../../../dev/simulators/etsy/index.js';

const START = Date.parse('2026-03-01T12:00:00Z');
const KEY = 'sim-etsy-key:sim-etsy-secret';
const VERIFIER = 'integration-test-code-verifier-0123456789-abcdefgh';
const REDIRECT = 'http://127.0.0.1:1/callback';

type Json = Record<string, unknown>;
interface MoneyJson {
  amount: number;
  divisor: number;
  currency_code: string;
}

let clockMs = START;
let sim: RunningEtsySimulator;
let usdShop: number;
let jpyShop: number;
let usdToken: string;

async function get(path: string, token?: string, apiKey = KEY): Promise<Response> {
  return fetch(`${sim.apiBaseUrl}${path}`, { headers: { 'x-api-key': apiKey, ...(token && { authorization: `Bearer ${token}` }) } });
}

async function json(path: string, token?: string): Promise<Json> {
  const response = await get(path, token);
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}

/** Through the consent page, as a browser would: the redirect's code. */
async function consent(base: string, params: Record<string, string>): Promise<Response> {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: 'sim-etsy-key',
    redirect_uri: REDIRECT,
    scope: 'transactions_r listings_r shops_r',
    state: 'st-1',
    code_challenge: s256Challenge(VERIFIER),
    code_challenge_method: 'S256',
    ...params,
  });
  return fetch(`${base}/oauth/connect?${query}`, { redirect: 'manual' });
}

async function tokenRequest(base: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${base}/v3/public/oauth/token`, { method: 'POST', body: new URLSearchParams({ client_id: 'sim-etsy-key', ...form }) });
}

async function tokensFor(base: string, shopName: string): Promise<{ access_token: string; refresh_token: string }> {
  const location = (await consent(base, { sim_shop: shopName })).headers.get('location')!;
  const code = new URL(location).searchParams.get('code')!;
  const response = await tokenRequest(base, { grant_type: 'authorization_code', redirect_uri: REDIRECT, code, code_verifier: VERIFIER });
  expect(response.status).toBe(200);
  return (await response.json()) as { access_token: string; refresh_token: string };
}

/** PLATFORMS.md: amount / divisor exactly, in the currency's minor units (test-side, independent of the simulator). */
function minor(money: MoneyJson): number {
  const exponent = money.currency_code === 'JPY' ? 0 : 2;
  const scaled = (money.amount * 10 ** exponent) / money.divisor;
  if (!Number.isInteger(scaled)) throw new Error(`not whole minor units: ${JSON.stringify(money)}`);
  return scaled;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

beforeAll(async () => {
  sim = await startEtsySimulator({ now: () => new Date(clockMs), ratePerSecond: 100_000, dailyLimit: 1_000_000, seed: 3, controlRoutes: true });
  [usdShop, jpyShop] = [sim.shopIdFor('SimUsdShop'), sim.shopIdFor('SimJpyShop')];
  usdToken = (await tokensFor(sim.baseUrl, 'SimUsdShop')).access_token;
});
afterAll(() => sim.close());

describe('app key and tokens', () => {
  it("answers a bare keystring with Etsy's exact 403, and a wrong key or secret with 403", async () => {
    const bare = await get(`/v3/application/shops/${usdShop}`, undefined, 'sim-etsy-key');
    expect(bare.status).toBe(403);
    expect(await bare.json()).toEqual({ error: 'Shared secret is required in x-api-key header.' });
    expect((await get(`/v3/application/shops/${usdShop}`, undefined, 'sim-etsy-key:wrong')).status).toBe(403);
    expect((await get(`/v3/application/shops/${usdShop}`, undefined, 'other:sim-etsy-secret')).status).toBe(403);
  });

  it('serves the shop with the app key alone, and who the token belongs to', async () => {
    expect(await json(`/v3/application/shops/${usdShop}`)).toMatchObject({ shop_id: usdShop, shop_name: 'SimUsdShop', currency_code: 'USD', create_date: expect.any(Number) });
    const me = await json('/v3/application/users/me', usdToken);
    expect(me).toEqual({ user_id: Number(usdToken.split('.')[0]), shop_id: usdShop });
  });

  it('answers 401 invalid_token without a token, with a bad one, and after the tokens expire', async () => {
    for (const token of [undefined, 'garbage', `${usdToken}x`]) {
      const response = await get(`/v3/application/shops/${usdShop}/receipts`, token);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    }
    const { access_token } = await tokensFor(sim.baseUrl, 'SimUsdShop');
    sim.expireAccessTokens(usdShop);
    expect((await get(`/v3/application/shops/${usdShop}/receipts`, access_token)).status).toBe(401);
    usdToken = (await tokensFor(sim.baseUrl, 'SimUsdShop')).access_token;
  });

  it("answers 403 for another shop's data, and 404 for no shop", async () => {
    const other = await get(`/v3/application/shops/${jpyShop}/receipts`, usdToken);
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: expect.any(String) });
    expect((await get('/v3/application/shops/1/receipts', usdToken)).status).toBe(404);
  });

  it('answers 403 insufficient_scope on receipts, transactions and ledger without transactions_r, while listings work', async () => {
    const scoped = await startEtsySimulator({ now: () => new Date(START), shops: [{ name: 'NoTx', currency: 'EUR', receipts: 5, listings: 3, historyDays: 30, grantScopes: ['listings_r', 'shops_r'] }] });
    try {
      const token = (await tokensFor(scoped.baseUrl, 'NoTx')).access_token;
      const shopId = scoped.shopIdFor('NoTx');
      const call = (path: string) => fetch(`${scoped.baseUrl}/v3/application/shops/${shopId}${path}`, { headers: { 'x-api-key': KEY, authorization: `Bearer ${token}` } });
      for (const path of ['/receipts', '/receipts/1/transactions', `/payment-account/ledger-entries?min_created=${START / 1000 - 86_400}&max_created=${START / 1000}`]) {
        const response = await call(path);
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ error: 'insufficient_scope' });
      }
      expect((await call('/listings')).status).toBe(200);
      // The owner allows every scope from now on: a new consent's token reads receipts, the old one still cannot.
      scoped.setGrantScopes(shopId, null);
      const full = (await tokensFor(scoped.baseUrl, 'NoTx')).access_token;
      const receipts = await fetch(`${scoped.baseUrl}/v3/application/shops/${shopId}/receipts`, { headers: { 'x-api-key': KEY, authorization: `Bearer ${full}` } });
      expect(receipts.status).toBe(200);
      expect((await call('/receipts')).status).toBe(403);
    } finally {
      await scoped.close();
    }
  });
});

describe('OAuth with PKCE', () => {
  it('refuses a consent request without PKCE S256', async () => {
    expect((await consent(sim.baseUrl, { code_challenge: '' })).status).toBe(400);
    expect((await consent(sim.baseUrl, { code_challenge_method: 'plain' })).status).toBe(400);
  });

  it('redirects with code and state, exchanges the code once with its verifier only', async () => {
    const redirect = await consent(sim.baseUrl, { sim_shop: 'SimJpyShop', state: 'abc' });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('abc');
    const code = location.searchParams.get('code')!;
    const wrong = await tokenRequest(sim.baseUrl, { grant_type: 'authorization_code', redirect_uri: REDIRECT, code, code_verifier: `${VERIFIER}-wrong` });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.any(String) });
    const code2 = sim.issueCode('SimJpyShop', { codeChallenge: s256Challenge(VERIFIER), redirectUri: REDIRECT });
    const ok = await tokenRequest(sim.baseUrl, { grant_type: 'authorization_code', redirect_uri: REDIRECT, code: code2, code_verifier: VERIFIER });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Json;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(await json('/v3/application/users/me', body['access_token'] as string)).toMatchObject({ shop_id: jpyShop });
    const again = await tokenRequest(sim.baseUrl, { grant_type: 'authorization_code', redirect_uri: REDIRECT, code: code2, code_verifier: VERIFIER });
    expect(again.status).toBe(400);
  });

  it('rotates refresh tokens on use, and revoking ends them', async () => {
    const { refresh_token: first } = await tokensFor(sim.baseUrl, 'SimJpyShop');
    const rotated = await tokenRequest(sim.baseUrl, { grant_type: 'refresh_token', refresh_token: first });
    expect(rotated.status).toBe(200);
    const { refresh_token: second, access_token } = (await rotated.json()) as { refresh_token: string; access_token: string };
    expect(second).not.toBe(first);
    expect((await get(`/v3/application/shops/${jpyShop}/receipts`, access_token)).status).toBe(200);
    const reused = await tokenRequest(sim.baseUrl, { grant_type: 'refresh_token', refresh_token: first });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
    sim.revokeRefreshTokens(jpyShop);
    expect((await tokenRequest(sim.baseUrl, { grant_type: 'refresh_token', refresh_token: second })).status).toBe(400);
  });
});

describe('receipts, listings and ledger', () => {
  it('pages receipts with limit ≤ 100, inclusive windows and both sort orders', async () => {
    expect((await get(`/v3/application/shops/${usdShop}/receipts?limit=101`, usdToken)).status).toBe(400);
    const all = await json(`/v3/application/shops/${usdShop}/receipts?limit=100&sort_order=asc`, usdToken);
    const count = all['count'] as number;
    const first = (all['results'] as Json[])[0]!;
    const seen: number[] = [];
    for (let offset = 0; offset < count; offset += 100) {
      const page = await json(`/v3/application/shops/${usdShop}/receipts?limit=100&offset=${offset}&sort_on=created&sort_order=asc`, usdToken);
      seen.push(...(page['results'] as Json[]).map((r) => r['receipt_id'] as number));
    }
    expect(seen).toHaveLength(count);
    expect(new Set(seen).size).toBe(count);
    const created = first['created_timestamp'] as number;
    const exact = await json(`/v3/application/shops/${usdShop}/receipts?min_created=${created}&max_created=${created}`, usdToken);
    expect((exact['results'] as Json[]).map((r) => r['receipt_id'])).toContain(first['receipt_id']);
    const newest = await json(`/v3/application/shops/${usdShop}/receipts?limit=1`, usdToken);
    expect((newest['results'] as Json[])[0]!['receipt_id']).toBe(seen.at(-1));
  });

  it('counts each page asked for under its shop and query, so a page fetched again shows', async () => {
    const path = (query: string) => `/v3/application/shops/${usdShop}/receipts?${query}`;
    const before = sim.stats().endpoints['shops.receipts'].byKey;
    const key = `${usdShop}?limit=100&max_created=1900000000&min_created=1000000000&offset=100&sort_on=created&sort_order=asc`;
    await json(path('min_created=1000000000&max_created=1900000000&limit=100&offset=100&sort_on=created&sort_order=asc'), usdToken);
    await json(path('sort_order=asc&sort_on=created&offset=100&limit=100&max_created=1900000000&min_created=1000000000'), usdToken);
    await json(path('min_created=1000000000&max_created=1900000000&limit=100&offset=0&sort_on=created&sort_order=asc'), usdToken);
    const after = sim.stats().endpoints['shops.receipts'].byKey;
    expect(after[key]).toEqual({ total: (before[key]?.total ?? 0) + 2, byStatus: { 200: (before[key]?.byStatus['200'] ?? 0) + 2 } });
    expect(after[key.replace('offset=100', 'offset=0')]?.total).toBe((before[key.replace('offset=100', 'offset=0')]?.total ?? 0) + 1);
  });

  it('embeds 1–3 transactions in each receipt, and also serves them on their own', async () => {
    const page = await json(`/v3/application/shops/${usdShop}/receipts?limit=100`, usdToken);
    const receipt = (page['results'] as Json[])[0]!;
    const transactions = receipt['transactions'] as Json[];
    expect(transactions.length).toBeGreaterThanOrEqual(1);
    expect(transactions.length).toBeLessThanOrEqual(3);
    const alone = await json(`/v3/application/shops/${usdShop}/receipts/${receipt['receipt_id']}/transactions`, usdToken);
    expect(alone).toEqual({ count: transactions.length, results: transactions });
    expect(sim.stats().endpoints['shops.receipt-transactions'].total).toBeGreaterThan(0);
  });

  it('answers a ledger window over 31 days with Etsy\'s exact 400, and requires both bounds', async () => {
    const now = START / 1000;
    const tooLong = await get(`/v3/application/shops/${usdShop}/payment-account/ledger-entries?min_created=${now - 2_678_401}&max_created=${now}`, usdToken);
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({ error: 'Time window between min_created and max_created must be no more than 2678400 seconds (31 days).' });
    expect((await get(`/v3/application/shops/${usdShop}/payment-account/ledger-entries?max_created=${now}`, usdToken)).status).toBe(400);
    expect((await get(`/v3/application/shops/${usdShop}/payment-account/ledger-entries?min_created=${now - 2_678_400}&max_created=${now}`, usdToken)).status).toBe(200);
  });

  it('shows changed and new receipts in a last-modified window', async () => {
    clockMs += 60_000;
    const now = clockMs / 1000;
    const [target] = sim.truth(usdShop).orders;
    sim.updateReceipt(usdShop, Number(target!.platform_id), { status: 'Fully Refunded' });
    const added = sim.addReceipts(usdShop, 2);
    const changed = await json(`/v3/application/shops/${usdShop}/receipts?min_last_modified=${now}&max_last_modified=${now}&sort_on=updated&sort_order=asc`, usdToken);
    expect((changed['results'] as Json[]).map((r) => [r['receipt_id'], r['status']])).toEqual([
      [Number(target!.platform_id), 'Fully Refunded'],
      [added[0], 'Paid'],
      [added[1], 'Paid'],
    ]);
  });
});

describe('ground truth', () => {
  async function everyReceipt(shopId: number, token: string): Promise<Json[]> {
    const receipts: Json[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await json(`/v3/application/shops/${shopId}/receipts?limit=100&offset=${offset}&sort_on=receipt_id&sort_order=asc`, token);
      receipts.push(...(page['results'] as Json[]));
      if (offset + 100 >= (page['count'] as number)) return receipts;
    }
  }

  it.each(['SimUsdShop', 'SimJpyShop'])('equals what the API serves for %s, mapped as PLATFORMS.md says', async (shopName) => {
    const shopId = sim.shopIdFor(shopName);
    const token = (await tokensFor(sim.baseUrl, shopName)).access_token;
    const receipts = await everyReceipt(shopId, token);
    const orders = receipts.map((r) => ({
      platform_id: String(r['receipt_id']),
      status: r['status'],
      currency: (r['grandtotal'] as MoneyJson).currency_code,
      total_minor: minor(r['grandtotal'] as MoneyJson),
      subtotal_minor: minor(r['subtotal'] as MoneyJson),
      shipping_minor: minor(r['total_shipping_cost'] as MoneyJson),
      tax_minor: minor(r['total_tax_cost'] as MoneyJson) + minor(r['total_vat_cost'] as MoneyJson),
      discount_minor: minor(r['discount_amt'] as MoneyJson),
      placed_at: iso(r['created_timestamp'] as number),
      platform_updated_at: iso(r['updated_timestamp'] as number),
    }));
    const lineItems = receipts.flatMap((r) =>
      (r['transactions'] as Json[]).map((t) => ({
        platform_id: String(t['transaction_id']),
        order_platform_id: String(r['receipt_id']),
        product_platform_id: String(t['listing_id']),
        variant_platform_id: String(t['product_id']),
        sku: t['sku'],
        title: t['title'],
        quantity: t['quantity'],
        unit_price_minor: minor(t['price'] as MoneyJson),
        currency: (t['price'] as MoneyJson).currency_code,
      })),
    );
    const listingsPage = await json(`/v3/application/shops/${shopId}/listings?state=active&limit=100`, token);
    const listings = (listingsPage['results'] as Json[]).map((l) => ({
      platform_id: String(l['listing_id']),
      title: l['title'],
      state: l['state'],
      price_minor: minor(l['price'] as MoneyJson),
      currency: (l['price'] as MoneyJson).currency_code,
      quantity: l['quantity'],
      platform_updated_at: iso(l['updated_timestamp'] as number),
    }));
    const shop = await json(`/v3/application/shops/${shopId}`);
    const payments = [];
    for (let start = shop['create_date'] as number; start <= clockMs / 1000; start += 2_678_401) {
      for (let offset = 0; ; offset += 100) {
        const page = await json(`/v3/application/shops/${shopId}/payment-account/ledger-entries?min_created=${start}&max_created=${start + 2_678_400}&limit=100&offset=${offset}`, token);
        for (const e of page['results'] as Json[]) {
          const { entry_id, amount, currency, balance, ledger_type, reference_type, reference_id, description, create_date } = e;
          payments.push({ platform_id: String(entry_id), amount_minor: amount, currency, balance_minor: balance, ledger_type, reference_type, reference_id, description, entry_created_at: iso(create_date as number) });
        }
        if (offset + 100 >= (page['count'] as number)) break;
      }
    }
    const truth = sim.truth(shopId);
    expect(orders).toEqual(truth.orders);
    expect(lineItems).toEqual(truth.line_items);
    expect([...listings].sort((a, b) => a.platform_id.localeCompare(b.platform_id))).toEqual([...truth.listings].sort((a, b) => a.platform_id.localeCompare(b.platform_id)));
    expect(payments).toEqual(truth.payments);
    expect(truth.payments.length).toBeGreaterThan(truth.orders.length);
    const statuses = new Set(truth.orders.map((o) => o.status));
    expect(statuses.has('Completed') && statuses.has('Paid')).toBe(true);
  });

  it('reflects listing changes and added ledger entries', async () => {
    const listing = sim.truth(usdShop).listings[0]!;
    sim.updateListing(usdShop, Number(listing.platform_id), { priceMinor: 12_345, state: 'inactive' });
    expect(sim.truth(usdShop).listings.map((l) => l.platform_id)).not.toContain(listing.platform_id);
    const [added] = sim.addLedgerEntries(usdShop, 1);
    expect(sim.truth(usdShop).payments.at(-1)).toEqual(added);
  });
});

describe('limits', () => {
  let limited: RunningEtsySimulator;
  let limitedClock = START;
  let token: string;
  let refreshToken: string;
  beforeAll(async () => {
    limited = await startEtsySimulator({ now: () => new Date(limitedClock), ratePerSecond: 3, dailyLimit: 8 });
    ({ access_token: token, refresh_token: refreshToken } = await tokensFor(limited.baseUrl, 'SimUsdShop'));
  });
  afterAll(() => limited.close());
  const call = () => fetch(`${limited.baseUrl}/v3/application/shops/${limited.shopIdFor('SimUsdShop')}/receipts?limit=1`, { headers: { 'x-api-key': KEY, authorization: `Bearer ${token}` } });

  it('sends the limit headers on success, 429 beyond the second and the day, and counts refused requests', async () => {
    const ok = await call();
    expect(ok.status).toBe(200);
    expect(Object.fromEntries(['x-limit-per-second', 'x-remaining-this-second', 'x-limit-per-day', 'x-remaining-today'].map((h) => [h, ok.headers.get(h)]))).toEqual({
      'x-limit-per-second': '3',
      'x-remaining-this-second': '2',
      'x-limit-per-day': '8',
      'x-remaining-today': '7',
    });
    await call();
    await call();
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({ error: 'Exceeded per second rate limit' });
    limitedClock += 1_000;
    const more = await call();
    expect(more.headers.get('x-remaining-today')).toBe('3'); // 5 counted, the refused one too
    for (let i = 0; i < 2; i++) await call();
    limitedClock += 1_000;
    await call();
    const daily = await call();
    expect(daily.status).toBe(429);
    expect(await daily.json()).toEqual({ error: 'Exceeded daily rate limit' });
    expect(Number(daily.headers.get('retry-after'))).toBeGreaterThan(80_000);
    limitedClock += 86_400_000;
    expect((await call()).status).toBe(401); // the access token lived an hour; refreshing is not an API call
    const refreshed = await tokenRequest(limited.baseUrl, { grant_type: 'refresh_token', refresh_token: refreshToken });
    token = ((await refreshed.json()) as { access_token: string }).access_token;
    expect((await call()).status).toBe(200);
    const stats = limited.stats();
    expect(stats.rateLimited).toBe(2);
    expect(stats.maxPerSecond).toBe(4);
    expect(stats.endpoints['shops.receipts'].byStatus).toEqual({ 200: 8, 401: 1, 429: 2 });
  });
});

describe('faults, control routes and mounting', () => {
  it('answers injected faults in the Etsy and OAuth envelopes', async () => {
    sim.injectFaults([{ api: 'api', kind: 'serverError', status: 503 }, { api: 'oauth', kind: 'serverError' }, { api: 'api', kind: 'quotaExceeded', retryAfterSeconds: 30 }]);
    const unavailable = await get(`/v3/application/shops/${usdShop}`);
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toEqual({ error: expect.any(String) });
    const oauth = await tokenRequest(sim.baseUrl, { grant_type: 'refresh_token', refresh_token: 'x' });
    expect(oauth.status).toBe(500);
    expect(await oauth.json()).toMatchObject({ error: 'server_error' });
    const quota = await get(`/v3/application/shops/${usdShop}`);
    expect([quota.status, quota.headers.get('retry-after')]).toEqual([429, '30']);
    expect(await quota.json()).toEqual({ error: 'Exceeded daily rate limit' });
  });

  it('serves control routes for a simulator in another process', async () => {
    const shopId = ((await (await fetch(`${sim.baseUrl}/__control/shop-id?name=SimJpyShop`)).json()) as Json)['shop_id'];
    expect(shopId).toBe(jpyShop);
    const truth = (await (await fetch(`${sim.baseUrl}/__control/truth?shop_id=${jpyShop}`)).json()) as Json;
    expect(truth).toEqual(JSON.parse(JSON.stringify(sim.truth(jpyShop))));
    const added = (await (await fetch(`${sim.baseUrl}/__control/add-receipts?shop_id=${jpyShop}&count=1`, { method: 'POST' })).json()) as { receipt_ids: number[] };
    expect(sim.truth(jpyShop).orders.at(-1)!.platform_id).toBe(String(added.receipt_ids[0]));
    const stats = (await (await fetch(`${sim.baseUrl}/__control/stats`)).json()) as Json;
    expect(stats).toMatchObject({ maxPerSecond: expect.any(Number), rateLimited: expect.any(Number) });
  });

  it('serves a corrupted Money field as given, leaving the rest of the receipt and its truth alone', async () => {
    const [target] = sim.truth(usdShop).orders;
    const receiptId = Number(target!.platform_id);
    const before = (await json(`/v3/application/shops/${usdShop}/receipts?sort_on=created&sort_order=asc&limit=1`, usdToken))['results'] as Json[];
    expect(before[0]!['receipt_id']).toBe(receiptId);
    const response = await fetch(`${sim.baseUrl}/__control/corrupt-receipt-money?shop_id=${usdShop}&receipt_id=${receiptId}&field=grandtotal&amount=1005&divisor=1000`, { method: 'POST' });
    expect(response.status).toBe(200);
    const [after] = (await json(`/v3/application/shops/${usdShop}/receipts?sort_on=created&sort_order=asc&limit=1`, usdToken))['results'] as Json[];
    expect(after!['grandtotal']).toEqual({ amount: 1005, divisor: 1000, currency_code: 'USD' });
    expect({ ...after, grandtotal: null }).toEqual({ ...before[0], grandtotal: null });
    expect(sim.truth(usdShop).orders[0]).toEqual(target);
    const badField = await fetch(`${sim.baseUrl}/__control/corrupt-receipt-money?shop_id=${usdShop}&receipt_id=${receiptId}&field=nope&amount=1&divisor=1`, { method: 'POST' });
    expect(badField.status).toBe(400);
  });

  it('serves its paths relative to a mount point inside another server', async () => {
    const mounted = createEtsySimulator({ now: () => new Date(START) });
    const server: Server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!path.startsWith('/etsy-sim/')) return void res.writeHead(418).end();
      void mounted.handle(req, res, path.slice('/etsy-sim'.length)).then((handled) => handled || res.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/etsy-sim`;
      const { access_token } = await tokensFor(base, 'SimUsdShop');
      const me = await fetch(`${base}/v3/application/users/me`, { headers: { 'x-api-key': KEY, authorization: `Bearer ${access_token}` } });
      expect(await me.json()).toMatchObject({ shop_id: mounted.shopIdFor('SimUsdShop') });
      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
