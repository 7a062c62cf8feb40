/**
 * Etsy's token endpoint (POST https://api.etsy.com/v3/public/oauth/token, form-encoded,
 * https://developers.etsy.com/documentation/essentials/authentication#step-3-request-an-access-token):
 * `authorization_code` with client_id, redirect_uri, code and code_verifier (PKCE S256), and
 * `refresh_token` with client_id and refresh_token. Answers `{ access_token, token_type, expires_in,
 * refresh_token }`; errors are RFC 6749 §5.2 `{ error, error_description }`, a bad grant 400
 * invalid_grant.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { oauthErrorResponse } from '../_shared/oauth-token-endpoint.js';
import { verifierMatchesChallenge } from '../_shared/pkce.js';
import type { EtsyTokenGrant, EtsyTokenStore } from './token-store.js';

export const oauthError = (status: number, error: string, description: string): SimResponse => oauthErrorResponse(status, error, description);

function tokenResponse({ accessToken, refreshToken, expiresInSeconds }: EtsyTokenGrant): SimResponse {
  return { status: 200, body: { access_token: accessToken, token_type: 'Bearer', expires_in: expiresInSeconds, refresh_token: refreshToken } };
}

export function tokenEndpoint(form: URLSearchParams, store: EtsyTokenStore, clientId: string): SimResponse {
  const value = (name: string) => form.get(name) ?? '';
  const missing = (name: string) => oauthError(400, 'invalid_request', `Missing required parameter: ${name}`);
  if (!value('client_id')) return missing('client_id');
  if (value('client_id') !== clientId) return oauthError(401, 'invalid_client', 'client_id is not a known app keystring');
  const grantType = value('grant_type');
  if (grantType === 'authorization_code') {
    for (const name of ['redirect_uri', 'code', 'code_verifier']) if (!value(name)) return missing(name);
    const grant = store.redeemCode(value('code'));
    if (!grant || grant.clientId !== value('client_id')) return oauthError(400, 'invalid_grant', 'code is invalid, expired or already used');
    if (grant.redirectUri !== value('redirect_uri')) return oauthError(400, 'invalid_grant', 'redirect_uri does not match the one the code was issued for');
    if (!verifierMatchesChallenge(value('code_verifier'), grant.codeChallenge)) return oauthError(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
    return tokenResponse(store.grant(grant));
  }
  if (grantType === 'refresh_token') {
    if (!value('refresh_token')) return missing('refresh_token');
    const grant = store.refresh(value('refresh_token'));
    return grant ? tokenResponse(grant) : oauthError(400, 'invalid_grant', 'refresh_token is invalid, expired, revoked or already used');
  }
  if (!grantType) return missing('grant_type');
  return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
}
