/**
 * Printify's credentials (https://developers.printify.com/#authentication), on top of the shared
 * OAuth bookkeeping: personal access tokens, one per merchant account, valid a year; and an OAuth
 * app's grant codes, access tokens that expire after 6 hours and refresh tokens, where each
 * refresh returns a new pair and uses the old refresh token up. Both kinds of token are JWTs that
 * "will fluctuate in size … allow for tokens to be up to 3,000 characters": minted long here too.
 */
import { randomBytes } from 'node:crypto';
import { OAuthTokens, opaqueToken, type AccountGrant } from '../_shared/oauth-tokens.js';

const PERSONAL_TOKEN_TTL_MS = 365 * 86_400_000;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expireAtMs: number;
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT-shaped token (header.payload.signature, ~900 characters) whose payload says it is the simulator's. */
export function jwtLikeToken(kind: 'personal' | 'oauth', account: string): string {
  const payload = { iss: 'printify-simulator', sim: true, kind, sub: account, jti: opaqueToken(), scopes: SCOPES };
  return `${base64url({ typ: 'JWT', alg: 'RS256' })}.${base64url(payload)}.${randomBytes(256).toString('base64url')}`;
}

const SCOPES = ['shops.manage', 'shops.read', 'catalog.read', 'orders.read', 'orders.write', 'products.read', 'products.write', 'webhooks.read', 'webhooks.write', 'uploads.read', 'uploads.write', 'print_providers.read', 'user.info'];

export class PrintifyTokens {
  private readonly oauth: OAuthTokens<AccountGrant>;
  private readonly personal = new Map<string, { account: string; expiresAtMs: number; revoked: boolean }>();
  private readonly currentPersonal = new Map<string, string>();
  private readonly now: () => number;

  constructor(options: { accessTokenTtlSeconds: number; now: () => number }) {
    this.now = options.now;
    this.oauth = new OAuthTokens({
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
      now: options.now,
      mint: (kind, account) => (kind === 'accessToken' ? jwtLikeToken('oauth', account) : opaqueToken()),
    });
  }

  /** The account's live personal access token: `preset` the first time if given, else a new one (also after a revoke). */
  personalToken(account: string, preset?: string): string {
    const current = this.currentPersonal.get(account);
    const stored = current === undefined ? undefined : this.personal.get(current);
    if (current !== undefined && stored && !stored.revoked && stored.expiresAtMs > this.now()) return current;
    const token = current === undefined && preset !== undefined ? preset : jwtLikeToken('personal', account);
    this.personal.set(token, { account, expiresAtMs: this.now() + PERSONAL_TOKEN_TTL_MS, revoked: false });
    this.currentPersonal.set(account, token);
    return token;
  }

  issueCode(account: string): string {
    return this.oauth.issueCode({ account });
  }

  /** A new pair for a fresh code; null when the code is unknown or used. */
  exchangeCode(code: string): TokenPair | null {
    const grant = this.oauth.redeemCode(code);
    return grant && this.pair(grant.account);
  }

  /** A new pair, using the refresh token up; null when it is unknown, used or revoked. */
  refresh(refreshToken: string): TokenPair | null {
    const grant = this.oauth.consumeRefreshToken(refreshToken);
    return grant && this.pair(grant.account);
  }

  /** The account a live personal or OAuth access token belongs to, else null. */
  accountFor(token: string): string | null {
    const personal = this.personal.get(token);
    if (personal) return !personal.revoked && personal.expiresAtMs > this.now() ? personal.account : null;
    return this.oauth.accountForAccessToken(token);
  }

  /** Ends every credential of the account: its personal token, OAuth access and refresh tokens. */
  revoke(account: string): void {
    for (const stored of this.personal.values()) if (stored.account === account) stored.revoked = true;
    this.oauth.expireAccessTokens(account);
    this.oauth.revokeRefreshTokens(account);
  }

  private pair(account: string): TokenPair {
    const { accessToken, expiresInSeconds } = this.oauth.issueAccessToken(account);
    return { accessToken, refreshToken: this.oauth.issueRefreshToken({ account }), expireAtMs: this.now() + expiresInSeconds * 1000 };
  }
}
