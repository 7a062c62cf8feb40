import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import { TokenSession, TOKEN_REFRESH_MARGIN_MS } from '../../../lib/connectors/auth/token-session.js';
import type { TokenSet } from '../../../lib/connectors/auth/token-set.js';
import { getConnection, saveConnectionGrant, type Connection } from '../../../lib/connections/connections.repository.js';
import { AccessTokenRejectedError, ConfigError, ReauthRequiredError, RetryableError } from '../../../lib/errors.js';
import { createTokenCipher } from '../../../lib/shared/token-cipher.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const cipher = createTokenCipher(Buffer.alloc(32, 4));
const now = new Date('2026-11-29T12:00:00.000Z');
const clock = { now: () => now };
const tokens = (access: string, refresh?: string, expiresInMs = 3_600_000): TokenSet => ({ accessToken: access, refreshToken: refresh, expiresAt: new Date(now.getTime() + expiresInMs), scopes: 's' });

// The token session every OAuth connector shares, against real databases and a scripted refresh.
describeEachEngine('TokenSession', (engine) => {
  let database: TestDatabase;
  let refreshes: string[];
  let nextRefresh: () => Promise<TokenSet>;

  const connect = async (access: string, expiresInMs: number, refresh = 'r1'): Promise<Connection> => {
    const grant = { tenantId: 't', platform: 'any', externalAccountId: 'acct', displayName: null, scopes: 's', accessTokenEnc: cipher.encrypt(access), refreshTokenEnc: cipher.encrypt(refresh), tokenExpiresAt: new Date(now.getTime() + expiresInMs) };
    return (await inTransaction(database.db, (trx) => saveConnectionGrant(trx, grant, now))).connection;
  };
  const session = (connection: Connection) =>
    new TokenSession({ db: database.db, cipher, clock, refresh: async (refreshToken) => { refreshes.push(refreshToken); return nextRefresh(); } }, connection);
  const stored = async (id: number) => {
    const row = (await getConnection(database.db, id))!;
    return { status: row.status, access: row.accessTokenEnc && cipher.decrypt(row.accessTokenEnc), refresh: row.refreshTokenEnc && cipher.decrypt(row.refreshTokenEnc) };
  };

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await database.db.deleteFrom('connections').execute();
    refreshes = [];
    nextRefresh = async () => tokens('a2');
  });

  it('uses a valid access token without refreshing', async () => {
    const seen: string[] = [];
    await session(await connect('a1', TOKEN_REFRESH_MARGIN_MS + 1_000)).call(async (token) => seen.push(token));
    expect([seen, refreshes]).toEqual([['a1'], []]);
  });

  it('refreshes before a token that expires within the margin, and stores the new one sealed', async () => {
    const connection = await connect('a1', TOKEN_REFRESH_MARGIN_MS - 1);
    const seen: string[] = [];
    await session(connection).call(async (token) => seen.push(token));
    expect([seen, refreshes]).toEqual([['a2'], ['r1']]);
    expect(await stored(connection.id)).toEqual({ status: 'active', access: 'a2', refresh: 'r1' });
  });

  it('refreshes once after a 401 and repeats the call; a second 401 marks the connection needs_reauth', async () => {
    const connection = await connect('a1', 3_600_000);
    const seen: string[] = [];
    const rejectA1 = async (token: string) => {
      seen.push(token);
      if (token === 'a1') throw new AccessTokenRejectedError('401');
      return token;
    };
    expect(await session(connection).call(rejectA1)).toBe('a2');
    expect(seen).toEqual(['a1', 'a2']);
    await expect(session(connection).call(async () => Promise.reject(new AccessTokenRejectedError('401')))).rejects.toThrow(ReauthRequiredError);
    expect((await stored(connection.id)).status).toBe('needs_reauth');
  });

  it('a revoked grant marks needs_reauth; a rotated refresh token becomes the session\'s grant', async () => {
    const connection = await connect('a1', 0);
    nextRefresh = async () => tokens('a2', 'r2', 0); // rotates, and expires at once
    const s = session(connection);
    await s.call(async () => 'ok');
    expect(await stored(connection.id)).toMatchObject({ access: 'a2', refresh: 'r2' });
    nextRefresh = async () => Promise.reject(new ReauthRequiredError('invalid_grant'));
    await expect(s.call(async () => 'ok')).rejects.toThrow(/needs re-authorization: invalid_grant/);
    expect(refreshes).toEqual(['r1', 'r2']);
    expect((await stored(connection.id)).status).toBe('needs_reauth'); // guarded by r2, the grant it now holds
  });

  it('a grant without a refresh token (a personal access token) ends at its first 401: needs_reauth, no refresh tried', async () => {
    const grant = { tenantId: 't', platform: 'any', externalAccountId: 'shop', displayName: null, scopes: '', accessTokenEnc: cipher.encrypt('pat'), refreshTokenEnc: undefined, tokenExpiresAt: null };
    const connection = (await inTransaction(database.db, (trx) => saveConnectionGrant(trx, grant, now))).connection;
    const s = session(connection);
    expect(await s.call(async (token) => token)).toBe('pat'); // no expiry: never refreshed ahead
    await expect(s.call(async () => Promise.reject(new AccessTokenRejectedError('401')))).rejects.toThrow(/needs re-authorization: no refresh token stored/);
    expect(refreshes).toEqual([]);
    expect((await stored(connection.id)).status).toBe('needs_reauth');
  });

  it('a personal token reconnected while an old task ran: the old token\'s 401 leaves the new grant active, and the task retries with it', async () => {
    const personal = (token: string) => ({ tenantId: 't', platform: 'any', externalAccountId: 'shop', displayName: null, scopes: '', accessTokenEnc: cipher.encrypt(token), refreshTokenEnc: undefined, tokenExpiresAt: null });
    const old = (await inTransaction(database.db, (trx) => saveConnectionGrant(trx, personal('pat-old'), now))).connection;
    const s = session(old);
    await inTransaction(database.db, (trx) => saveConnectionGrant(trx, personal('pat-new'), now)); // the merchant made a new token and reconnected
    await expect(s.call(async () => Promise.reject(new AccessTokenRejectedError('401')))).rejects.toThrow(RetryableError);
    expect(await stored(old.id)).toEqual({ status: 'active', access: 'pat-new', refresh: null });
    // The task's retry reads the connection afresh and works with the new token.
    expect(await session((await getConnection(database.db, old.id))!).call(async (token) => token)).toBe('pat-new');
  });

  it('two tasks of a personal-token connection losing it at once both end needing re-authorization', async () => {
    const grant = { tenantId: 't', platform: 'any', externalAccountId: 'shop', displayName: null, scopes: '', accessTokenEnc: cipher.encrypt('pat'), refreshTokenEnc: undefined, tokenExpiresAt: null };
    const connection = (await inTransaction(database.db, (trx) => saveConnectionGrant(trx, grant, now))).connection;
    const rejected = async () => Promise.reject(new AccessTokenRejectedError('401'));
    const results = await Promise.allSettled([session(connection).call(rejected), session(connection).call(rejected)]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).name : 'fulfilled'))).toEqual(['ReauthRequiredError', 'ReauthRequiredError']);
    expect((await stored(connection.id)).status).toBe('needs_reauth');
  });

  it('a lost grant marks the tenant\'s other connections holding it (same fingerprint), not one reconnected with another token, nor another tenant\'s', async () => {
    const shop = async (tenantId: string, externalAccountId: string, token: string) => {
      const grant = { tenantId, platform: 'any', externalAccountId, displayName: null, scopes: '', accessTokenEnc: cipher.encrypt(token), refreshTokenEnc: undefined, tokenExpiresAt: null, grantFingerprint: cipher.fingerprint(token) };
      return (await inTransaction(database.db, (trx) => saveConnectionGrant(trx, grant, now))).connection;
    };
    const [a, b, renewed, otherTenant] = [await shop('t', 'a', 'pat'), await shop('t', 'b', 'pat'), await shop('t', 'c', 'pat-newer'), await shop('u', 'a', 'pat')];
    await expect(session(a).call(async () => Promise.reject(new AccessTokenRejectedError('401')))).rejects.toThrow(ReauthRequiredError);
    const statuses = await database.db.selectFrom('connections').select(['id', 'status', 'last_error']).orderBy('id').execute();
    expect(statuses.map((row) => [Number(row.id), row.status])).toEqual([
      [a.id, 'needs_reauth'],
      [b.id, 'needs_reauth'],
      [renewed.id, 'active'],
      [otherTenant.id, 'active'],
    ]);
    expect(statuses[1]!.last_error).toContain(`connection ${a.id}`);
  });

  it('two tasks losing the same grant at once both end needing re-authorization, neither retries', async () => {
    const connection = await connect('a1', 0);
    nextRefresh = async () => Promise.reject(new ReauthRequiredError('invalid_grant'));
    const results = await Promise.allSettled([session(connection).call(async () => 'ok'), session(connection).call(async () => 'ok')]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).name : 'fulfilled'))).toEqual(['ReauthRequiredError', 'ReauthRequiredError']);
    expect((await stored(connection.id)).status).toBe('needs_reauth');
  });

  it('a call the API refuses for a missing permission marks the connection needs_reauth', async () => {
    const connection = await connect('a1', 3_600_000);
    await expect(session(connection).call(async () => Promise.reject(new ReauthRequiredError('missing permission (403 insufficientPermissions)')))).rejects.toThrow(/needs re-authorization: missing permission/);
    expect((await stored(connection.id)).status).toBe('needs_reauth');
  });

  it('never overwrites a grant the user renewed while the task ran', async () => {
    const connection = await connect('a1', 0);
    const s = session(connection);
    await connect('fresh', 3_600_000, 'r-fresh'); // the user reconnected: a new grant
    nextRefresh = async () => Promise.reject(new ReauthRequiredError('invalid_grant'));
    await expect(s.call(async () => 'ok')).rejects.toThrow(RetryableError);
    expect(await stored(connection.id)).toEqual({ status: 'active', access: 'fresh', refresh: 'r-fresh' });
  });

  it('tokens that do not decrypt are a configuration error, not a lost grant', async () => {
    const connection = await connect('a1', 3_600_000);
    const other = createTokenCipher(Buffer.alloc(32, 5));
    expect(() => new TokenSession({ db: database.db, cipher: other, clock, refresh: nextRefresh }, connection)).toThrow(ConfigError);
    expect((await stored(connection.id)).status).toBe('active');
  });
});
