/**
 * Stand-in for Etsy's consent page (GET https://www.etsy.com/oauth/connect,
 * https://developers.etsy.com/documentation/essentials/authentication#step-1-request-an-authorization-code):
 * checks the request as Etsy does (response_type=code, the app's client_id, a redirect_uri, scope,
 * state, and PKCE with S256, which Etsy makes mandatory), consents at once as the owner of the shop
 * `sim_shop=NAME` names (default: the first shop), and redirects to `redirect_uri?code=…&state=…`.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { oauthErrorResponse } from '../_shared/oauth-token-endpoint.js';
import { isS256Challenge } from '../_shared/pkce.js';

export interface ConsentRequest {
  shopName: string | null;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string;
}

const invalidRequest = (description: string): SimResponse => oauthErrorResponse(400, 'invalid_request', description);

/** The consent request, or the 400 Etsy shows for it. Pure. */
export function parseConsentRequest(params: URLSearchParams, expectedClientId: string): { ok: true; request: ConsentRequest } | { ok: false; response: SimResponse } {
  const fail = (description: string) => ({ ok: false as const, response: invalidRequest(description) });
  const value = (name: string) => params.get(name) ?? '';
  if (value('response_type') !== 'code') return fail('response_type must be code');
  if (value('client_id') !== expectedClientId) return fail('client_id is not a known app keystring');
  if (!URL.canParse(value('redirect_uri'))) return fail('redirect_uri is missing or not a URL');
  const scopes = value('scope').split(/\s+/).filter(Boolean);
  if (scopes.length === 0) return fail('scope is required');
  if (!value('state')) return fail('state is required');
  if (value('code_challenge_method') !== 'S256') return fail('code_challenge_method must be S256');
  if (!isS256Challenge(value('code_challenge'))) return fail('code_challenge must be the base64url SHA-256 of a code_verifier (43 characters)');
  const request = { shopName: params.get('sim_shop'), clientId: value('client_id'), redirectUri: value('redirect_uri'), scopes, state: value('state'), codeChallenge: value('code_challenge') };
  return { ok: true, request };
}

/** `issueCode` consents for the request's shop; it answers null when no shop has that name. */
export function consentPage(params: URLSearchParams, expectedClientId: string, issueCode: (request: ConsentRequest) => string | null): SimResponse {
  const parsed = parseConsentRequest(params, expectedClientId);
  if (!parsed.ok) return parsed.response;
  const code = issueCode(parsed.request);
  if (code === null) return invalidRequest(`no simulated shop is named ${parsed.request.shopName}`);
  const target = new URL(parsed.request.redirectUri);
  target.searchParams.set('code', code);
  target.searchParams.set('state', parsed.request.state);
  return { status: 302, body: '', headers: { location: target.href } };
}
