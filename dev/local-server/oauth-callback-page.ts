/**
 * The page `GOOGLE_REDIRECT_URI` points at locally. In production the product's front end
 * receives Google's redirect and posts the code to the exchange endpoint; here a person does
 * that step, so the page shows the command with the received code filled in.
 */
import { connectChannelCommand, exchangeQueryCommand, exchangeStateCommand } from './curl-commands.js';

export function oauthCallbackPage(requestUrl: URL, baseUrl: string): { status: number; text: string } {
  const code = requestUrl.searchParams.get('code');
  const error = requestUrl.searchParams.get('error');
  if (!code) {
    return { status: 400, text: `No authorization code in the redirect${error ? ` (Google said: ${error})` : ''}.\n` };
  }
  if (!/^[\w./~+-]+$/.test(code)) return { status: 400, text: 'The authorization code has unexpected characters.\n' };
  const state = requestUrl.searchParams.get('state') ?? '';
  // A consent begun by /api/oauth/youtube/start carries its state (43 URL-safe characters): exchange with it.
  if (/^[\w-]{40,}$/.test(state)) return commerceCallbackPage('youtube', requestUrl, baseUrl);
  // Otherwise the state is shown inside a shell command: only a plain identifier is taken as the tenant.
  const tenantId = /^[\w.-]{1,64}$/.test(state) ? state : 'demo';
  return {
    status: 200,
    text: [
      `Authorization code received for tenant "${tenantId}" (the OAuth state). Connect the channel`,
      `(codes are single-use; after \`source .data/dev-secrets.env\` when the server generated the secrets):`,
      '',
      connectChannelCommand(baseUrl, tenantId, code),
      '',
    ].join('\n'),
  };
}

/**
 * The page ETSY_REDIRECT_URI and PRINTIFY_REDIRECT_URI point at locally: shows the exchange
 * command with the received `state` and `code` filled in (a product's front end posts them).
 */
export function commerceCallbackPage(platform: 'etsy' | 'printify' | 'youtube', requestUrl: URL, baseUrl: string): { status: number; text: string } {
  const code = requestUrl.searchParams.get('code');
  const state = requestUrl.searchParams.get('state');
  const error = requestUrl.searchParams.get('error');
  if (!code || !state) return { status: 400, text: `No authorization code and state in the redirect${error ? ` (${platform} said: ${error})` : ''}.\n` };
  if (!/^[\w./~+-]+$/.test(code) || !/^[\w-]+$/.test(state)) return { status: 400, text: 'The code or state has unexpected characters.\n' };
  return {
    status: 200,
    text: [`Authorization code received. Connect the ${platform} account (the state is single-use, 10 minutes):`, '', exchangeStateCommand(baseUrl, platform, state, code), ''].join('\n'),
  };
}

/** What a Shopify redirect's query holds (hex, base64url, digits, the shop domain, a URL-safe state): nothing the shell reads inside single quotes. */
const SHOPIFY_QUERY = /^[\w.~%&=+\/:,-]+$/;

/**
 * The page SHOPIFY_REDIRECT_URI points at locally: shows the exchange command with the raw query
 * string filled in, unchanged, since the exchange verifies the `hmac` Shopify computed over it.
 */
export function shopifyCallbackPage(requestUrl: URL, baseUrl: string): { status: number; text: string } {
  const params = requestUrl.searchParams;
  const shop = params.get('shop');
  if (!params.get('code') || !params.get('state') || !params.get('hmac') || !shop) {
    const error = params.get('error');
    return { status: 400, text: `No code, state, shop and hmac in the redirect${error ? ` (shopify said: ${error})` : ''}.\n` };
  }
  const query = requestUrl.search.slice(1);
  if (!SHOPIFY_QUERY.test(query)) return { status: 400, text: 'The redirect\'s query has unexpected characters.\n' };
  return {
    status: 200,
    text: [
      `Authorization code received for ${shop}. Connect the store (the state is single-use, 10 minutes; the exchange checks the hmac over this exact query):`,
      '',
      exchangeQueryCommand(baseUrl, 'shopify', query),
      '',
    ].join('\n'),
  };
}
