/**
 * Whom an account-scoped budget counts a connection under. Usually the connected account itself
 * (its `external_account_id`); a connector whose vendor counts per grant — Printify: 600 requests
 * a minute per merchant account, across the shops one token reaches — counts every connection
 * holding the same grant together, by its fingerprint (an HMAC of the token, never the token).
 */
export const GRANT_KEY_PREFIX = 'grant:';

/** Pure: the budget key of a connection; a connection without a fingerprint counts alone. */
export function budgetAccountKeyOf(connection: { externalAccountId: string; grantFingerprint: string | null }, countsPerGrant: boolean): string {
  return countsPerGrant && connection.grantFingerprint !== null ? `${GRANT_KEY_PREFIX}${connection.grantFingerprint}` : connection.externalAccountId;
}
