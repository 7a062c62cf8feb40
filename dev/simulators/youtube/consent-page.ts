/**
 * Stand-in for Google's consent screen (GET https://accounts.google.com/o/oauth2/v2/auth):
 * https://developers.google.com/identity/protocols/oauth2/web-server#redirecting
 * With `login_hint=<channelName>` it consents at once and redirects to `redirect_uri` with `state`,
 * `code` and `scope`, as Google does; without it, a one-field form asks which channel to be.
 */
import type { SimResponse } from '../_shared/http-io.js';
import { DEFAULT_SCOPE } from './token-store.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function channelChooser(params: URLSearchParams): SimResponse {
  const hidden = [...params].map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`);
  const body = `<!doctype html><title>YouTube simulator - sign in</title><h1>Sign in to the YouTube simulator</h1>
<p>Any channel name gets its own deterministic synthetic channel; no Google account is involved.</p>
<form method="get">${hidden.join('')}<label>Channel name <input name="login_hint" required autofocus></label> <button>Allow</button></form>`;
  return { status: 200, body, headers: { 'content-type': 'text/html; charset=utf-8' } };
}

export function consentPage(params: URLSearchParams, issueCode: (channelName: string, scope: string, consent: boolean) => string): SimResponse {
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!URL.canParse(redirectUri)) return { status: 400, body: 'Error 400: invalid_request\nMissing or invalid parameter: redirect_uri' };
  const channelName = params.get('login_hint');
  if (!channelName) return channelChooser(params);
  const scope = params.get('scope') || DEFAULT_SCOPE;
  const target = new URL(redirectUri);
  const state = params.get('state');
  if (state !== null) target.searchParams.set('state', state);
  target.searchParams.set('code', issueCode(channelName, scope, params.get('prompt')?.split(' ').includes('consent') ?? false));
  target.searchParams.set('scope', scope);
  return { status: 302, body: '', headers: { location: target.href } };
}
