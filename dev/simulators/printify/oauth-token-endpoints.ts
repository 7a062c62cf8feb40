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

/** The app_id check both endpoints make first; null when it is the app's. */
function appProblem(params: URLSearchParams, appId: string): SimResponse | null {
  const given = params.get('app_id');
  if (!given) return oauthError('invalid_request', 'The app_id parameter is required.');
  return given === appId ? null : oauthError('invalid_client', 'The app_id is not a registered app.');
}

export function exchangeCode(params: URLSearchParams, store: PrintifyTokens, appId: string): SimResponse {
  const problem = appProblem(params, appId);
  if (problem) return problem;
  const code = params.get('code');
  if (!code) return oauthError('invalid_request', 'The code parameter is required.');
  const pair = store.exchangeCode(code);
  return pair ? tokens(pair) : oauthError('invalid_grant', 'The authorization code is invalid, expired or already used.');
}

export function refreshTokens(params: URLSearchParams, store: PrintifyTokens, appId: string): SimResponse {
  const problem = appProblem(params, appId);
  if (problem) return problem;
  const refreshToken = params.get('refresh_token');
  if (!refreshToken) return oauthError('invalid_request', 'The refresh_token parameter is required.');
  const pair = store.refresh(refreshToken);
  return pair ? tokens(pair) : oauthError('invalid_grant', 'The refresh token is invalid, revoked or already used.');
}
