import { describe, expect, it } from '@jest/globals';
import { exchangeCode, refreshTokens } from '../../../../dev/simulators/printify/oauth-token-endpoints.js';
import { PrintifyTokens } from '../../../../dev/simulators/printify/token-store.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const params = (values: Record<string, string>) => new URLSearchParams(values);

describe('token endpoints', () => {
  it("exchange a code for { access_token, refresh_token, expire_at } with expire_at a Printify time 6 hours on", () => {
    const store = new PrintifyTokens({ accessTokenTtlSeconds: 21_600, now: () => NOW });
    const response = exchangeCode(params({ app_id: 'app', code: store.issueCode('alice') }), store, 'app');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), expire_at: '2026-03-01 18:00:00+00:00' });
  });

  it('refresh into a new pair, and refuse a used refresh token with 400 invalid_grant', () => {
    const store = new PrintifyTokens({ accessTokenTtlSeconds: 21_600, now: () => NOW });
    const { refresh_token } = exchangeCode(params({ app_id: 'app', code: store.issueCode('alice') }), store, 'app').body as { refresh_token: string };
    const refreshed = refreshTokens(params({ app_id: 'app', refresh_token }), store, 'app');
    expect(refreshed.status).toBe(200);
    expect((refreshed.body as { refresh_token: string }).refresh_token).not.toBe(refresh_token);
    expect(refreshTokens(params({ app_id: 'app', refresh_token }), store, 'app')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it("answer 400 in RFC 6749's shape for a missing or wrong app_id, a missing or bad code", () => {
    const store = new PrintifyTokens({ accessTokenTtlSeconds: 21_600, now: () => NOW });
    expect(exchangeCode(params({ code: 'x' }), store, 'app')).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(exchangeCode(params({ app_id: 'other', code: 'x' }), store, 'app')).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    expect(exchangeCode(params({ app_id: 'app' }), store, 'app')).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(exchangeCode(params({ app_id: 'app', code: 'never-issued' }), store, 'app')).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: expect.any(String) } });
    expect(refreshTokens(params({ app_id: 'app' }), store, 'app')).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });
});
