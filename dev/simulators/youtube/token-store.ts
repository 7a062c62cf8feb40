/**
 * Google's rules on top of the shared OAuth bookkeeping, as Google's OAuth server applies them:
 * https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code
 * Refreshing returns a new access token but no new refresh token.
 * A code exchange returns a refresh token only when the account holds no live grant for the
 * app, or when consent was forced with prompt=consent (Google: "a refresh token is returned
 * only the first time the user grants access, unless prompt=consent",
 * https://developers.google.com/identity/protocols/oauth2/web-server#offline).
 */
import { OAuthTokens, opaqueToken, type TokenKind } from '../_shared/oauth-tokens.js';

export const DEFAULT_SCOPE = 'https://www.googleapis.com/auth/yt-analytics.readonly https://www.googleapis.com/auth/youtube.readonly';
/** Playlist write-sync's scope (PLATFORMS.md). */
export const WRITE_SCOPE = 'https://www.googleapis.com/auth/youtube.force-ssl';

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

/** A channel's grant of `scope`; `account` is the channel id. */
interface ScopeGrant {
  account: string;
  scope: string;
}

/** `consent`: the code comes from a forced consent screen (prompt=consent), so it carries a refresh token. */
type CodeGrant = ScopeGrant & { consent: boolean };

/** Google-looking values: codes start '4/', access tokens 'ya29.', refresh tokens '1//'. */
const GOOGLE_PREFIXES: Record<TokenKind, string> = { code: '4/', accessToken: 'ya29.', refreshToken: '1//' };

/** 'sim-code-<channelName>' or 'sim-code-<channelName>.<anything>', a code a human can type: its channel name, else null. */
export function typedCodeChannelName(code: string): string | null {
  return /^sim-code-([^.]+)(?:\..*)?$/s.exec(code)?.[1] ?? null;
}

export class TokenStore {
  private readonly tokens: OAuthTokens<CodeGrant, ScopeGrant>;
  private readonly options: TokenStoreOptions;

  constructor(options: TokenStoreOptions) {
    this.options = options;
    const { accessTokenTtlSeconds, now } = options;
    this.tokens = new OAuthTokens({ accessTokenTtlSeconds, now, mint: (kind) => opaqueToken(GOOGLE_PREFIXES[kind]) });
  }

  /** `consent`: the code comes from a forced consent screen (prompt=consent), so it carries a refresh token. */
  issueCode(channelId: string, scope = DEFAULT_SCOPE, consent = true): string {
    return this.tokens.issueCode({ account: channelId, scope, consent });
  }

  /** The grant for a fresh code; null when the code is unknown or already used. */
  exchangeCode(code: string): TokenGrant | null {
    const redeemed = this.tokens.redeemCode(code, (typed) => this.typedCodeGrant(typed));
    if (!redeemed) return null;
    const { account, scope, consent } = redeemed;
    return this.grant({ account, scope }, consent || !this.tokens.hasLiveRefreshToken(account));
  }

  /**
   * A typed code stands for the default scope; a suffix saying "consent" (sim-code-<name>.consent…)
   * stands for prompt=consent, one saying "write" (sim-code-<name>.write…) for the write scope too
   * (what `/api/oauth/youtube/start?access=write` asks for).
   */
  private typedCodeGrant(code: string): CodeGrant | null {
    const channelName = typedCodeChannelName(code);
    if (channelName === null) return null;
    const scope = /\.[^.]*write/.test(code) ? `${DEFAULT_SCOPE} ${WRITE_SCOPE}` : DEFAULT_SCOPE;
    return { account: this.options.channelIdFor(channelName), scope, consent: /\.[^.]*consent/.test(code) };
  }

  /** A new access token (no refresh token); null when the refresh token is unknown or revoked. */
  refresh(refreshToken: string): TokenGrant | null {
    const stored = this.tokens.refreshGrant(refreshToken);
    return stored ? this.grant(stored, false) : null;
  }

  /** The channel an unexpired access token belongs to, else null. */
  channelForAccessToken(accessToken: string): string | null {
    return this.tokens.accountForAccessToken(accessToken);
  }

  revokeRefreshTokens(channelId: string): void {
    this.tokens.revokeRefreshTokens(channelId);
  }

  expireAccessTokens(channelId: string): void {
    this.tokens.expireAccessTokens(channelId);
  }

  private grant(grant: ScopeGrant, withRefreshToken: boolean): TokenGrant {
    const { account: channelId, scope } = grant;
    const { accessToken, expiresInSeconds } = this.tokens.issueAccessToken(channelId);
    if (!withRefreshToken) return { channelId, accessToken, expiresInSeconds, scope };
    return { channelId, accessToken, expiresInSeconds, scope, refreshToken: this.tokens.issueRefreshToken(grant) };
  }
}
