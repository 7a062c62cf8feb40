import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.js';
import { markGrantSharersNeedsReauth, markNeedsReauth, updateAccessToken, type Connection, type GrantRef } from '../../connections/connections.repository.js';
import { AccessTokenRejectedError, ConfigError, ReauthRequiredError, RetryableError } from '../../errors.js';
import type { Clock } from '../../shared/clock.js';
import type { TokenCipher } from '../../shared/token-cipher.js';
import type { TokenSet } from './token-set.js';

export interface TokenSessionDeps {
  db: Kysely<Database>;
  cipher: TokenCipher;
  clock: Clock;
  /** The platform's refresh call; a revoked grant throws ReauthRequiredError. */
  refresh(refreshToken: string): Promise<TokenSet>;
}

/** Refresh when the access token expires within this margin, before the call, not after a 401. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/**
 * One task's view of a connection's tokens, for every OAuth platform: refreshes a minute
 * before expiry and once after a 401 (AccessTokenRejectedError), stores refreshed tokens
 * sealed, and marks the connection `needs_reauth` when the grant is gone or falls short
 * (a ReauthRequiredError from the refresh or from the call itself) — and with it the tenant's
 * other connections holding the same grant (one Printify personal token, several shops). Every
 * write is grant-guarded: it applies only while the connection still holds the grant this
 * session read (its refresh token, or its access token when it has none), so a task that
 * started before the user reconnected cannot undo the reconnect.
 */
export class TokenSession {
  readonly #deps: TokenSessionDeps;
  readonly #connection: Connection;
  #accessToken: string | undefined;
  #expiresAt: Date | null;
  /** The grant this session holds; a rotated refresh token becomes the new one once stored. */
  #refreshTokenEnc: string | null;
  /** Sealed, as stored: what identifies the grant when it has no refresh token (GrantRef). */
  #accessTokenEnc: string | null;

  constructor(deps: TokenSessionDeps, connection: Connection) {
    this.#deps = deps;
    this.#connection = connection;
    this.#refreshTokenEnc = connection.refreshTokenEnc;
    this.#accessTokenEnc = connection.accessTokenEnc;
    this.#accessToken = connection.accessTokenEnc ? this.#unseal(connection.accessTokenEnc) : undefined;
    this.#expiresAt = connection.tokenExpiresAt;
  }

  /** Runs `run` with a valid access token, refreshing first or once after a rejection. */
  async call<T>(run: (accessToken: string) => Promise<T>): Promise<T> {
    const now = this.#deps.clock.now().getTime();
    if (!this.#accessToken || (this.#expiresAt && this.#expiresAt.getTime() - now < TOKEN_REFRESH_MARGIN_MS)) await this.#refresh();
    try {
      return await run(this.#accessToken!);
    } catch (error) {
      // The API says the grant itself is not enough (e.g. a missing scope): the user must act.
      if (error instanceof ReauthRequiredError) await this.#lose(error.message);
      if (!(error instanceof AccessTokenRejectedError)) throw error;
      await this.#refresh();
      try {
        return await run(this.#accessToken!);
      } catch (retryError) {
        if (retryError instanceof AccessTokenRejectedError) await this.#lose(`access token rejected after refresh: ${retryError.message}`);
        throw retryError;
      }
    }
  }

  /** A token that does not decrypt means TOKEN_ENCRYPTION_KEY changed: the operator must act. */
  #unseal(sealed: string): string {
    try {
      return this.#deps.cipher.decrypt(sealed);
    } catch (cause) {
      throw new ConfigError(`stored tokens of connection ${this.#connection.id} do not decrypt: was TOKEN_ENCRYPTION_KEY changed?`, { cause });
    }
  }

  get #grant(): GrantRef {
    return { id: this.#connection.id, refreshTokenEnc: this.#refreshTokenEnc, accessTokenEnc: this.#accessTokenEnc };
  }

  async #refresh(): Promise<void> {
    const { db, cipher, clock } = this.#deps;
    if (!this.#refreshTokenEnc) await this.#lose('no refresh token stored');
    try {
      const tokens = await this.#deps.refresh(this.#unseal(this.#refreshTokenEnc!));
      this.#accessToken = tokens.accessToken;
      this.#expiresAt = tokens.expiresAt;
      const rotated = tokens.refreshToken ? cipher.encrypt(tokens.refreshToken) : undefined;
      const accessTokenEnc = cipher.encrypt(tokens.accessToken);
      const stored = await updateAccessToken(db, this.#grant, { accessTokenEnc, tokenExpiresAt: tokens.expiresAt, ...(rotated ? { refreshTokenEnc: rotated } : {}) }, clock.now());
      if (stored) this.#accessTokenEnc = accessTokenEnc;
      if (stored && rotated) this.#refreshTokenEnc = rotated;
    } catch (error) {
      if (error instanceof ReauthRequiredError) await this.#lose(error.message);
      throw error;
    }
  }

  async #lose(reason: string): Promise<never> {
    const { db, clock } = this.#deps;
    if (!(await markNeedsReauth(db, this.#grant, reason, clock.now()))) {
      throw new RetryableError(`connection ${this.#connection.id} was re-authorized while this task ran; retrying with the new grant`);
    }
    // The grant is gone for every connection holding it (DESIGN.md: a Printify personal token
    // covering several shops), not only for the one whose task found out.
    await markGrantSharersNeedsReauth(db, this.#connection, `${reason} (found by connection ${this.#connection.id}, which holds the same grant)`, clock.now());
    throw new ReauthRequiredError(`connection ${this.#connection.id} needs re-authorization: ${reason}`);
  }
}
