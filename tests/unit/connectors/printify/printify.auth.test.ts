import { describe, expect, it } from '@jest/globals';
import { identifyShop, printifyAuth } from '../../../../lib/connectors/printify/printify.auth.js';
import type { PrintifyClient } from '../../../../lib/connectors/printify/printify.client.js';
import { AccountChoiceRequiredError, ValidationError } from '../../../../lib/errors.js';
import { fixture } from './fixtures.js';

function fakeClient(overrides: Partial<PrintifyClient> = {}) {
  const calls: string[] = [];
  const client = {
    exchangeCode: async (code: string) => (calls.push(`exchange ${code}`), { accessToken: 'oauth-acc', refreshToken: 'oauth-ref', expiresAt: new Date('2026-11-29T18:00:00Z'), scopes: '' }),
    checkPersonalToken: async (token: string) => (calls.push(`check ${token}`), fixture('shops.json')),
    listShops: async (token: string) => (calls.push(`shops ${token}`), fixture('shops.json')),
    refreshAccessToken: async (token: string) => (calls.push(`refresh ${token}`), { accessToken: 'a2', refreshToken: 'r2', expiresAt: null, scopes: '' }),
    authorizeUrl: (state: string) => `https://printify.example/authorize?state=${state}`,
    ...overrides,
  } as unknown as PrintifyClient;
  return { client, calls };
}

describe('printify auth', () => {
  it('a code goes through the OAuth app', async () => {
    const { client, calls } = fakeClient();
    expect(await printifyAuth.exchange(client, { code: 'c1' })).toMatchObject({ accessToken: 'oauth-acc', refreshToken: 'oauth-ref' });
    expect(calls).toEqual(['exchange c1']);
  });

  it('a personal token is kept without refresh token or expiry, and checked once, by the identify that lists its shops', async () => {
    const { client, calls } = fakeClient();
    const input = { accessToken: 'pat', shopId: '5432' };
    const tokens = await printifyAuth.exchange(client, input);
    expect(tokens).toEqual({ accessToken: 'pat', refreshToken: undefined, expiresAt: null, scopes: '' });
    expect(await identifyShop(client, tokens, input)).toMatchObject({ accountId: '5432' });
    // One shops.json for both: the check is that list (its refusal names access_token); a second would spend a request of the account's 600/min for nothing.
    expect(calls).toEqual(['check pat']);
  });

  it('a personal token Printify refuses is refused, naming access_token', async () => {
    const refusal = new ValidationError('access_token: refused', [{ path: 'access_token', message: 'refused' }]);
    const { client } = fakeClient({ checkPersonalToken: async () => Promise.reject(refusal) });
    const input = { accessToken: 'bad' };
    await expect(identifyShop(client, await printifyAuth.exchange(client, input), input)).rejects.toBe(refusal);
  });

  it('tokens of the OAuth app (a code, or a repeat naming a shop) list the shops without the personal token\'s check', async () => {
    const { client, calls } = fakeClient();
    const tokens = await printifyAuth.exchange(client, { code: 'c1' });
    await identifyShop(client, tokens, { shopId: '5432' });
    expect(calls).toEqual(['exchange c1', 'shops oauth-acc']);
  });

  it('needs no refresh token from a new connection, and no PKCE', () => {
    expect(printifyAuth.missingRefreshToken).toBeUndefined();
    expect(printifyAuth.pkce).toBe(false);
    expect(printifyAuth.kind).toBe('personal-token');
  });

  it('refreshes and builds the consent URL through the client', async () => {
    const { client, calls } = fakeClient();
    expect(await printifyAuth.refresh(client, 'r1', { accountId: '1' })).toMatchObject({ accessToken: 'a2' });
    expect(printifyAuth.authorizeUrl!(client, { state: 's1' })).toBe('https://printify.example/authorize?state=s1');
    expect(calls).toEqual(['refresh r1']);
  });

  it('identifies the shop asked for, with its sales channel; several and none named is a choice', async () => {
    const { client } = fakeClient();
    const tokens = { accessToken: 'pat', refreshToken: undefined, expiresAt: null, scopes: '' };
    expect(await identifyShop(client, tokens, { shopId: '5432' })).toEqual({ accountId: '5432', displayName: 'My new store', salesChannel: 'My Sales Channel' });
    await expect(identifyShop(client, tokens, {})).rejects.toThrow(AccountChoiceRequiredError);
    await expect(identifyShop(client, tokens, { shopId: '404' })).rejects.toThrow(/^shop_id: /);
  });
});
