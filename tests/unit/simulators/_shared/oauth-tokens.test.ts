import { describe, expect, it } from '@jest/globals';
import { OAuthTokens, opaqueToken, type OAuthTokensOptions } from '../../../../dev/simulators/_shared/oauth-tokens.js';

interface ShopGrant {
  account: string;
  scope: string;
}

function tokensAt(clock: { now: number }, options: Partial<OAuthTokensOptions> = {}): OAuthTokens<ShopGrant> {
  return new OAuthTokens<ShopGrant>({ accessTokenTtlSeconds: 60, now: () => clock.now, ...options });
}

describe('opaqueToken', () => {
  it('puts the prefix before a marked, unguessable value', () => {
    expect(opaqueToken('ya29.')).toMatch(/^ya29\.sim-[\w-]{32}$/);
    expect(opaqueToken()).toMatch(/^sim-[\w-]{32}$/);
    expect(opaqueToken()).not.toBe(opaqueToken());
  });
});

describe('OAuthTokens codes', () => {
  it('redeems an issued code once, for the grant it was issued with', () => {
    const tokens = tokensAt({ now: 0 });
    const code = tokens.issueCode({ account: 'shop-1', scope: 'orders' });
    expect(tokens.redeemCode(code)).toEqual({ account: 'shop-1', scope: 'orders' });
    expect(tokens.redeemCode(code)).toBeNull();
    expect(tokens.redeemCode('never-issued')).toBeNull();
  });

  it('redeems a code it did not issue when `recognise` accepts it, once', () => {
    const tokens = tokensAt({ now: 0 });
    const seen: string[] = [];
    const recognise = (code: string): ShopGrant | null => {
      seen.push(code);
      return code.startsWith('typed-') ? { account: code.slice(6), scope: 'all' } : null;
    };
    expect(tokens.redeemCode('typed-bob', recognise)).toEqual({ account: 'bob', scope: 'all' });
    expect(tokens.redeemCode('typed-bob', recognise)).toBeNull();
    expect(tokens.redeemCode('other', recognise)).toBeNull();
    expect(tokens.redeemCode('other', recognise)).toBeNull();
    expect(seen).toEqual(['typed-bob', 'other', 'other']); // a used code is refused before asking again
    expect(tokens.redeemCode('typed-bob')).toBeNull();
  });

  it('mints every value in the vendor format, told the kind and the account', () => {
    const minted: string[] = [];
    const mint = (kind: string, account: string): string => `${kind}:${account}:${minted.push(kind)}`;
    const tokens = tokensAt({ now: 0 }, { mint });
    expect(tokens.issueCode({ account: 'a', scope: '' })).toBe('code:a:1');
    expect(tokens.issueAccessToken('a').accessToken).toBe('accessToken:a:2');
    expect(tokens.issueRefreshToken({ account: 'a', scope: '' })).toBe('refreshToken:a:3');
  });
});

describe('OAuthTokens access tokens', () => {
  it('belong to their account until the TTL is over', () => {
    const clock = { now: 1_000 };
    const tokens = tokensAt(clock);
    const { accessToken, expiresInSeconds } = tokens.issueAccessToken('shop-1');
    expect(expiresInSeconds).toBe(60);
    clock.now += 59_999;
    expect(tokens.accountForAccessToken(accessToken)).toBe('shop-1');
    clock.now += 1;
    expect(tokens.accountForAccessToken(accessToken)).toBeNull();
    expect(tokens.accountForAccessToken('unknown')).toBeNull();
  });

  it("expire on demand, only the account's own", () => {
    const tokens = tokensAt({ now: 0 });
    const mine = tokens.issueAccessToken('shop-1').accessToken;
    const theirs = tokens.issueAccessToken('shop-2').accessToken;
    tokens.expireAccessTokens('shop-1');
    expect(tokens.accountForAccessToken(mine)).toBeNull();
    expect(tokens.accountForAccessToken(theirs)).toBe('shop-2');
  });
});

describe('OAuthTokens refresh tokens', () => {
  it('give back their grant until revoked, per account', () => {
    const tokens = tokensAt({ now: 0 });
    const mine = tokens.issueRefreshToken({ account: 'shop-1', scope: 'orders' });
    const theirs = tokens.issueRefreshToken({ account: 'shop-2', scope: 'orders' });
    expect(tokens.hasLiveRefreshToken('shop-1')).toBe(true);
    expect(tokens.hasLiveRefreshToken('shop-3')).toBe(false);
    tokens.revokeRefreshTokens('shop-1');
    expect(tokens.refreshGrant(mine)).toBeNull();
    expect(tokens.hasLiveRefreshToken('shop-1')).toBe(false);
    expect(tokens.refreshGrant(theirs)).toEqual({ account: 'shop-2', scope: 'orders' });
    expect(tokens.refreshGrant('unknown')).toBeNull();
  });

  it('never expire without a refresh TTL, and expire after one when it is set', () => {
    const clock = { now: 0 };
    const untilRevoked = tokensAt(clock);
    const lasting = untilRevoked.issueRefreshToken({ account: 'a', scope: '' });
    const ninetyDays = tokensAt(clock, { refreshTokenTtlSeconds: 90 * 86_400 });
    const expiring = ninetyDays.issueRefreshToken({ account: 'a', scope: '' });
    clock.now = 90 * 86_400_000 - 1;
    expect(ninetyDays.refreshGrant(expiring)).not.toBeNull();
    clock.now += 1;
    expect(ninetyDays.refreshGrant(expiring)).toBeNull();
    expect(ninetyDays.hasLiveRefreshToken('a')).toBe(false);
    clock.now = 10 * 365 * 86_400_000;
    expect(untilRevoked.refreshGrant(lasting)).not.toBeNull();
    expect(untilRevoked.hasLiveRefreshToken('a')).toBe(true);
  });
});

describe('OAuthTokens scopes and rotation', () => {
  it('keeps the scopes an access token was issued with, until it expires', () => {
    const clock = { now: 0 };
    const tokens = tokensAt(clock);
    const { accessToken } = tokens.issueAccessToken('a', 'transactions_r shops_r');
    expect(tokens.accessGrant(accessToken)).toEqual({ account: 'a', scope: 'transactions_r shops_r' });
    expect(tokens.accessGrant(tokens.issueAccessToken('b').accessToken)).toEqual({ account: 'b', scope: '' });
    clock.now = 60_000;
    expect(tokens.accessGrant(accessToken)).toBeNull();
  });

  it('consumes a refresh token once: the grant the first time, null after, and the others stay live', () => {
    const tokens = tokensAt({ now: 0 });
    const first = tokens.issueRefreshToken({ account: 'a', scope: 's' });
    const second = tokens.issueRefreshToken({ account: 'a', scope: 's' });
    expect(tokens.consumeRefreshToken(first)).toEqual({ account: 'a', scope: 's' });
    expect(tokens.consumeRefreshToken(first)).toBeNull();
    expect(tokens.refreshGrant(first)).toBeNull();
    expect(tokens.refreshGrant(second)).toEqual({ account: 'a', scope: 's' });
    tokens.revokeRefreshTokens('a');
    expect(tokens.consumeRefreshToken(second)).toBeNull();
    expect(tokens.consumeRefreshToken('unknown')).toBeNull();
  });
});
