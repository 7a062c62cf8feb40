/** What a token endpoint answered, read the same way for every OAuth platform. */
export interface TokenSet {
  accessToken: string;
  /** Sent on the first consent (and on rotation); undefined keeps the stored one. */
  refreshToken: string | undefined;
  expiresAt: Date | null;
  /** Space-separated, as the vendor granted them. */
  scopes: string;
}
