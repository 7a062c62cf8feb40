import { createHash } from 'node:crypto';
import { ConflictError, RateLimitedError, ReauthRequiredError, RetryableError, ValidationError } from '../errors.js';
import type { TokenSet } from '../connectors/auth/token-set.js';
import type { Runtime } from '../runtime.js';
import { generateSecret } from '../shared/secrets.js';
import { connectAccount, type ConnectedAccount } from './connect-account.js';
import { claimOAuthState, dropPendingTokens, peekAccountHint, parkTokensOnState, pruneOAuthStates, releaseOAuthState, saveOAuthState } from './oauth-states.repository.js';

/** DESIGN.md: a started flow's state lives 10 minutes and is single use. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

export interface StartRequest {
  tenantId: string;
  shop?: string;
  access?: 'read' | 'write';
}

/**
 * `GET /api/oauth/{platform}/start`: a fresh state (and, for a PKCE flow, a verifier kept sealed
 * with it) and the vendor's consent URL carrying them. Nothing is sent to the vendor here.
 */
export async function startOAuth(runtime: Runtime, platform: string, request: StartRequest): Promise<{ authorize_url: string; state: string }> {
  checkPlatform(runtime, platform);
  const live = await runtime.connectors.get(platform);
  const { auth } = live.connector;
  if (!auth.authorizeUrl) throw new ValidationError(`${platform} has no OAuth consent flow`, [{ path: 'platform', message: 'connect it with its exchange endpoint' }]);
  for (const param of ['shop', 'access'] as const) {
    if (request[param] !== undefined && !auth.startParams?.includes(param)) {
      throw new ValidationError(`${param} does not apply to ${platform}`, [{ path: param, message: `${platform}'s consent takes no ${param}` }]);
    }
  }
  const shop = request.shop === undefined || !auth.checkShop ? request.shop : auth.checkShop(request.shop);
  const state = generateSecret(32);
  const verifier = auth.pkce ? generateSecret(48) : undefined;
  // Built before anything is stored: a request the flow refuses (a shop that is not the vendor's) writes nothing.
  const authorizeUrl = auth.authorizeUrl(live.client, {
    state,
    ...(verifier === undefined ? {} : { codeChallenge: pkceChallenge(verifier) }),
    ...(shop === undefined ? {} : { shop }),
    ...(request.access === undefined ? {} : { access: request.access }),
  });
  const now = runtime.clock.now();
  const { db } = runtime.database;
  await saveOAuthState(
    db,
    state,
    { platform, tenantId: request.tenantId, codeVerifierEnc: verifier === undefined ? null : live.cipher.encrypt(verifier), accountHint: shop ?? null, expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS) },
    now,
  );
  await pruneOAuthStates(db, now);
  return { authorize_url: authorizeUrl, state };
}

/** An unknown platform is the caller's mistake (400); one this deployment does not run conflicts with its configuration (409). */
function checkPlatform(runtime: Runtime, platform: string): void {
  if (!runtime.connectors.known().includes(platform)) {
    throw new ValidationError(`no connector for platform "${platform}"`, [{ path: 'platform', message: `must be one of ${runtime.connectors.known().join(', ')}` }]);
  }
  if (!runtime.connectors.enabled().includes(platform)) throw new ConflictError(`the ${platform} connector is not enabled on this deployment (CONNECTORS)`);
}

/** RFC 7636 §4.2: S256 challenge = BASE64URL(SHA256(verifier)). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export interface StateExchange {
  state: string;
  /** Needed the first time; a repeat that only names the account (`accountId`) reuses the tokens waiting on the state. */
  code?: string;
  /** The account to connect when the grant covers several (a Printify shop id). */
  accountId?: string;
  /** The account the vendor's redirect names (Shopify's `shop`): it must be the one the flow was started for. */
  redirectAccount?: string;
}

/**
 * The exchange of a flow started here: claims the state (unknown, expired, used or another
 * platform's: 400 naming `state`, nothing written), exchanges the code with its PKCE verifier,
 * identifies the account and connects it. When the grant covers several accounts and none is
 * named (409 listing them), or anything after the code exchange fails, the tokens wait on the
 * state, sealed, for a repeat with the same state — without the code, which is spent. A vendor
 * failure during the code exchange leaves the state usable.
 */
export async function exchangeWithState(runtime: Runtime, platform: string, request: StateExchange): Promise<ConnectedAccount> {
  checkPlatform(runtime, platform);
  const live = await runtime.connectors.get(platform);
  const { db } = runtime.database;
  const now = runtime.clock.now();
  // A redirect for another account is refused before the state is claimed: the caller's mistake
  // (or someone's replay) writes nothing, and the rightful redirect still works.
  if (request.redirectAccount !== undefined) {
    const pending = await peekAccountHint(db, request.state, platform, now);
    if (pending !== undefined && pending.accountHint !== request.redirectAccount) throw wrongAccount();
  }
  const claimed = await claimOAuthState(db, request.state, platform, now);
  if (!claimed) throw new ValidationError('state is unknown, expired or already used: start the connection again', [{ path: 'state', message: 'unknown, expired or already used' }]);
  if (request.redirectAccount !== undefined && request.redirectAccount !== claimed.accountHint) {
    await releaseOAuthState(db, request.state); // only a concurrent start could get here: nothing spent
    throw wrongAccount();
  }
  const exchange = {
    ...(request.code === undefined ? {} : { code: request.code }),
    ...(claimed.codeVerifierEnc === null ? {} : { codeVerifier: live.cipher.decrypt(claimed.codeVerifierEnc) }),
    ...(request.accountId === undefined ? {} : { shopId: request.accountId }),
    ...(claimed.accountHint === null ? {} : { shop: claimed.accountHint }),
  };
  let tokens: TokenSet;
  if (claimed.pendingTokensEnc !== null) tokens = revive(live.cipher.decrypt(claimed.pendingTokensEnc));
  else {
    if (request.code === undefined) {
      await releaseOAuthState(db, request.state); // the caller's slip costs them no new consent
      throw new ValidationError('code is required', [{ path: 'code', message: 'required for a state whose code was not exchanged yet' }]);
    }
    try {
      tokens = await live.connector.auth.exchange(live.client, exchange);
    } catch (error) {
      // The vendor failed, not the caller: the state stays usable for a retry until it expires.
      if (error instanceof RetryableError || error instanceof RateLimitedError) await releaseOAuthState(db, request.state);
      throw error;
    }
  }
  try {
    const connected = await connectAccount(runtime, platform, claimed.tenantId, exchange, { tokens });
    await dropPendingTokens(db, request.state);
    return connected;
  } catch (error) {
    // The code is spent but the tokens are good: they wait on the state, sealed, so the repeat
    // (a shop to choose, a mistyped shop_id, a vendor hiccup) needs no new consent. A grant the
    // vendor refused is not kept.
    if (!(error instanceof ReauthRequiredError)) await parkTokensOnState(db, request.state, live.cipher.encrypt(JSON.stringify(tokens)));
    throw error;
  }
}

/**
 * The exchange of a flow whose vendor signs its redirect (Shopify): the raw query string the
 * redirect URI received is checked by the connector (HMAC, shop) before the state is claimed;
 * the shop it names must be the one the flow was started for.
 */
export async function exchangeRedirect(runtime: Runtime, platform: string, rawQuery: string): Promise<ConnectedAccount> {
  checkPlatform(runtime, platform);
  const live = await runtime.connectors.get(platform);
  if (!live.connector.auth.readRedirect) throw new ValidationError(`${platform} takes {state, code}, not a redirect query`, [{ path: 'query', message: 'not used by this platform' }]);
  const redirect = live.connector.auth.readRedirect(live.client, rawQuery);
  return exchangeWithState(runtime, platform, { state: redirect.state, code: redirect.code, redirectAccount: redirect.account });
}

function wrongAccount(): ValidationError {
  return new ValidationError('shop is not the shop this connection was started for', [{ path: 'shop', message: 'must be the shop the start named' }]);
}

function revive(json: string): TokenSet {
  const raw = JSON.parse(json) as Omit<TokenSet, 'expiresAt'> & { expiresAt: string | null };
  return { ...raw, expiresAt: raw.expiresAt === null ? null : new Date(raw.expiresAt) };
}
