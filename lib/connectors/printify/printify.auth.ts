import type { AccountIdentity, AuthStrategy } from '../connector.js';
import type { TokenSet } from '../auth/token-set.js';
import type { PrintifyClient } from './printify.client.js';
import { chooseShop } from './shop-choice.js';

/**
 * What connecting a Printify account takes (POST /api/oauth/printify/exchange): an OAuth app's
 * grant `code`, or a merchant's personal `accessToken`; `shopId` names the shop when the
 * account has several.
 */
export type PrintifyExchangeInput = ({ code: string; accessToken?: never } | { accessToken: string; code?: never }) & { shopId?: string | undefined };

/**
 * Two ways in (https://developers.printify.com/#authentication): a personal access token (one
 * merchant account, a year, no refresh token) or an OAuth app (6-hour tokens, refreshed).
 */
export const printifyAuth: AuthStrategy<PrintifyClient, PrintifyExchangeInput> = {
  kind: 'personal-token',
  async exchange(client, input) {
    if (input.code !== undefined) return client.exchangeCode(input.code);
    // A personal token is checked by using it: identify lists its shops right after, and a
    // refusal there names access_token (identifyShop) — one shops.json, not one here and another
    // there, each a request of the account's 600 a minute. It has no refresh token, and its
    // expiry (a year after the merchant made it, a date Printify does not tell) is unknown here:
    // none is stored, and the 401 that ends it finds no refresh token, so TokenSession marks the
    // connection needs_reauth. A guessed year from now could outlive the token or cut it short.
    return { accessToken: input.accessToken, refreshToken: undefined, expiresAt: null, scopes: '' };
  },
  refresh: (client, refreshToken) => client.refreshAccessToken(refreshToken),
  // missingRefreshToken stays unset: a personal token never has one, and that is no error.
  authorizeUrl: (client, { state }) => client.authorizeUrl(state),
  pkce: false,
};

/**
 * The shop the tokens are connected for (shops.json): the one asked for, the only one, or a
 * choice to make. For a personal token this list is also its check (the exchange makes none):
 * a refusal is the caller's, naming access_token.
 */
export async function identifyShop(client: PrintifyClient, tokens: TokenSet, input: Pick<PrintifyExchangeInput, 'shopId' | 'accessToken'>): Promise<AccountIdentity> {
  const shops = input.accessToken !== undefined ? await client.checkPersonalToken(tokens.accessToken) : await client.listShops(tokens.accessToken);
  return chooseShop(shops, input.shopId);
}
