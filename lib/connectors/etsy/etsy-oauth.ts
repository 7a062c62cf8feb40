import { ConfigError } from '../../errors.js';
import type { AuthorizeRequest } from '../connector.js';

/** What Sluice reads: receipts (with their transactions and the payment ledger), listings, the shop. */
export const ETSY_SCOPES = 'transactions_r listings_r shops_r';

export interface EtsyConsentSettings {
  authorizeUrl: string;
  /** The app's keystring, Etsy's `client_id`. */
  apiKey: string;
  redirectUri: string | undefined;
}

/**
 * Pure: Etsy's consent page for a new connection
 * (https://developers.etsy.com/documentation/essentials/authentication#step-1-request-an-authorization-code).
 * PKCE with S256 is mandatory, so a request without its challenge is refused. Scopes are
 * space-separated, sent as `%20` as Etsy's documentation shows (not form encoding's `+`).
 */
export function etsyAuthorizeUrl(settings: EtsyConsentSettings, request: AuthorizeRequest): string {
  if (!settings.redirectUri) throw new ConfigError('ETSY_REDIRECT_URI must be set to connect Etsy shops');
  if (!request.codeChallenge) throw new Error('Etsy requires PKCE: the authorize request needs a code challenge');
  const url = new URL(settings.authorizeUrl);
  const params = {
    response_type: 'code',
    client_id: settings.apiKey,
    redirect_uri: settings.redirectUri,
    scope: ETSY_SCOPES,
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  // URLSearchParams writes a space as '+' and a literal '+' as %2B, so this touches spaces only.
  url.search = url.searchParams.toString().replace(/\+/g, '%20');
  return url.toString();
}
