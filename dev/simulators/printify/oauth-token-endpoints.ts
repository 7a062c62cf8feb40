/**
 * Printify's OAuth token endpoints (https://developers.printify.com/#authentication):
 * POST /v1/app/oauth/tokens (`app_id`, `code`) and POST /v1/app/oauth/tokens/refresh
 * (`app_id`, `refresh_token`), each answering `{ access_token, refresh_token, expire_at }` with
 * `expire_at` a Printify time ("2020-10-14 11:26:10+00:00"), or 400 `{ error, error_description }`.
 * Parameters come as a form or as JSON (bodyParams).
 */
import type { SimResponse } from '../_shared/http-io.js';
import { oauthError } from './printify-errors.js';
import { printifyTime } from './printify-time.js';
import type { PrintifyTokens, TokenPair } from './token-store.js';

function tokens({ accessToken, refreshToken, expireAtMs }: TokenPair): SimResponse {
  return { status: 200, body: { access_token: accessToken, refresh_token: refreshToken, expire_at: printifyTime(expireAtMs) } };
}

/**
 * What both endpoints do: check `app_id`, then read the one grant parameter (`code` or
 * `refresh_token`) and redeem it for a new pair; `refused` describes a grant that is not (any more).
 */
function grantTokens(params: URLSearchParams, appId: string, grant: 'code' | 'refresh_token', redeem: (value: string) => TokenPair | null, refused: string): SimResponse {
  const given = params.get('app_id');
  if (!given) return oauthError('invalid_request', 'The app_id parameter is required.');
  if (given !== appId) return oauthError('invalid_client', 'The app_id is not a registered app.');
  const value = params.get(grant);
  if (!value) return oauthError('invalid_request', `The ${grant} parameter is required.`);
  const pair = redeem(value);
  return pair ? tokens(pair) : oauthError('invalid_grant', refused);
}

export function exchangeCode(params: URLSearchParams, store: PrintifyTokens, appId: string): SimResponse {
  return grantTokens(params, appId, 'code', (code) => store.exchangeCode(code), 'The authorization code is invalid, expired or already used.');
}

export function refreshTokens(params: URLSearchParams, store: PrintifyTokens, appId: string): SimResponse {
  return grantTokens(params, appId, 'refresh_token', (refreshToken) => store.refresh(refreshToken), 'The refresh token is invalid, revoked or already used.');
}
