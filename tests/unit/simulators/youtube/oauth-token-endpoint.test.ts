import { describe, expect, it } from '@jest/globals';
import { tokenEndpoint } from '../../../../dev/simulators/youtube/oauth-token-endpoint.js';
import { channelIdFor } from '../../../../dev/simulators/youtube/synthetic-data.js';
import { TokenStore } from '../../../../dev/simulators/youtube/token-store.js';

const CLIENT = { clientId: 'id-1', clientSecret: 'secret-1' };
/** The same credentials as the form fields google-auth-library posts (client_secret_post). */
const CREDENTIALS = { client_id: 'id-1', client_secret: 'secret-1' };
const newStore = (): TokenStore => new TokenStore({ accessTokenTtlSeconds: 3600, channelIdFor });

function post(store: TokenStore, form: Record<string, string>, authorization?: string): { status: number; body: Record<string, unknown> } {
  const response = tokenEndpoint(new URLSearchParams(form), authorization, store, CLIENT);
  return { status: response.status, body: response.body as Record<string, unknown> };
}

describe('tokenEndpoint', () => {
  it('answers a code exchange as Google does', () => {
    const store = newStore();
    const { status, body } = post(store, { ...CREDENTIALS, grant_type: 'authorization_code', code: store.issueCode('UC1') });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type']);
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });

    const refreshed = post(store, { ...CREDENTIALS, grant_type: 'refresh_token', refresh_token: String(body['refresh_token']) });
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body)).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
  });

  it('accepts client_secret_basic credentials', () => {
    const basic = `Basic ${Buffer.from('id-1:secret-1').toString('base64')}`;
    expect(post(newStore(), { grant_type: 'authorization_code', code: 'sim-code-A' }, basic).status).toBe(200);
  });

  it("sends Google's errors", () => {
    const store = newStore();
    const cases: [Record<string, string>, number, string, string][] = [
      [{ ...CREDENTIALS, client_secret: 'nope', grant_type: 'authorization_code', code: 'sim-code-A' }, 401, 'invalid_client', 'Unauthorized'],
      [{ ...CREDENTIALS, client_id: 'other', grant_type: 'authorization_code', code: 'sim-code-A' }, 401, 'invalid_client', 'The OAuth client was not found.'],
      [{ grant_type: 'authorization_code', code: 'sim-code-A' }, 400, 'invalid_request', 'Could not determine client ID from request.'],
      [{ ...CREDENTIALS, grant_type: 'authorization_code', code: '4/unknown' }, 400, 'invalid_grant', 'Bad Request'],
      [{ ...CREDENTIALS, grant_type: 'authorization_code' }, 400, 'invalid_request', 'Missing required parameter: code'],
      [{ ...CREDENTIALS, grant_type: 'refresh_token', refresh_token: '1//unknown' }, 400, 'invalid_grant', 'Token has been expired or revoked.'],
      [{ ...CREDENTIALS, grant_type: 'password' }, 400, 'unsupported_grant_type', 'Invalid grant_type: password'],
    ];
    for (const [form, status, error, description] of cases) {
      expect(post(store, form)).toEqual({ status, body: { error, error_description: description } });
    }
  });
});
