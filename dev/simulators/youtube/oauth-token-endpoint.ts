/**
 * Google's OAuth 2.0 token endpoint (POST https://oauth2.googleapis.com/token):
 * https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code
 * https://developers.google.com/identity/protocols/oauth2/web-server#offline (refreshing)
 * Errors are `{ error, error_description }` (RFC 6749 §5.2) with Google's descriptions.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { clientCredentials, oauthErrorResponse } from '../_shared/oauth-token-endpoint.js';
import type { TokenGrant, TokenStore } from './token-store.js';

export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
}

/** Google marks token responses uncacheable. */
const NO_STORE = { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate', pragma: 'no-cache' };

export const oauthError = (status: number, error: string, description: string): SimResponse =>
  oauthErrorResponse(status, error, description, NO_STORE);

function tokenResponse({ accessToken, expiresInSeconds, refreshToken, scope }: TokenGrant): SimResponse {
  const refresh = refreshToken ? { refresh_token: refreshToken } : {};
  const body = { access_token: accessToken, expires_in: expiresInSeconds, ...refresh, scope, token_type: 'Bearer' };
  return { status: 200, body, headers: NO_STORE };
}

/** `form` is the form-encoded body; `authorization` the header, for client_secret_basic. */
export function tokenEndpoint(
  form: URLSearchParams,
  authorization: string | undefined,
  store: TokenStore,
  expected: ClientCredentials,
): SimResponse {
  const client = clientCredentials(form, authorization);
  if (expected.clientId !== undefined) {
    if (!client.id) return oauthError(400, 'invalid_request', 'Could not determine client ID from request.');
    if (client.id !== expected.clientId) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    if (expected.clientSecret !== undefined && client.secret !== expected.clientSecret) {
      return oauthError(401, 'invalid_client', 'Unauthorized');
    }
  }
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') {
    const code = form.get('code');
    if (!code) return oauthError(400, 'invalid_request', 'Missing required parameter: code');
    const grant = store.exchangeCode(code);
    return grant ? tokenResponse(grant) : oauthError(400, 'invalid_grant', 'Bad Request');
  }
  if (grantType === 'refresh_token') {
    const refreshToken = form.get('refresh_token');
    if (!refreshToken) return oauthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
    const grant = store.refresh(refreshToken);
    return grant ? tokenResponse(grant) : oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
  }
  if (!grantType) return oauthError(400, 'invalid_request', 'Missing required parameter: grant_type');
  return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
}
