/**
 * The Printify simulator over HTTP with plain fetch: auth and the User-Agent rule, shops of other
 * accounts, paging, the per-account limit, the OAuth app flow, faults, control routes, and the
 * truth against what the API serves.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { get as httpGet } from 'node:http';
import { startPrintifySimulator, type PrintifyOrder, type PrintifyProduct, type PrintifyTruth, type RunningPrintifySimulator } from '../../../../dev/simulators/printify/index.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const SALES = Array.from({ length: 70 }, (_, i) => String(3_200_000_000 + i));
const ACCOUNTS = [
  {
    name: 'alice',
    personalToken: 'alice-pat',
    shops: [
      { title: 'Alice on Etsy', sales_channel: 'etsy', orders: 73, products: 61, historyDays: 60, salesOrderIds: SALES },
      { title: 'Alice on Shopify', sales_channel: 'shopify', orders: 5, products: 2, historyDays: 10 },
    ],
  },
  { name: 'bob', shops: [{ title: 'Bob', sales_channel: 'custom_integration', orders: 3, products: 1, historyDays: 5 }] },
];

let sim: RunningPrintifySimulator;
let aliceShop: number;

const get = (path: string, token: string | null = 'alice-pat', headers: Record<string, string> = { 'user-agent': 'SluiceTest/1.0' }): Promise<Response> =>
  fetch(`${sim.apiBaseUrl}${path}`, { headers: { ...headers, ...(token === null ? {} : { authorization: `Bearer ${token}` }) } });

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

interface Envelope<T> {
  current_page: number;
  data: T[];
  last_page: number;
  next_page_url: string | null;
  per_page: number;
  total: number;
  from: number | null;
  to: number | null;
}

/** Every page of a list, following next_page_url as a client should. */
async function readAll<T>(path: string, limit: number, token = 'alice-pat'): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const body = await json<Envelope<T>>(await get(`${path}?page=${page}&limit=${limit}`, token));
    items.push(...body.data);
    if (body.next_page_url === null) return items;
  }
}

beforeAll(async () => {
  sim = await startPrintifySimulator({ now: () => NOW, accounts: ACCOUNTS, controlRoutes: true });
  [aliceShop] = sim.shopIdsOf('alice') as [number];
});
afterAll(() => sim.close());

describe('auth and headers', () => {
  it('answers 401 without a token or with an unknown one, and 400 without a User-Agent', async () => {
    for (const token of [null, 'not-a-token']) {
      const response = await get('/v1/shops.json', token);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ status: 'error', code: 401, message: 'Unauthenticated.' });
    }
    // fetch always sends a User-Agent ("node"); node:http sends none unless told.
    const noAgent = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      httpGet(`${sim.apiBaseUrl}/v1/shops.json`, { headers: { authorization: 'Bearer alice-pat' } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });
    expect(noAgent.status).toBe(400);
    expect(JSON.parse(noAgent.body)).toMatchObject({ status: 'error', code: 8150, errors: { reason: expect.stringContaining('User-Agent') } });
    expect((await get('/v1/shops.json', 'alice-pat', { 'user-agent': ' ' })).status).toBe(400);
  });

  it("lists the token's account's shops only, and refuses another account's shop with 403, an unknown one with 404", async () => {
    expect(await json(await get('/v1/shops.json'))).toEqual([
      { id: aliceShop, title: 'Alice on Etsy', sales_channel: 'etsy' },
      { id: sim.shopIdsOf('alice')[1], title: 'Alice on Shopify', sales_channel: 'shopify' },
    ]);
    const bobShop = sim.shopIdsOf('bob')[0];
    const foreign = await get(`/v1/shops/${bobShop}/orders.json`);
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ message: 'This action is unauthorized.' });
    expect((await get(`/v1/shops/${bobShop}/orders.json`, sim.accountToken('bob'))).status).toBe(200);
    expect((await get('/v1/shops/1/orders.json')).status).toBe(404);
    expect((await get('/v1/shops/abc/orders.json')).status).toBe(404);
    expect((await get(`/v1/shops/${aliceShop}/orders/000000000000000000000000.json`)).status).toBe(404);
  });

  it('can hide other accounts\' shops behind 404 instead', async () => {
    const hiding = await startPrintifySimulator({ now: () => NOW, accounts: ACCOUNTS, foreignShopStatus: 404 });
    try {
      const response = await fetch(`${hiding.apiBaseUrl}/v1/shops/${hiding.shopIdsOf('bob')[0]}/products.json`, { headers: { authorization: 'Bearer alice-pat', 'user-agent': 't' } });
      expect(response.status).toBe(404);
    } finally {
      await hiding.close();
    }
  });
});

describe('paging', () => {
  it('pages orders newest first, 10 at most, in the documented envelope', async () => {
    const first = await json<Envelope<PrintifyOrder>>(await get(`/v1/shops/${aliceShop}/orders.json`));
    expect(first).toMatchObject({ current_page: 1, per_page: 10, total: 73, last_page: 8, from: 1, to: 10, next_page_url: '/?page=2' });
    expect(first.data).toHaveLength(10);
    const last = await json<Envelope<PrintifyOrder>>(await get(`/v1/shops/${aliceShop}/orders.json?page=8&limit=10`));
    expect(last).toMatchObject({ data: expect.any(Array), from: 71, to: 73, next_page_url: null });
    const tooMany = await get(`/v1/shops/${aliceShop}/orders.json?limit=11`);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual({ status: 'error', code: 8150, message: 'Validation failed.', errors: { reason: 'limit: The limit may not be greater than 10.', code: 8150 } });
    const all = await readAll<PrintifyOrder>(`/v1/shops/${aliceShop}/orders.json`, 7);
    expect(all.map((o) => o.id)).toEqual(sim.truth(aliceShop).orders.map((o) => o.platform_id));
    expect(all.map((o) => o.created_at)).toEqual(all.map((o) => o.created_at).sort().reverse());
  });

  it('pages products up to 50, newest first, and refuses 51', async () => {
    const page = await json<Envelope<PrintifyProduct>>(await get(`/v1/shops/${aliceShop}/products.json?limit=50`));
    expect(page).toMatchObject({ total: 61, last_page: 2, per_page: 50 });
    expect((await get(`/v1/shops/${aliceShop}/products.json?limit=51`)).status).toBe(400);
    const all = await readAll<PrintifyProduct>(`/v1/shops/${aliceShop}/products.json`, 50);
    expect(all.map((p) => p.id)).toEqual(sim.truth(aliceShop).products.map((p) => p.platform_id));
    const single = await json<PrintifyProduct>(await get(`/v1/shops/${aliceShop}/products/${all[3]!.id}.json`));
    expect(single).toEqual(all[3]);
  });
});

describe('truth', () => {
  it('is what DESIGN.md makes of the orders and products the API serves', async () => {
    const orders = await readAll<PrintifyOrder>(`/v1/shops/${aliceShop}/orders.json`, 10);
    const products = await readAll<PrintifyProduct>(`/v1/shops/${aliceShop}/products.json`, 50);
    const iso = (time: string) => new Date(time.replace(' ', 'T')).toISOString();
    const expected: PrintifyTruth = {
      orders: orders.map((o) => {
        const subtotal = o.line_items.reduce((sum, l) => sum + l.cost, 0);
        const times = [o.created_at, o.sent_to_production_at, o.fulfilled_at, ...o.shipments.map((s) => s.delivered_at)].filter((t): t is string => t !== null).map(iso).sort();
        const ref = o.metadata.shop_order_id;
        return { platform_id: o.id, status: o.status, currency: 'USD', total_minor: subtotal + o.total_shipping + o.total_tax, subtotal_minor: subtotal, shipping_minor: o.total_shipping, tax_minor: o.total_tax, discount_minor: 0, placed_at: iso(o.created_at), platform_updated_at: times.at(-1)!, external_order_ref: ref === undefined ? null : String(ref) };
      }),
      line_items: orders.flatMap((o) =>
        o.line_items.map((l, i) => ({ platform_id: `${o.id}:${i}`, order_platform_id: o.id, product_platform_id: l.product_id, variant_platform_id: `${l.product_id}:${l.variant_id}`, sku: l.metadata.sku, title: l.metadata.title, quantity: l.quantity, unit_price_minor: l.metadata.price, currency: 'USD', cost_minor: l.cost })),
      ),
      products: products.map((p) => ({ platform_id: p.id, title: p.title, status: null, vendor: null, print_provider_id: String(p.print_provider_id), platform_updated_at: iso(p.updated_at) })),
      product_variants: products.flatMap((p) => p.variants.map((v) => ({ platform_id: `${p.id}:${v.id}`, product_platform_id: p.id, sku: v.sku, price_minor: v.price, cost_minor: v.cost, currency: 'USD', is_enabled: v.is_enabled }))),
    };
    expect(sim.truth(aliceShop)).toEqual(expected);
    expect(expected.orders.filter((o) => SALES.includes(o.external_order_ref ?? '')).length).toBeGreaterThan(50);
  });

  it('follows added and updated orders', async () => {
    const shop = sim.shopIdsOf('alice')[1]!;
    const [added] = sim.addOrders(shop, 1, { salesOrderIds: ['5123456789012'] });
    const top = await json<Envelope<PrintifyOrder>>(await get(`/v1/shops/${shop}/orders.json?limit=1`));
    expect(top.data[0]).toEqual(added);
    expect(top.total).toBe(6);
    sim.updateOrder(shop, added!.id, { status: 'fulfilled' });
    const served = await json<PrintifyOrder>(await get(`/v1/shops/${shop}/orders/${added!.id}.json`));
    expect(served).toMatchObject({ status: 'fulfilled', fulfilled_at: '2026-03-01 12:00:00+00:00', shipments: [expect.objectContaining({ delivered_at: null })] });
    expect(sim.truth(shop).orders[0]).toMatchObject({ platform_id: added!.id, status: 'fulfilled', external_order_ref: '5123456789012' });
  });
});

describe('OAuth app', () => {
  const authorize = (extra: Record<string, string>) =>
    fetch(`${sim.authorizeUrl}?${new URLSearchParams({ app_id: 'sim-printify-app', accept_url: 'https://sluice.test/ok', decline_url: 'https://sluice.test/no', state: 'st-1', ...extra })}`, { redirect: 'manual' });
  const post = (path: string, body: Record<string, string>, asJson: boolean) =>
    fetch(`${sim.apiBaseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': asJson ? 'application/json' : 'application/x-www-form-urlencoded', 'user-agent': 't' },
      body: asJson ? JSON.stringify(body) : new URLSearchParams(body),
    });

  it('consents with a code, exchanges it (JSON) for tokens that work, and refreshes them (form), once', async () => {
    const consent = await authorize({ sim_account: 'bob' });
    expect(consent.status).toBe(302);
    const accepted = new URL(consent.headers.get('location')!);
    expect([accepted.origin + accepted.pathname, accepted.searchParams.get('state')]).toEqual(['https://sluice.test/ok', 'st-1']);
    const exchanged = await post('/v1/app/oauth/tokens', { app_id: 'sim-printify-app', code: accepted.searchParams.get('code')! }, true);
    expect(exchanged.status).toBe(200);
    const tokens = await json<{ access_token: string; refresh_token: string; expire_at: string }>(exchanged);
    expect(tokens.expire_at).toBe('2026-03-01 18:00:00+00:00');
    expect(await json(await get('/v1/shops.json', tokens.access_token))).toEqual([expect.objectContaining({ title: 'Bob' })]);
    const refreshed = await post('/v1/app/oauth/tokens/refresh', { app_id: 'sim-printify-app', refresh_token: tokens.refresh_token }, false);
    const renewed = await json<{ access_token: string; refresh_token: string }>(refreshed);
    expect(renewed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await get('/v1/shops.json', renewed.access_token)).status).toBe(200);
    const reused = await post('/v1/app/oauth/tokens/refresh', { app_id: 'sim-printify-app', refresh_token: tokens.refresh_token }, false);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('redirects a decline to decline_url with the error', async () => {
    const declined = new URL((await authorize({ sim_decline: '1' })).headers.get('location')!);
    expect([declined.pathname, declined.searchParams.get('error'), declined.searchParams.get('state')]).toEqual(['/no', 'access_denied', 'st-1']);
  });

  it('ends every token of an account on revokeToken', async () => {
    const revoking = await startPrintifySimulator({ now: () => NOW, accounts: ACCOUNTS });
    try {
      const pat = revoking.accountToken('bob');
      const tokens = await json<{ access_token: string; refresh_token: string }>(
        await fetch(`${revoking.apiBaseUrl}/v1/app/oauth/tokens`, { method: 'POST', body: new URLSearchParams({ app_id: 'sim-printify-app', code: revoking.issueCode('bob') }) }),
      );
      revoking.revokeToken('bob');
      for (const token of [pat, tokens.access_token]) {
        const response = await fetch(`${revoking.apiBaseUrl}/v1/shops.json`, { headers: { authorization: `Bearer ${token}`, 'user-agent': 't' } });
        expect(response.status).toBe(401);
      }
      const refresh = await fetch(`${revoking.apiBaseUrl}/v1/app/oauth/tokens/refresh`, { method: 'POST', body: new URLSearchParams({ app_id: 'sim-printify-app', refresh_token: tokens.refresh_token }) });
      expect(refresh.status).toBe(400);
      expect(revoking.accountToken('bob')).not.toBe(pat);
    } finally {
      await revoking.close();
    }
  });
});

describe('limits, faults and stats', () => {
  it('allows ratePerMinute requests per account in any sliding minute, then 429 with a body and Retry-After', async () => {
    const limited = await startPrintifySimulator({ now: () => NOW, accounts: ACCOUNTS, ratePerMinute: 4 });
    try {
      const call = (token: string) => fetch(`${limited.apiBaseUrl}/v1/shops.json`, { headers: { authorization: `Bearer ${token}`, 'user-agent': 't' } });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await call('alice-pat')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      const refused = await call('alice-pat');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
      expect(refused.headers.get('x-ratelimit-remaining')).toBeNull();
      expect(await refused.json()).toEqual({ status: 'error', code: 429, message: 'Too Many Attempts.' });
      expect((await call(limited.accountToken('bob'))).status).toBe(200); // per account
      const stats = limited.stats();
      expect(stats.rateLimited).toBe(3);
      expect(stats.maxPerMinute).toBe(8);
      expect(stats.maxPerMinuteByAccount).toEqual({ alice: 7, bob: 1 });
      expect(stats.endpoints['shops.list'].byStatus).toEqual({ 200: 5, 429: 3 });
      expect(stats.endpoints['shops.list'].byKey['alice']).toEqual({ total: 7, byStatus: { 200: 4, 429: 3 } });
      limited.resetStats();
      expect(limited.stats()).toMatchObject({ maxPerMinute: 0, rateLimited: 0, maxPerMinuteByAccount: {} });
    } finally {
      await limited.close();
    }
  });

  it('leaves Retry-After out when told to', async () => {
    const bare = await startPrintifySimulator({ now: () => NOW, accounts: ACCOUNTS, ratePerMinute: 1, retryAfterOn429: false });
    try {
      const call = () => fetch(`${bare.apiBaseUrl}/v1/shops.json`, { headers: { authorization: 'Bearer alice-pat', 'user-agent': 't' } });
      await call();
      const refused = await call();
      expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, null]);
    } finally {
      await bare.close();
    }
  });

  it("answers injected faults in Printify's envelopes, in order, then normally", async () => {
    sim.injectFaults([
      { api: 'api', kind: 'serverError', status: 503 },
      { api: 'api', kind: 'rateLimited', retryAfterSeconds: 7 },
      { api: 'oauth', kind: 'badRequest' },
    ]);
    const unavailable = await get('/v1/shops.json');
    expect([unavailable.status, await unavailable.json()]).toEqual([503, { status: 'error', code: 503, message: 'Service Unavailable' }]);
    const limited = await get('/v1/shops.json');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await get('/v1/shops.json')).status).toBe(200);
    const oauth = await fetch(`${sim.apiBaseUrl}/v1/app/oauth/tokens`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect([oauth.status, ((await oauth.json()) as { error: string }).error]).toEqual([400, 'invalid_request']);
  });

  it('drops the socket on an injected timeout that says so', async () => {
    sim.injectFaults([{ api: 'api', kind: 'timeout', timeoutMs: 10, destroySocket: true }]);
    await expect(get('/v1/shops.json')).rejects.toThrow();
  });
});

describe('control routes', () => {
  it('serve the in-process methods over HTTP', async () => {
    const control = (path: string, method = 'GET') => fetch(`${sim.baseUrl}/__control/${path}`, { method });
    expect(await json(await control('shop-ids?name=alice'))).toEqual({ shop_ids: sim.shopIdsOf('alice') });
    expect(await json(await control('account-token?name=alice'))).toEqual({ token: 'alice-pat' });
    const truth = await json<PrintifyTruth>(await control(`truth?shop_id=${aliceShop}`));
    expect(truth).toEqual(sim.truth(aliceShop));
    const { orders } = await json<{ orders: PrintifyOrder[] }>(await control(`add-orders?shop_id=${aliceShop}&count=2&sales_order_ids=${SALES[0]},${SALES[1]}`, 'POST'));
    expect(orders.map((o) => String(o.metadata.shop_order_id))).toEqual([SALES[0], SALES[1]]);
    const { order } = await json<{ order: PrintifyOrder }>(await control(`update-order?shop_id=${aliceShop}&order_id=${orders[0]!.id}&status=canceled`, 'POST'));
    expect(order.status).toBe('canceled');
    const { code } = await json<{ code: string }>(await control('issue-code?name=bob', 'POST'));
    expect(code).toBeTruthy();
    expect((await control('truth?shop_id=1')).status).toBe(400);
    expect(await json(await control('stats'))).toMatchObject({ endpoints: { 'orders.list': expect.any(Object) } });
  });
});
