import { describe, expect, it } from '@jest/globals';
import { s256Challenge } from '../../../../dev/simulators/_shared/pkce.js';
import { consentPage, parseConsentRequest } from '../../../../dev/simulators/etsy/consent-page.js';
import { tokenEndpoint } from '../../../../dev/simulators/etsy/oauth-token-endpoint.js';
import { EtsyTokenStore } from '../../../../dev/simulators/etsy/token-store.js';

const VERIFIER = 'a-verifier-of-at-least-forty-three-characters-1234';
const CHALLENGE = s256Challenge(VERIFIER);
const consent = (overrides: Record<string, string | null> = {}) => {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: 'key',
    redirect_uri: 'https://app.example/cb',
    scope: 'transactions_r listings_r',
    state: 's1',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
  });
  for (const [name, value] of Object.entries(overrides)) value === null ? params.delete(name) : params.set(name, value);
  return params;
};

describe('consent page', () => {
  it('redirects with a code and the state', () => {
    const response = consentPage(consent({ sim_shop: 'Beta' }), 'key', (request) => `code-for-${request.shopName}-${request.scopes.join('+')}`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers!['location']!);
    expect(`${location.origin}${location.pathname}`).toBe('https://app.example/cb');
    expect(Object.fromEntries(location.searchParams)).toEqual({ code: 'code-for-Beta-transactions_r+listings_r', state: 's1' });
  });

  it.each([
    [{ code_challenge: null }, /code_challenge/],
    [{ code_challenge_method: 'plain' }, /S256/],
    [{ code_challenge_method: null }, /S256/],
    [{ code_challenge: 'short' }, /code_challenge/],
    [{ client_id: 'other' }, /client_id/],
    [{ response_type: 'token' }, /response_type/],
    [{ redirect_uri: 'not a url' }, /redirect_uri/],
    [{ state: null }, /state/],
    [{ scope: '' }, /scope/],
  ])('refuses %j with 400', (overrides, description) => {
    const parsed = parseConsentRequest(consent(overrides), 'key');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.response.status).toBe(400);
      expect(parsed.response.body).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(description) });
    }
  });

  it('refuses an unknown shop', () => {
    expect(consentPage(consent({ sim_shop: 'Nope' }), 'key', () => null)).toMatchObject({ status: 400 });
  });
});

describe('token endpoint', () => {
  const clock = { now: 0 };
  const store = new EtsyTokenStore({ accessTokenTtlSeconds: 3600, now: () => clock.now });
  const issue = () => store.issueCode({ account: '123', scope: 'transactions_r', clientId: 'key', redirectUri: 'https://app.example/cb', codeChallenge: CHALLENGE });
  const exchange = (code: string, overrides: Record<string, string> = {}) =>
    tokenEndpoint(new URLSearchParams({ grant_type: 'authorization_code', client_id: 'key', redirect_uri: 'https://app.example/cb', code, code_verifier: VERIFIER, ...overrides }), store, 'key');

  it('exchanges a code once, with the verifier of its challenge, for {user_id}.{random} tokens', () => {
    const code = issue();
    const response = exchange(code);
    expect(response.status).toBe(200);
    const body = response.body as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.stringMatching(/^123\./), token_type: 'Bearer', expires_in: 3600, refresh_token: expect.stringMatching(/^123\./) });
    expect(store.accessGrant(body['access_token'] as string)).toEqual({ account: '123', scope: 'transactions_r' });
    expect(exchange(code)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a wrong verifier, redirect_uri or client, and a missing verifier', () => {
    expect(exchange(issue(), { code_verifier: `${VERIFIER}x` })).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: expect.stringMatching(/code_verifier/) } });
    expect(exchange(issue(), { redirect_uri: 'https://app.example/other' })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(exchange(issue(), { client_id: 'other' })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(exchange(issue(), { code_verifier: '' })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('rotates refresh tokens: the old one fails after use, the new one works', () => {
    const first = (exchange(issue()).body as { refresh_token: string }).refresh_token;
    const refresh = (token: string) => tokenEndpoint(new URLSearchParams({ grant_type: 'refresh_token', client_id: 'key', refresh_token: token }), store, 'key');
    const rotated = refresh(first);
    expect(rotated.status).toBe(200);
    const second = (rotated.body as { refresh_token: string }).refresh_token;
    expect(second).not.toBe(first);
    expect(refresh(first)).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: expect.any(String) } });
    expect(refresh(second).status).toBe(200);
  });

  it('expires access tokens after the TTL', () => {
    const access = (exchange(issue()).body as { access_token: string }).access_token;
    clock.now += 3_600_000;
    expect(store.accessGrant(access)).toBeNull();
  });

  it('names an unknown grant type', () => {
    expect(tokenEndpoint(new URLSearchParams({ grant_type: 'password', client_id: 'key' }), store, 'key')).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });
});
