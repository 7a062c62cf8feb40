import { describe, expect, it } from '@jest/globals';
import { clientCredentials, oauthErrorResponse } from '../../../../dev/simulators/_shared/oauth-token-endpoint.js';

const basic = (credentials: string): string => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('clientCredentials', () => {
  it('reads client_secret_post form fields, either of them possibly missing', () => {
    expect(clientCredentials(new URLSearchParams({ client_id: 'id', client_secret: 's' }), undefined)).toEqual({ id: 'id', secret: 's' });
    expect(clientCredentials(new URLSearchParams({ client_id: 'public-client' }), undefined)).toEqual({ id: 'public-client', secret: null });
    expect(clientCredentials(new URLSearchParams(), 'Bearer x')).toEqual({ id: null, secret: null });
  });

  it('prefers an HTTP Basic header, its parts form-urlencoded (RFC 6749 §2.3.1)', () => {
    const form = new URLSearchParams({ client_id: 'form-id', client_secret: 'form-secret' });
    expect(clientCredentials(form, basic('id%3A1:s%25'))).toEqual({ id: 'id:1', secret: 's%' });
    expect(clientCredentials(form, `basic   ${Buffer.from('id:').toString('base64')}`)).toEqual({ id: 'id', secret: '' });
  });
});

describe('oauthErrorResponse', () => {
  it('answers the RFC 6749 §5.2 body with the headers given', () => {
    expect(oauthErrorResponse(400, 'invalid_grant', 'Bad Request', { 'cache-control': 'no-store' })).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Bad Request' },
      headers: { 'cache-control': 'no-store' },
    });
    expect(oauthErrorResponse(401, 'invalid_client', 'Unauthorized').headers).toEqual({});
  });
});
