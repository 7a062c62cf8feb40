/**
 * Bookkeeping of authorization codes, access tokens and refresh tokens, as Google's OAuth server keeps it:
 * https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code
 * Codes are single-use; refreshing returns a new access token but no new refresh token.
 * A code exchange returns a refresh token only when the account holds no live grant for the
 * app, or when consent was forced with prompt=consent (Google: "a refresh token is returned
 * only the first time the user grants access, unless prompt=consent",
 * https://developers.google.com/identity/protocols/oauth2/web-server#offline).
 */
import { randomBytes } from 'node:crypto';

export const DEFAULT_SCOPE = 'https://www.googleapis.com/auth/yt-analytics.readonly https://www.googleapis.com/auth/youtube.readonly';

export interface TokenGrant {
  channelId: string;
  accessToken: string;
  expiresInSeconds: number;
  scope: string;
  /** Only from the code exchange: Google sends none on refresh. */
  refreshToken?: string;
}

interface TokenStoreOptions {
  accessTokenTtlSeconds: number;
  /** Resolves the channel of a typed 'sim-code-<channelName>' code. */
  channelIdFor: (channelName: string) => string;
  now?: () => number;
}

/** 'sim-code-<channelName>' or 'sim-code-<channelName>.<anything>', a code a human can type: its channel name, else null. */
export function typedCodeChannelName(code: string): string | null {
  return /^sim-code-([^.]+)(?:\..*)?$/s.exec(code)?.[1] ?? null;
}

/** Google-looking opaque values: codes start '4/', access tokens 'ya29.', refresh tokens '1//'. */
const opaque = (prefix: string): string => `${prefix}sim-${randomBytes(24).toString('base64url')}`;

export class TokenStore {
  private readonly codes = new Map<string, { channelId: string; scope: string; consent: boolean }>();
  private readonly usedTypedCodes = new Set<string>();
  private readonly accessTokens = new Map<string, { channelId: string; expiresAtMs: number }>();
  private readonly refreshTokens = new Map<string, { channelId: string; scope: string; revoked: boolean }>();
  private readonly options: TokenStoreOptions;

  constructor(options: TokenStoreOptions) {
    this.options = options;
  }

  /** `consent`: the code comes from a forced consent screen (prompt=consent), so it carries a refresh token. */
  issueCode(channelId: string, scope = DEFAULT_SCOPE, consent = true): string {
    const code = opaque('4/');
    this.codes.set(code, { channelId, scope, consent });
    return code;
  }

  /** The grant for a fresh code; null when the code is unknown or already used. */
  exchangeCode(code: string): TokenGrant | null {
    const issued = this.codes.get(code);
    if (this.codes.delete(code) && issued) return this.grant(issued.channelId, issued.scope, issued.consent || !this.hasLiveGrant(issued.channelId));
    const channelName = typedCodeChannelName(code);
    if (channelName === null || this.usedTypedCodes.has(code)) return null;
    this.usedTypedCodes.add(code);
    // A typed code whose suffix says "consent" (sim-code-<name>.consent…) stands for prompt=consent.
    const channelId = this.options.channelIdFor(channelName);
    return this.grant(channelId, DEFAULT_SCOPE, /\.[^.]*consent/.test(code) || !this.hasLiveGrant(channelId));
  }

  private hasLiveGrant(channelId: string): boolean {
    for (const stored of this.refreshTokens.values()) if (stored.channelId === channelId && !stored.revoked) return true;
    return false;
  }

  /** A new access token (no refresh token); null when the refresh token is unknown or revoked. */
  refresh(refreshToken: string): TokenGrant | null {
    const stored = this.refreshTokens.get(refreshToken);
    return stored && !stored.revoked ? this.grant(stored.channelId, stored.scope, false) : null;
  }

  /** The channel an unexpired access token belongs to, else null. */
  channelForAccessToken(accessToken: string): string | null {
    const stored = this.accessTokens.get(accessToken);
    return stored && stored.expiresAtMs > this.now() ? stored.channelId : null;
  }

  revokeRefreshTokens(channelId: string): void {
    for (const stored of this.refreshTokens.values()) if (stored.channelId === channelId) stored.revoked = true;
  }

  expireAccessTokens(channelId: string): void {
    for (const stored of this.accessTokens.values()) if (stored.channelId === channelId) stored.expiresAtMs = 0;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private grant(channelId: string, scope: string, withRefreshToken: boolean): TokenGrant {
    const accessToken = opaque('ya29.');
    const ttl = this.options.accessTokenTtlSeconds;
    this.accessTokens.set(accessToken, { channelId, expiresAtMs: this.now() + ttl * 1000 });
    if (!withRefreshToken) return { channelId, accessToken, expiresInSeconds: ttl, scope };
    const refreshToken = opaque('1//');
    this.refreshTokens.set(refreshToken, { channelId, scope, revoked: false });
    return { channelId, accessToken, expiresInSeconds: ttl, scope, refreshToken };
  }
}
