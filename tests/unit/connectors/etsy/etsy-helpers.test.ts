import { describe, expect, it } from '@jest/globals';
import { etsyAuthorizeUrl } from '../../../../lib/connectors/etsy/etsy-oauth.js';
import { observationOfHeaders } from '../../../../lib/connectors/etsy/etsy-rate-headers.js';
import { windowFrom, WINDOW_SECONDS } from '../../../../lib/connectors/etsy/etsy-windows.js';
import { ConfigError } from '../../../../lib/errors.js';

describe('observationOfHeaders', () => {
  it('reads what is there, ignores what is not a count, and says nothing without rate headers', () => {
    expect(observationOfHeaders(new Headers({ 'x-remaining-today': '0' }))).toEqual({ remainingToday: { remaining: 0 } });
    expect(observationOfHeaders(new Headers({ 'x-remaining-this-second': '0', 'x-limit-per-day': '10000' }))).toEqual({ remainingThisSecond: 0 });
    expect(observationOfHeaders(new Headers({ 'x-remaining-this-second': '0', 'x-limit-per-second': '10' }))).toEqual({ remainingThisSecond: 0, limitPerSecond: 10 });
    expect(observationOfHeaders(new Headers({ 'x-remaining-today': 'n/a', 'x-remaining-this-second': '-1' }))).toBeUndefined();
    expect(observationOfHeaders(new Headers({ 'content-type': 'application/json' }))).toBeUndefined();
  });
});

describe('etsyAuthorizeUrl', () => {
  it('needs ETSY_REDIRECT_URI', () => {
    expect(() => etsyAuthorizeUrl({ authorizeUrl: 'https://www.etsy.com/oauth/connect', apiKey: 'ks', redirectUri: undefined }, { state: 's', codeChallenge: 'c' })).toThrow(ConfigError);
  });
});

describe('windowFrom', () => {
  it('is 31 days at most (Etsy’s ledger limit is max − min ≤ 2,678,400 s), clipped at the range’s end', () => {
    expect(windowFrom(1_000, 10_000_000)).toEqual({ start: 1_000, end: 1_000 + 2_678_400 - 1 });
    expect(WINDOW_SECONDS).toBe(2_678_400);
    expect(windowFrom(1_000, 5_000)).toEqual({ start: 1_000, end: 5_000 });
  });
});
