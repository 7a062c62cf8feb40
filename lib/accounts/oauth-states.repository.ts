import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { fromDbTime, toDbTime } from '../../db/values.js';

/** A started OAuth flow, as its exchange finds it. */
export interface OAuthState {
  platform: string;
  tenantId: string;
  codeVerifierEnc: string | null;
  pendingTokensEnc: string | null;
  /** The account the flow was started for (a Shopify shop); null when the flow names none. */
  accountHint: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Only the state's hash is stored: a leaked row cannot finish anyone's flow. */
export function stateHash(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

export async function saveOAuthState(
  db: Kysely<Database>,
  state: string,
  row: { platform: string; tenantId: string; codeVerifierEnc: string | null; accountHint?: string | null; expiresAt: Date },
  now: Date,
): Promise<void> {
  await db
    .insertInto('oauth_states')
    .values({
      state_hash: stateHash(state),
      platform: row.platform,
      tenant_id: row.tenantId,
      code_verifier_enc: row.codeVerifierEnc,
      pending_tokens_enc: null,
      account_hint: row.accountHint ?? null,
      expires_at: toDbTime(row.expiresAt),
      used_at: null,
      created_at: toDbTime(now),
    })
    .execute();
}

/** The account hint of a started flow still usable (unexpired, unused), without claiming it; undefined when there is none. */
export async function peekAccountHint(db: Kysely<Database>, state: string, platform: string, now: Date): Promise<{ accountHint: string | null } | undefined> {
  const row = await db
    .selectFrom('oauth_states')
    .select('account_hint')
    .where('state_hash', '=', stateHash(state))
    .where('platform', '=', platform)
    .where('used_at', 'is', null)
    .where('expires_at', '>', toDbTime(now))
    .executeTakeFirst();
  return row && { accountHint: row.account_hint ?? null };
}

/**
 * Claims a started flow for one exchange, atomically: the state must exist for this platform,
 * be unexpired and unused; it is marked used in the same statement, so two exchanges of one state
 * cannot both proceed (and no transaction is held while the vendor is called). Undefined when the
 * claim failed.
 */
export async function claimOAuthState(db: Kysely<Database>, state: string, platform: string, now: Date): Promise<OAuthState | undefined> {
  const hash = stateHash(state);
  const claimed = await db
    .updateTable('oauth_states')
    .set({ used_at: toDbTime(now) })
    .where('state_hash', '=', hash)
    .where('platform', '=', platform)
    .where('used_at', 'is', null)
    .where('expires_at', '>', toDbTime(now))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return undefined;
  const row = await db.selectFrom('oauth_states').selectAll().where('state_hash', '=', hash).executeTakeFirstOrThrow();
  return {
    platform: row.platform,
    tenantId: row.tenant_id,
    codeVerifierEnc: row.code_verifier_enc,
    pendingTokensEnc: row.pending_tokens_enc,
    accountHint: row.account_hint ?? null,
    expiresAt: fromDbTime(row.expires_at),
    usedAt: row.used_at === null ? null : fromDbTime(row.used_at),
  };
}

/**
 * The code was exchanged but the account must still be chosen (a Printify account with several
 * shops): the tokens wait on the state, sealed, and the state is usable again until it expires.
 */
export async function parkTokensOnState(db: Kysely<Database>, state: string, pendingTokensEnc: string): Promise<void> {
  await db.updateTable('oauth_states').set({ pending_tokens_enc: pendingTokensEnc, used_at: null }).where('state_hash', '=', stateHash(state)).execute();
}

/** The vendor failed, not the caller: the state is usable again (until it expires) for a retry. */
export async function releaseOAuthState(db: Kysely<Database>, state: string): Promise<void> {
  await db.updateTable('oauth_states').set({ used_at: null }).where('state_hash', '=', stateHash(state)).execute();
}

/** The flow is over: any tokens waiting on the state are dropped (it stays used). */
export async function dropPendingTokens(db: Kysely<Database>, state: string): Promise<void> {
  await db.updateTable('oauth_states').set({ pending_tokens_enc: null }).where('state_hash', '=', stateHash(state)).execute();
}

/** Removes states past their expiry (called by the start endpoint; the table stays small). */
export async function pruneOAuthStates(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('oauth_states').where('expires_at', '<', toDbTime(new Date(now.getTime() - 24 * 3_600_000))).executeTakeFirst();
  return Number(result.numDeletedRows);
}
