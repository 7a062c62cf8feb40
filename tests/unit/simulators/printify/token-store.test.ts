import { describe, expect, it } from '@jest/globals';
import { PrintifyTokens } from '../../../../dev/simulators/printify/token-store.js';

const tokensAt = (clock: { now: number }) => new PrintifyTokens({ accessTokenTtlSeconds: 21_600, now: () => clock.now });

describe('PrintifyTokens', () => {
  it("keeps one personal token per account, the preset one first, valid for a year, and a new one after a revoke", () => {
    const clock = { now: 0 };
    const tokens = tokensAt(clock);
    expect(tokens.personalToken('a', 'preset-a')).toBe('preset-a');
    expect(tokens.personalToken('a')).toBe('preset-a');
    const b = tokens.personalToken('b');
    expect(b).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(b.length).toBeGreaterThan(500);
    expect([tokens.accountFor('preset-a'), tokens.accountFor(b), tokens.accountFor('nope')]).toEqual(['a', 'b', null]);
    tokens.revoke('a');
    expect(tokens.accountFor('preset-a')).toBeNull();
    const renewed = tokens.personalToken('a', 'preset-a');
    expect(renewed).not.toBe('preset-a');
    expect(tokens.accountFor(renewed)).toBe('a');
    clock.now = 365 * 86_400_000;
    expect(tokens.accountFor(b)).toBeNull();
  });

  it('exchanges a code once for a pair whose access token lasts 6 hours', () => {
    const clock = { now: 1_000 };
    const tokens = tokensAt(clock);
    const code = tokens.issueCode('a');
    const pair = tokens.exchangeCode(code)!;
    expect(pair.expireAtMs).toBe(1_000 + 21_600_000);
    expect(tokens.exchangeCode(code)).toBeNull();
    expect(tokens.accountFor(pair.accessToken)).toBe('a');
    clock.now = pair.expireAtMs;
    expect(tokens.accountFor(pair.accessToken)).toBeNull();
  });

  it('rotates refresh tokens: each refresh returns a new pair and uses the old refresh token up', () => {
    const tokens = tokensAt({ now: 0 });
    const first = tokens.exchangeCode(tokens.issueCode('a'))!;
    const second = tokens.refresh(first.refreshToken)!;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(tokens.accountFor(second.accessToken)).toBe('a');
    expect(tokens.refresh(first.refreshToken)).toBeNull();
    tokens.revoke('a');
    expect(tokens.refresh(second.refreshToken)).toBeNull();
    expect(tokens.accountFor(second.accessToken)).toBeNull();
  });
});
