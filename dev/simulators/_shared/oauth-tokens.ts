/**
 * What every vendor's OAuth server keeps track of, whatever its envelopes: authorization codes
 * that work once, access tokens that expire after a TTL, and refresh tokens that last until revoked
 * (or their own TTL), all per account. Which exchange returns a refresh token, whether refreshing
 * rotates it, and what the responses look like are the vendor's rules, kept in its simulator.
 */
import { randomBytes } from 'node:crypto';

/** What a code or a refresh token stands for: the vendor's account (a channel, a shop) and whatever the vendor keeps with it. */
export interface AccountGrant {
  account: string;
}

/** What an access token stands for: the account, and the scopes granted (space-separated, '' when the vendor keeps none). */
export interface AccessGrant {
  account: string;
  scope: string;
}

export type TokenKind = 'code' | 'accessToken' | 'refreshToken';

export interface OAuthTokensOptions {
  accessTokenTtlSeconds: number;
  /** Unset: refresh tokens live until revoked, as Google's do. */
  refreshTokenTtlSeconds?: number;
  /** A new token or code in the vendor's format (e.g. Google's 'ya29.' access tokens). Default: `opaqueToken()`. */
  mint?: (kind: TokenKind, account: string) => string;
  now?: () => number;
}

/** An unguessable value after the vendor's prefix; 'sim-' tells anyone reading a log that it came from a simulator. */
export const opaqueToken = (prefix = ''): string => `${prefix}sim-${randomBytes(24).toString('base64url')}`;

export class OAuthTokens<CodeGrant extends AccountGrant, RefreshGrant extends AccountGrant = CodeGrant> {
  private readonly codes = new Map<string, CodeGrant>();
  /** Codes `redeemCode` recognised rather than issued: remembered so that they, too, work only once. */
  private readonly redeemedUnissued = new Set<string>();
  private readonly accessTokens = new Map<string, AccessGrant & { expiresAtMs: number }>();
  private readonly refreshTokens = new Map<string, { grant: RefreshGrant; expiresAtMs: number; revoked: boolean }>();
  private readonly options: OAuthTokensOptions;

  constructor(options: OAuthTokensOptions) {
    this.options = options;
  }

  issueCode(grant: CodeGrant): string {
    const code = this.mint('code', grant.account);
    this.codes.set(code, grant);
    return code;
  }

  /**
   * The grant a code stands for, once: a code from `issueCode`, or else one that `recognise`
   * accepts (codes a person can type, such as 'sim-code-<name>'). Null when unknown or already used.
   */
  redeemCode(code: string, recognise?: (code: string) => CodeGrant | null): CodeGrant | null {
    const issued = this.codes.get(code);
    if (issued !== undefined) {
      this.codes.delete(code);
      return issued;
    }
    if (!recognise || this.redeemedUnissued.has(code)) return null;
    const recognised = recognise(code);
    if (recognised !== null) this.redeemedUnissued.add(code);
    return recognised;
  }

  issueAccessToken(account: string, scope = ''): { accessToken: string; expiresInSeconds: number } {
    const accessToken = this.mint('accessToken', account);
    const expiresInSeconds = this.options.accessTokenTtlSeconds;
    this.accessTokens.set(accessToken, { account, scope, expiresAtMs: this.now() + expiresInSeconds * 1000 });
    return { accessToken, expiresInSeconds };
  }

  /** The account an unexpired access token belongs to, else null. */
  accountForAccessToken(accessToken: string): string | null {
    return this.accessGrant(accessToken)?.account ?? null;
  }

  /** The account and scopes of an unexpired access token, else null. */
  accessGrant(accessToken: string): AccessGrant | null {
    const stored = this.accessTokens.get(accessToken);
    return stored && stored.expiresAtMs > this.now() ? { account: stored.account, scope: stored.scope } : null;
  }

  /** Ends the account's access tokens now, as a vendor does when it invalidates them early. */
  expireAccessTokens(account: string): void {
    for (const stored of this.accessTokens.values()) if (stored.account === account) stored.expiresAtMs = 0;
  }

  issueRefreshToken(grant: RefreshGrant): string {
    const refreshToken = this.mint('refreshToken', grant.account);
    const ttl = this.options.refreshTokenTtlSeconds;
    this.refreshTokens.set(refreshToken, { grant, expiresAtMs: ttl === undefined ? Infinity : this.now() + ttl * 1000, revoked: false });
    return refreshToken;
  }

  /** The grant of a live refresh token (issued, not revoked, not expired), else null. */
  refreshGrant(refreshToken: string): RefreshGrant | null {
    const stored = this.refreshTokens.get(refreshToken);
    return stored && this.isLive(stored) ? stored.grant : null;
  }

  /** The grant of a live refresh token, which stops working now: for vendors that rotate refresh tokens on use. */
  consumeRefreshToken(refreshToken: string): RefreshGrant | null {
    const stored = this.refreshTokens.get(refreshToken);
    if (!stored || !this.isLive(stored)) return null;
    stored.revoked = true;
    return stored.grant;
  }

  /** Whether the account still holds a live refresh token: vendors decide from it whether to send a new one. */
  hasLiveRefreshToken(account: string): boolean {
    for (const stored of this.refreshTokens.values()) if (stored.grant.account === account && this.isLive(stored)) return true;
    return false;
  }

  revokeRefreshTokens(account: string): void {
    for (const stored of this.refreshTokens.values()) if (stored.grant.account === account) stored.revoked = true;
  }

  private isLive(stored: { expiresAtMs: number; revoked: boolean }): boolean {
    return !stored.revoked && stored.expiresAtMs > this.now();
  }

  private mint(kind: TokenKind, account: string): string {
    return (this.options.mint ?? (() => opaqueToken()))(kind, account);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
