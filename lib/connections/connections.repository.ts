import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ConnectionsTable, ConnectionStatus } from '../../db/tables/connections.table.js';
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
}

/** Creates or re-activates the tenant's connection to an account with fresh tokens; returns it. */
export async function saveConnectionGrant(db: Kysely<Database>, grant: ConnectionGrant, now: Date): Promise<Connection> {
  const existing = await findConnection(db, grant.tenantId, grant.platform, grant.externalAccountId);
  const values = {
    display_name: grant.displayName,
    scopes: grant.scopes,
    access_token_enc: grant.accessTokenEnc,
    token_expires_at: grant.tokenExpiresAt === null ? null : toDbTime(grant.tokenExpiresAt),
    status: 'active' as const,
    last_error: null,
    updated_at: toDbTime(now),
    ...(grant.refreshTokenEnc === undefined ? {} : { refresh_token_enc: grant.refreshTokenEnc }),
  };
  if (existing) {
    await db.updateTable('connections').set(values).where('id', '=', existing.id).execute();
  } else {
    await db
      .insertInto('connections')
      .values({
        tenant_id: grant.tenantId,
        platform: grant.platform,
        external_account_id: grant.externalAccountId,
        refresh_token_enc: grant.refreshTokenEnc ?? null,
        created_at: toDbTime(now),
        ...values,
      })
      .execute();
  }
  const saved = await findConnection(db, grant.tenantId, grant.platform, grant.externalAccountId);
  if (!saved) throw new Error('connection vanished after save');
  return saved;
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

export async function listConnections(db: Kysely<Database>, filter: { platform: string; tenantId?: string; status?: ConnectionStatus }): Promise<Connection[]> {
  let query = db.selectFrom('connections').selectAll().where('platform', '=', filter.platform);
  if (filter.tenantId !== undefined) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return (await query.orderBy('id').execute()).map(toConnection);
}

export async function updateAccessToken(
  db: Kysely<Database>,
  id: number,
  tokens: { accessTokenEnc: string; refreshTokenEnc?: string; tokenExpiresAt: Date | null },
  now: Date,
): Promise<void> {
  await db
    .updateTable('connections')
    .set({
      access_token_enc: tokens.accessTokenEnc,
      token_expires_at: tokens.tokenExpiresAt === null ? null : toDbTime(tokens.tokenExpiresAt),
      updated_at: toDbTime(now),
      ...(tokens.refreshTokenEnc === undefined ? {} : { refresh_token_enc: tokens.refreshTokenEnc }),
    })
    .where('id', '=', id)
    .execute();
}

export async function markNeedsReauth(db: Kysely<Database>, id: number, reason: string, now: Date): Promise<void> {
  await db.updateTable('connections').set({ status: 'needs_reauth', last_error: reason, updated_at: toDbTime(now) }).where('id', '=', id).execute();
}
