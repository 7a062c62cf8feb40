import { sql, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';
import { hasColumn, hasIndex } from './schema-probes.js';

/**
 * `connections.grant_fingerprint`: a keyed fingerprint of the grant a connection holds (HMAC-SHA256
 * under a key derived from TOKEN_ENCRYPTION_KEY, lib/shared/token-cipher.ts), never the token.
 * Sealed tokens cannot be compared (each has its own random IV), so this is how the connections
 * that share one grant are found — a Printify personal token covers every shop of the merchant,
 * each shop its own connection (DESIGN.md), and revoking it marks them all `needs_reauth`.
 * Indexed by (`tenant_id`, `platform`, `grant_fingerprint`), the lookup's shape. Existing rows
 * keep NULL (the migration has no key): they join their siblings at their next connect.
 * Each step skips itself when done, so a run that stopped half-way can run again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  if (!(await hasColumn(db, 'connections', 'grant_fingerprint'))) {
    await db.schema.alterTable('connections').addColumn('grant_fingerprint', mysql ? sql`varchar(64)` : sql`text`).execute();
  }
  if (!(await hasIndex(db, mysql, 'connections', 'connections_tenant_grant'))) {
    await db.schema.createIndex('connections_tenant_grant').on('connections').columns(['tenant_id', 'platform', 'grant_fingerprint']).execute();
  }
}
