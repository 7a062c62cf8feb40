import type { Generated } from 'kysely';
import type { DbTime } from '../values.js';

export const CONNECTION_STATUSES = ['active', 'needs_reauth', 'disconnected'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** `connections`: a tenant's connected platform account. Tokens are AES-256-GCM ciphertext, never plain. */
export interface ConnectionsTable {
  id: Generated<number>;
  tenant_id: string;
  platform: string;
  /** The platform's account id, e.g. the YouTube channel id. */
  external_account_id: string;
  display_name: string | null;
  scopes: string;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  token_expires_at: DbTime | null;
  status: ConnectionStatus;
  last_error: string | null;
  /**
   * Printify shops: the shop's `sales_channel` as `GET /v1/shops.json` reports it (`etsy`,
   * `shopify`, …); COGS links its orders only to sales orders of that platform. NULL elsewhere.
   */
  sales_channel: string | null;
  /**
   * HMAC-SHA256 (hex) of the grant's token — its refresh token, or a personal token — under a
   * key derived from TOKEN_ENCRYPTION_KEY (TokenCipher.fingerprint), never the token: the
   * connections holding one grant share it. Set at connect; a rotated refresh token keeps it
   * (the grant is the same). NULL on rows connected before migration 0011.
   */
  grant_fingerprint: string | null;
  /** JSON array of what the grant cannot read (AccountIdentity.limitations); NULL when nothing. */
  limitations: string | null;
  created_at: DbTime;
  updated_at: DbTime;
}
