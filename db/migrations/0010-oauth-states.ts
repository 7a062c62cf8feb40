import { sql, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';

/**
 * `oauth_states` (db/tables/oauth-states.table.ts): the state of each started OAuth flow, for
 * the `/api/oauth/{platform}/start` endpoints and their exchanges. Indexed by expiry for the
 * prune of old rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  const time = mysql ? sql`datetime(3)` : sql`text`;
  const text = mysql ? sql`text` : sql`text`;
  const key = (length: number) => (mysql ? sql.raw(`varchar(${length})`) : sql`text`);
  const table = db.schema
    .createTable('oauth_states')
    .ifNotExists()
    .addColumn('state_hash', key(64), (c) => c.primaryKey())
    .addColumn('platform', key(32), (c) => c.notNull())
    .addColumn('tenant_id', key(191), (c) => c.notNull())
    .addColumn('code_verifier_enc', text)
    .addColumn('pending_tokens_enc', text)
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('used_at', time)
    .addColumn('created_at', time, (c) => c.notNull());
  await (mysql ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`) : table).execute();
  await db.schema
    .createIndex('oauth_states_expires')
    .on('oauth_states')
    .column('expires_at')
    .execute()
    .catch((error: { errno?: number; message?: string }) => {
      if (mysql ? error?.errno !== 1061 : !/already exists/.test(error?.message ?? '')) throw error;
    });
}
