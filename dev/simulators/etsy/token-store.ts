/**
 * Etsy's OAuth rules on top of the shared bookkeeping
 * (https://developers.etsy.com/documentation/essentials/authentication): a code remembers the
 * PKCE challenge, client and redirect URI it was issued for; access tokens live an hour and, like
 * refresh tokens, look like `{user_id}.{random}`; refresh tokens last 90 days and rotate: each
 * refresh returns a new one and the old one stops working. Accounts are user ids.
 */
import { OAuthTokens, opaqueToken, type AccessGrant } from '../_shared/oauth-tokens.js';

export const REFRESH_TOKEN_TTL_SECONDS = 90 * 86_400;

export interface EtsyCodeGrant {
  /** The user id, as a string. */
  account: string;
  /** Space-separated, as granted. */
  scope: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
}

export interface EtsyTokenGrant {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

interface ScopeGrant {
  account: string;
  scope: string;
}

export class EtsyTokenStore {
  private readonly tokens: OAuthTokens<EtsyCodeGrant, ScopeGrant>;

  constructor(options: { accessTokenTtlSeconds: number; now: () => number }) {
    this.tokens = new OAuthTokens({
      ...options,
      refreshTokenTtlSeconds: REFRESH_TOKEN_TTL_SECONDS,
      mint: (kind, account) => (kind === 'code' ? opaqueToken() : `${account}.${opaqueToken()}`),
    });
  }

  issueCode(grant: EtsyCodeGrant): string {
    return this.tokens.issueCode(grant);
  }

  /** The grant of an issued code, once: any attempt uses it up, as RFC 6749 §4.1.2 allows. */
  redeemCode(code: string): EtsyCodeGrant | null {
    return this.tokens.redeemCode(code);
  }

  /** A new token pair for what the code or refresh token stood for. */
  grant({ account, scope }: ScopeGrant): EtsyTokenGrant {
    const { accessToken, expiresInSeconds } = this.tokens.issueAccessToken(account, scope);
    return { accessToken, expiresInSeconds, refreshToken: this.tokens.issueRefreshToken({ account, scope }) };
  }

  /** Rotation: the refresh token works once; null when unknown, used, revoked or expired. */
  refresh(refreshToken: string): EtsyTokenGrant | null {
    const stored = this.tokens.consumeRefreshToken(refreshToken);
    return stored ? this.grant(stored) : null;
  }

  accessGrant(accessToken: string): AccessGrant | null {
    return this.tokens.accessGrant(accessToken);
  }

  revokeRefreshTokens(userId: number): void {
    this.tokens.revokeRefreshTokens(String(userId));
  }

  expireAccessTokens(userId: number): void {
    this.tokens.expireAccessTokens(String(userId));
  }
}
