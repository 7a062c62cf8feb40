/**
 * Shopify's authorization code grant (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant):
 * the consent page, which here grants at once and redirects with `code, hmac, host, shop, state,
 * timestamp` signed by the app secret; and `POST /admin/oauth/access_token`, which trades the code
 * for an offline token `{access_token, scope}` — or, for expiring offline tokens, also
 * `expires_in`, `refresh_token`, `refresh_token_expires_in`, refreshed with
 * `grant_type=refresh_token` (each refresh uses the refresh token up and returns a new one).
 */
import { createHmac } from 'node:crypto';
import type { SimResponse } from '../_shared/http-io.js';
import { OAuthTokens, opaqueToken } from '../_shared/oauth-tokens.js';
import { oauthError } from './shopify-errors.js';

export interface AppCredentials {
  apiKey: string;
  apiSecret: string;
}

interface Grant {
  /** The shop's domain. */
  account: string;
  /** Granted scopes, comma-separated as Shopify writes them. */
  scope: string;
}

/** Hex HMAC-SHA256 of the parameters other than `hmac`, sorted by name and joined `k=v&k=v`, as Shopify signs a redirect. */
export function redirectHmac(params: Record<string, string>, secret: string): string {
  const message = Object.keys(params)
    .filter((name) => name !== 'hmac' && name !== 'signature')
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  return createHmac('sha256', secret).update(message).digest('hex');
}

/** write_X implies read_X at Shopify; the set a token's scope string grants. */
export function scopeSet(scope: string): Set<string> {
  const scopes = new Set(scope.split(',').map((s) => s.trim()).filter(Boolean));
  for (const s of [...scopes]) if (s.startsWith('write_')) scopes.add(`read_${s.slice('write_'.length)}`);
  return scopes;
}

export interface ShopifyTokensOptions {
  now: () => number;
  expiringTokens: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

/** Non-expiring offline tokens live until revoked; ten years stands in for that. */
const OFFLINE_TTL_SECONDS = 10 * 365 * 86_400;

export class ShopifyTokens {
  private readonly oauth: OAuthTokens<Grant>;
  private readonly options: ShopifyTokensOptions;

  constructor(options: ShopifyTokensOptions) {
    this.options = options;
    this.oauth = new OAuthTokens<Grant>({
      accessTokenTtlSeconds: options.expiringTokens ? options.accessTokenTtlSeconds : OFFLINE_TTL_SECONDS,
      refreshTokenTtlSeconds: options.refreshTokenTtlSeconds,
      now: options.now,
      mint: (kind) => (kind === 'accessToken' ? opaqueToken('shpat_') : kind === 'refreshToken' ? opaqueToken('shprt_') : opaqueToken()),
    });
  }

  issueCode(domain: string, scope: string): string {
    return this.oauth.issueCode({ account: domain, scope });
  }

  /** The shop and scopes of a live access token, else null. */
  grantFor(token: string): Grant | null {
    return this.oauth.accessGrant(token);
  }

  revoke(domain: string): void {
    this.oauth.expireAccessTokens(domain);
    this.oauth.revokeRefreshTokens(domain);
  }

  /** POST /admin/oauth/access_token for `domain`. */
  tokenEndpoint(domain: string, params: URLSearchParams, app: AppCredentials): SimResponse {
    if (params.get('client_id') !== app.apiKey) return oauthError('invalid_client', 'Client authentication failed: unknown client_id.');
    if (params.get('client_secret') !== app.apiSecret) return oauthError('invalid_client', 'Client authentication failed: wrong client_secret.');
    if (params.get('grant_type') === 'refresh_token') {
      if (!this.options.expiringTokens) return oauthError('unsupported_grant_type', 'This app does not use expiring tokens.');
      const refreshToken = params.get('refresh_token') ?? '';
      const grant = this.oauth.refreshGrant(refreshToken);
      if (!grant || grant.account !== domain) return oauthError('invalid_grant', 'The refresh token is invalid, expired or revoked.');
      this.oauth.consumeRefreshToken(refreshToken);
      return this.tokens(grant);
    }
    const code = params.get('code');
    if (!code) return oauthError('invalid_request', 'Missing required parameter: code.');
    const grant = this.oauth.redeemCode(code);
    if (!grant || grant.account !== domain) return oauthError('invalid_request', 'The authorization code was not found or was already used.');
    return this.tokens(grant);
  }

  private tokens(grant: Grant): SimResponse {
    const { accessToken, expiresInSeconds } = this.oauth.issueAccessToken(grant.account, grant.scope);
    if (!this.options.expiringTokens) return { status: 200, body: { access_token: accessToken, scope: grant.scope } };
    return {
      status: 200,
      body: {
        access_token: accessToken,
        scope: grant.scope,
        expires_in: expiresInSeconds,
        refresh_token: this.oauth.issueRefreshToken(grant),
        refresh_token_expires_in: this.options.refreshTokenTtlSeconds,
      },
    };
  }
}

export interface ConsentInput {
  domain: string;
  query: URLSearchParams;
  app: AppCredentials;
  nowMs: number;
  issueCode: (scope: string) => string;
}

/** The redirect that consent sends the merchant to (code, hmac, host, shop, state, timestamp). */
export function consentRedirect(domain: string, redirectUri: string, state: string, code: string, app: AppCredentials, nowMs: number): string {
  const params: Record<string, string> = {
    code,
    host: Buffer.from(`${domain}/admin`).toString('base64url'),
    shop: domain,
    state,
    timestamp: String(Math.floor(nowMs / 1000)),
  };
  params.hmac = redirectHmac(params, app.apiSecret);
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * GET /admin/oauth/authorize: grants what `scope` asks (or fewer, with the simulator's own
 * `sim_grant_scopes`) and redirects at once; an unknown client_id or a missing redirect_uri is a 400.
 */
export function consentPage({ domain, query, app, nowMs, issueCode }: ConsentInput): SimResponse {
  if (query.get('client_id') !== app.apiKey) return { status: 400, body: 'Oauth error invalid_request: The client_id is not recognized.', headers: { 'content-type': 'text/plain' } };
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri || !URL.canParse(redirectUri)) return { status: 400, body: 'Oauth error invalid_request: The redirect_uri is missing or not a URL.', headers: { 'content-type': 'text/plain' } };
  const scope = query.get('sim_grant_scopes') ?? query.get('scope') ?? '';
  const granted = [...new Set(scope.split(',').map((s) => s.trim()).filter(Boolean))].join(',');
  const location = consentRedirect(domain, redirectUri, query.get('state') ?? '', issueCode(granted), app, nowMs);
  return { status: 302, body: '', headers: { location } };
}
