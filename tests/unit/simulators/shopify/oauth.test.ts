import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startShopifySimulator, type RunningShopifySimulator } from '../../../../dev/simulators/shopify/index.js';
import { fakeClock, graphql, shopOrigin } from './shopify-client.js';

let sim: RunningShopifySimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const SHOP_QUERY = '{ shop { myshopifyDomain } }';

async function authorize(running: RunningShopifySimulator, params: Record<string, string>): Promise<Response> {
  return fetch(`${shopOrigin(running, 'sim-usd')}/admin/oauth/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' });
}

async function exchange(running: RunningShopifySimulator, body: Record<string, string>, shop = 'sim-usd'): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${shopOrigin(running, shop)}/admin/oauth/access_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Shopify simulator OAuth', () => {
  it('redirects at once with code, host, shop, state, timestamp and an hmac that verifies with the app secret', async () => {
    const clock = fakeClock();
    sim = await startShopifySimulator({ now: clock.now, apiKey: 'key-1', apiSecret: 'secret-1' });
    const response = await authorize(sim, { client_id: 'key-1', scope: 'read_orders,read_products', redirect_uri: 'https://app.example/callback', state: 'nonce-9' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://app.example/callback');
    const params = Object.fromEntries(location.searchParams);
    expect(params).toMatchObject({ shop: 'sim-usd.myshopify.com', state: 'nonce-9', timestamp: String(clock.now() / 1000) });
    expect(Buffer.from(params.host!, 'base64url').toString()).toBe('sim-usd.myshopify.com/admin');
    const { hmac, ...rest } = params;
    const message = Object.keys(rest).sort().map((k) => `${k}=${rest[k]}`).join('&');
    expect(hmac).toBe(createHmac('sha256', 'secret-1').update(message).digest('hex'));
    expect(hmac).not.toBe(createHmac('sha256', 'other').update(message).digest('hex'));

    const token = await exchange(sim, { client_id: 'key-1', client_secret: 'secret-1', code: params.code! });
    expect(token).toEqual({ status: 200, body: { access_token: expect.stringMatching(/^shpat_/), scope: 'read_orders,read_products' } });
    expect((await graphql(sim, 'sim-usd', token.body.access_token as string, SHOP_QUERY)).body.data.shop.myshopifyDomain).toBe('sim-usd.myshopify.com');
    // A code works once.
    expect(await exchange(sim, { client_id: 'key-1', client_secret: 'secret-1', code: params.code! })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('grants fewer scopes with sim_grant_scopes, refuses an unknown client_id, a wrong secret and a form-encoded unknown code', async () => {
    sim = await startShopifySimulator();
    const base = { client_id: sim.apiKey, scope: 'read_orders,read_all_orders', redirect_uri: 'https://app.example/cb', state: 's' };
    const narrowed = await authorize(sim, { ...base, sim_grant_scopes: 'read_orders' });
    const code = new URL(narrowed.headers.get('location')!).searchParams.get('code')!;
    expect((await authorize(sim, { ...base, client_id: 'nobody' })).status).toBe(400);
    expect((await exchange(sim, { client_id: sim.apiKey, client_secret: 'wrong', code })).status).toBe(400);
    const form = await fetch(`${shopOrigin(sim, 'sim-usd')}/admin/oauth/access_token`, { method: 'POST', body: new URLSearchParams({ client_id: sim.apiKey, client_secret: sim.apiSecret, code: 'made-up' }) });
    expect(form.status).toBe(400);
    expect(await exchange(sim, { client_id: sim.apiKey, client_secret: sim.apiSecret, code })).toMatchObject({ status: 200, body: { scope: 'read_orders' } });
  });

  it('answers 401 for a bad, absent or other shop token and 404 for an unknown API version', async () => {
    sim = await startShopifySimulator();
    const token = sim.issueAccessToken('sim-usd');
    const denied = { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } };
    expect(await graphql(sim, 'sim-usd', 'shpat_nonsense', SHOP_QUERY)).toEqual(denied);
    expect(await graphql(sim, 'sim-jpy', token, SHOP_QUERY)).toEqual(denied);
    expect((await graphql(sim, 'sim-usd', token, SHOP_QUERY, {}, '2019-04')).status).toBe(404);
    sim.revokeTokens('sim-usd');
    expect(await graphql(sim, 'sim-usd', token, SHOP_QUERY)).toEqual(denied);
  });

  it('with expiring tokens, answers expires_in and a refresh token that rotates, and refuses a revoked one', async () => {
    const clock = fakeClock();
    sim = await startShopifySimulator({ now: clock.now, expiringTokens: true });
    const { code } = sim.issueCode('sim-usd', { redirectUri: 'https://app.example/cb' });
    const creds = { client_id: sim.apiKey, client_secret: sim.apiSecret };
    const first = await exchange(sim, { ...creds, code });
    expect(first.body).toMatchObject({ expires_in: 3600, refresh_token: expect.stringMatching(/^shprt_/), refresh_token_expires_in: 7_776_000 });
    clock.advance(3601_000);
    expect((await graphql(sim, 'sim-usd', first.body.access_token as string, SHOP_QUERY)).status).toBe(401);
    const refreshed = await exchange(sim, { ...creds, grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    expect((await graphql(sim, 'sim-usd', refreshed.body.access_token as string, SHOP_QUERY)).status).toBe(200);
    expect((await exchange(sim, { ...creds, grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string })).body.error).toBe('invalid_grant');
    sim.revokeTokens('sim-usd');
    expect((await exchange(sim, { ...creds, grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token as string })).body.error).toBe('invalid_grant');
  });
});
