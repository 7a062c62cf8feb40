import type { Kysely, Selectable, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ConnectionsTable, ConnectionStatus } from '../../db/tables/connections.table.js';
import type { Trx } from '../../db/transaction.js';
import { upsertRows } from '../../db/upsert.js';
import { GRANT_KEY_PREFIX } from '../budgets/budget-account.js';
import { fromDbTime, toDbTime } from '../../db/values.js';

export interface Connection {
  id: number;
  tenantId: string;
  platform: string;
  externalAccountId: string;
  displayName: string | null;
  scopes: string;
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  tokenExpiresAt: Date | null;
  status: ConnectionStatus;
  lastError: string | null;
  /** A Printify shop's `sales_channel` (COGS links through it); null elsewhere. */
  salesChannel: string | null;
  /** Shared by the connections that hold one grant (a Printify personal token's shops); null before migration 0011. */
  grantFingerprint: string | null;
  /** What the grant cannot read (AccountIdentity.limitations); empty when nothing. */
  limitations: string[];
}

/** Pure: the stored JSON array of limitations (NULL: none). */
export function parseLimitations(stored: string | null | undefined): string[] {
  if (stored === null || stored === undefined) return [];
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string') : [];
}

function toConnection(row: Selectable<ConnectionsTable>): Connection {
  return {
    id: Number(row.id),
    tenantId: row.tenant_id,
    platform: row.platform,
    externalAccountId: row.external_account_id,
    displayName: row.display_name,
    scopes: row.scopes,
    accessTokenEnc: row.access_token_enc,
    refreshTokenEnc: row.refresh_token_enc,
    tokenExpiresAt: row.token_expires_at === null ? null : fromDbTime(row.token_expires_at),
    status: row.status,
    lastError: row.last_error,
    salesChannel: row.sales_channel ?? null,
    grantFingerprint: row.grant_fingerprint,
    limitations: parseLimitations(row.limitations),
  };
}

export interface ConnectionGrant {
  tenantId: string;
  platform: string;
  externalAccountId: string;
  displayName: string | null;
  scopes: string;
  accessTokenEnc: string;
  /** Undefined keeps the stored refresh token (Google sends one only on first consent). */
  refreshTokenEnc: string | undefined;
  tokenExpiresAt: Date | null;
  /** Where the account sells (a Printify shop's `sales_channel`); null for the others. */
  salesChannel?: string | null;
  /** TokenCipher.fingerprint of the grant's token (its refresh token, else its access token); unset: none is kept. */
  grantFingerprint?: string | null;
  /** What the grant cannot read; each grant states its own (a reconnect with more scopes clears them). */
  limitations?: readonly string[];
}

/** Columns a new grant replaces on an existing connection (the refresh token only when one came). */
const GRANT_COLUMNS = ['display_name', 'scopes', 'access_token_enc', 'token_expires_at', 'status', 'last_error', 'sales_channel', 'grant_fingerprint', 'limitations', 'updated_at'] as const;

/**
 * Creates or re-activates the tenant's connection to an account with fresh tokens, as one
 * upsert on (tenant_id, platform, external_account_id), so a double submit cannot collide.
 * Takes a transaction: whether it `created` the row is read in the same one.
 */
export async function saveConnectionGrant(trx: Trx, grant: ConnectionGrant, now: Date): Promise<{ connection: Connection; created: boolean }> {
  const existed = (await findConnection(trx, grant.tenantId, grant.platform, grant.externalAccountId)) !== undefined;
  const row = {
    tenant_id: grant.tenantId,
    platform: grant.platform,
    external_account_id: grant.externalAccountId,
    display_name: grant.displayName,
    scopes: grant.scopes,
    access_token_enc: grant.accessTokenEnc,
    refresh_token_enc: grant.refreshTokenEnc ?? null,
    token_expires_at: grant.tokenExpiresAt === null ? null : toDbTime(grant.tokenExpiresAt),
    status: 'active' as const,
    last_error: null,
    sales_channel: grant.salesChannel ?? null,
    grant_fingerprint: grant.grantFingerprint ?? null,
    limitations: grant.limitations && grant.limitations.length > 0 ? JSON.stringify(grant.limitations) : null,
    created_at: toDbTime(now),
    updated_at: toDbTime(now),
  };
  const update = grant.refreshTokenEnc === undefined ? GRANT_COLUMNS : [...GRANT_COLUMNS, 'refresh_token_enc' as const];
  await upsertRows(trx, 'connections', [row], { key: ['tenant_id', 'platform', 'external_account_id'], update });
  const saved = await findConnection(trx, grant.tenantId, grant.platform, grant.externalAccountId);
  if (!saved) throw new Error('connection vanished after save');
  return { connection: saved, created: !existed };
}

export async function findConnection(db: Kysely<Database>, tenantId: string, platform: string, externalAccountId: string): Promise<Connection | undefined> {
  const row = await db
    .selectFrom('connections')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('platform', '=', platform)
    .where('external_account_id', '=', externalAccountId)
    .executeTakeFirst();
  return row && toConnection(row);
}

export async function getConnection(db: Kysely<Database>, id: number): Promise<Connection | undefined> {
  const row = await db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toConnection(row);
}

/** The account ids of these connections, by connection id (a job list names each job's account). */
export async function accountIdsOf(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('connections').select(['id', 'external_account_id']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [Number(row.id), row.external_account_id]));
}

/**
 * Every tenant's connections an account-scoped budget key counts together: those to one platform
 * account, or — a key of a budget counted per grant — those holding one grant.
 */
export async function connectionIdsOfAccount(db: Kysely<Database>, platform: string, budgetKey: string): Promise<number[]> {
  // A budget counted per grant (lib/budgets/budget-account.ts) names its connections by fingerprint.
  const byGrant = budgetKey.startsWith(GRANT_KEY_PREFIX);
  const rows = await db
    .selectFrom('connections')
    .select('id')
    .where('platform', '=', platform)
    .where(byGrant ? 'grant_fingerprint' : 'external_account_id', '=', byGrant ? budgetKey.slice(GRANT_KEY_PREFIX.length) : budgetKey)
    .execute();
  return rows.map((row) => Number(row.id));
}

export async function listConnections(db: Kysely<Database>, filter: { platform: string; tenantId?: string; status?: ConnectionStatus }): Promise<Connection[]> {
  let query = db.selectFrom('connections').selectAll().where('platform', '=', filter.platform);
  if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return (await query.orderBy('id').execute()).map(toConnection);
}

/**
 * The grant a task's tokens came from, identified by its sealed refresh token — or, for a grant
 * that has none (a Printify personal token), by its sealed access token, which then never
 * changes but on a reconnect: token writes apply only while that grant is still the
 * connection's, so a task that started before the user reconnected cannot overwrite the new
 * tokens or mark the fresh connection lost. Sealing uses a random IV, so a reconnect with the
 * very same token is a new grant too.
 */
export interface GrantRef {
  id: number;
  refreshTokenEnc: string | null;
  accessTokenEnc: string | null;
}

export async function updateAccessToken(
  db: Kysely<Database>,
  grant: GrantRef,
  tokens: { accessTokenEnc: string; refreshTokenEnc?: string; tokenExpiresAt: Date | null },
  now: Date,
): Promise<boolean> {
  const result = await sameGrant(
    db.updateTable('connections').set({
      access_token_enc: tokens.accessTokenEnc,
      token_expires_at: tokens.tokenExpiresAt === null ? null : toDbTime(tokens.tokenExpiresAt),
      updated_at: toDbTime(now),
      ...(tokens.refreshTokenEnc === undefined ? {} : { refresh_token_enc: tokens.refreshTokenEnc }),
    }),
    grant,
  ).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Returns false when the connection has been re-authorized since `grant` was read. Two tasks
 * losing the same grant at once both get true: MySQL (without FOUND_ROWS) counts the second,
 * identical update as changing nothing, so a miss is checked against the stored grant.
 */
export async function markNeedsReauth(db: Kysely<Database>, grant: GrantRef, reason: string, now: Date): Promise<boolean> {
  const result = await sameGrant(
    db.updateTable('connections').set({ status: 'needs_reauth', last_error: reason, updated_at: toDbTime(now) }).where('status', '!=', 'disconnected'),
    grant,
  ).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return true;
  const current = await getConnection(db, grant.id);
  return current !== undefined && current.status === 'needs_reauth' && holdsGrant(current, grant);
}

/**
 * The tenant's other connections that hold the same grant (the same `grant_fingerprint` on the
 * same platform: a Printify personal token is stored with each shop it connected) are marked
 * `needs_reauth` with `reason` once one of them lost it. Only active ones: a disconnected
 * connection stays so. A connection reconnected with another token has another fingerprint and
 * is left alone. Another tenant's connections are theirs to find out about. Answers how many.
 */
export async function markGrantSharersNeedsReauth(
  db: Kysely<Database>,
  lost: Pick<Connection, 'id' | 'tenantId' | 'platform' | 'grantFingerprint'>,
  reason: string,
  now: Date,
): Promise<number> {
  if (lost.grantFingerprint === null) return 0;
  const result = await db
    .updateTable('connections')
    .set({ status: 'needs_reauth', last_error: reason, updated_at: toDbTime(now) })
    .where('tenant_id', '=', lost.tenantId)
    .where('platform', '=', lost.platform)
    .where('grant_fingerprint', '=', lost.grantFingerprint)
    .where('id', '!=', lost.id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Whether the connection still holds the grant (GrantRef): its refresh token, or without one its access token. */
function holdsGrant(connection: Pick<Connection, 'refreshTokenEnc' | 'accessTokenEnc'>, grant: GrantRef): boolean {
  if (grant.refreshTokenEnc !== null) return connection.refreshTokenEnc === grant.refreshTokenEnc;
  return connection.refreshTokenEnc === null && connection.accessTokenEnc === grant.accessTokenEnc;
}

function sameGrant<Q extends UpdateQueryBuilder<Database, 'connections', 'connections', UpdateResult>>(query: Q, grant: GrantRef): Q {
  const byId = query.where('id', '=', grant.id);
  if (grant.refreshTokenEnc !== null) return byId.where('refresh_token_enc', '=', grant.refreshTokenEnc) as Q;
  const noRefresh = byId.where('refresh_token_enc', 'is', null);
  return (grant.accessTokenEnc === null ? noRefresh.where('access_token_enc', 'is', null) : noRefresh.where('access_token_enc', '=', grant.accessTokenEnc)) as Q;
}

/** A connection as the admin API shows it: no token column is even read. */
export interface ConnectionSummary {
  id: number;
  tenantId: string;
  platform: string;
  externalAccountId: string;
  displayName: string | null;
  status: ConnectionStatus;
  scopes: string;
  lastError: string | null;
  limitations: string[];
  createdAt: Date;
}

/** Every platform's connections, filtered, oldest first (the admin page lists them per tenant). */
export async function listConnectionSummaries(
  db: Kysely<Database>,
  filter: { tenantId?: string; platform?: string; status?: ConnectionStatus },
): Promise<ConnectionSummary[]> {
  let query = db
    .selectFrom('connections')
    .select(['id', 'tenant_id', 'platform', 'external_account_id', 'display_name', 'status', 'scopes', 'last_error', 'limitations', 'created_at']);
  if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.platform !== undefined) query = query.where('platform', '=', filter.platform);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const rows = await query.orderBy('tenant_id').orderBy('id').execute();
  return rows.map((row) => ({
    id: Number(row.id),
    tenantId: row.tenant_id,
    platform: row.platform,
    externalAccountId: row.external_account_id,
    displayName: row.display_name,
    status: row.status,
    scopes: row.scopes,
    lastError: row.last_error,
    limitations: parseLimitations(row.limitations),
    createdAt: fromDbTime(row.created_at),
  }));
}
