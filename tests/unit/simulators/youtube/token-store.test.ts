import { describe, expect, it } from '@jest/globals';
import { channelIdFor } from '../../../../dev/simulators/youtube/synthetic-data.js';
import { DEFAULT_SCOPE, TokenStore, typedCodeChannelName } from '../../../../dev/simulators/youtube/token-store.js';

function storeAt(clock: { now: number }): TokenStore {
  return new TokenStore({ accessTokenTtlSeconds: 60, channelIdFor, now: () => clock.now });
}

describe('TokenStore', () => {
  it('exchanges an issued code once, for an access and a refresh token', () => {
    const store = storeAt({ now: 0 });
    const code = store.issueCode('UC1', 'scope-a');
    const grant = store.exchangeCode(code);
    expect(grant).toMatchObject({ channelId: 'UC1', expiresInSeconds: 60, scope: 'scope-a', refreshToken: expect.stringMatching(/^1\/\//) });
    expect(grant?.accessToken).toMatch(/^ya29\./);
    expect(store.exchangeCode(code)).toBeNull();
    expect(store.exchangeCode('4/unknown')).toBeNull();
  });

  it('accepts typed sim-code-<channel>[.<anything>] codes once each', () => {
    expect(typedCodeChannelName('sim-code-Alice')).toBe('Alice');
    expect(typedCodeChannelName('sim-code-Alice.2')).toBe('Alice');
    expect(typedCodeChannelName('sim-code-')).toBeNull();
    expect(typedCodeChannelName('code-Alice')).toBeNull();
    const store = storeAt({ now: 0 });
    expect(store.exchangeCode('sim-code-Alice.1')).toMatchObject({ channelId: channelIdFor('Alice'), scope: DEFAULT_SCOPE });
    expect(store.exchangeCode('sim-code-Alice.1')).toBeNull();
    expect(store.exchangeCode('sim-code-Alice.2')).not.toBeNull();
  });

  it('expires access tokens after the TTL or on demand', () => {
    const clock = { now: 1_000 };
    const store = storeAt(clock);
    const first = store.exchangeCode(store.issueCode('UC1'));
    expect(store.channelForAccessToken(first?.accessToken ?? '')).toBe('UC1');
    clock.now += 60_000;
    expect(store.channelForAccessToken(first?.accessToken ?? '')).toBeNull();
    const second = store.refresh(first?.refreshToken ?? '');
    expect(store.channelForAccessToken(second?.accessToken ?? '')).toBe('UC1');
    store.expireAccessTokens('UC1');
    expect(store.channelForAccessToken(second?.accessToken ?? '')).toBeNull();
    expect(store.channelForAccessToken('ya29.unknown')).toBeNull();
  });

  it('refreshes without issuing a new refresh token, until revoked', () => {
    const store = storeAt({ now: 0 });
    const grant = store.exchangeCode(store.issueCode('UC1'));
    const refreshed = store.refresh(grant?.refreshToken ?? '');
    expect(refreshed).not.toBeNull();
    expect(refreshed).not.toHaveProperty('refreshToken');
    store.revokeRefreshTokens('UC2');
    expect(store.refresh(grant?.refreshToken ?? '')).not.toBeNull();
    store.revokeRefreshTokens('UC1');
    expect(store.refresh(grant?.refreshToken ?? '')).toBeNull();
  });
});

describe('refresh tokens follow Google: first consent, prompt=consent, or after revocation', () => {
  const store = new TokenStore({ accessTokenTtlSeconds: 3600, channelIdFor: (name) => `UC_${name}` });

  it('returns a refresh token on the first grant only, unless consent is forced or the grant was revoked', () => {
    expect(store.exchangeCode('sim-code-zed')?.refreshToken).toEqual(expect.any(String));
    expect(store.exchangeCode('sim-code-zed.again')?.refreshToken).toBeUndefined();
    expect(store.exchangeCode('sim-code-zed.consent')?.refreshToken).toEqual(expect.any(String));
    expect(store.exchangeCode(store.issueCode('UC_zed', undefined, false))?.refreshToken).toBeUndefined();
    store.revokeRefreshTokens('UC_zed');
    expect(store.exchangeCode('sim-code-zed.after-revoke')?.refreshToken).toEqual(expect.any(String));
  });
});
