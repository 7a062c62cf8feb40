import type { DbTime } from '../values.js';

/**
 * `oauth_states`: the `state` of a started OAuth flow (10 minutes, single use), keyed by its
 * SHA-256 so the table never holds a usable state. It carries what the exchange needs: the
 * tenant, the PKCE verifier (Etsy) sealed like tokens, and — for a Printify account with several
 * shops — the tokens already obtained, sealed, until the caller names a shop.
 */
export interface OAuthStatesTable {
  state_hash: string;
  platform: string;
  tenant_id: string;
  code_verifier_enc: string | null;
  /** Sealed JSON TokenSet waiting for a shop choice; null until the code was exchanged. */
  pending_tokens_enc: string | null;
  /** The account the flow was started for (a Shopify shop); the exchange must name the same one. */
  account_hint: string | null;
  expires_at: DbTime;
  used_at: DbTime | null;
  created_at: DbTime;
}
