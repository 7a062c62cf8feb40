import { sql, type Kysely } from 'kysely';
import { sqlFlavorOf } from '../sql-flavor.js';
import { hasColumn } from './schema-probes.js';

/**
 * Two nullable columns for Shopify (issue 12), each step skipping itself when done:
 * - `oauth_states.account_hint`: the account a flow was started for (the Shopify shop the
 *   consent URL points at); the exchange must come back for that same account.
 * - `connections.limitations`: JSON array of what the grant cannot read (a shop without
 *   `read_all_orders`: orders older than 60 days), shown on the connection instead of failing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const mysql = sqlFlavorOf(db) === 'mysql';
  if (!(await hasColumn(db, 'oauth_states', 'account_hint'))) await db.schema.alterTable('oauth_states').addColumn('account_hint', mysql ? sql`varchar(255)` : sql`text`).execute();
  if (!(await hasColumn(db, 'connections', 'limitations'))) await db.schema.alterTable('connections').addColumn('limitations', sql`text`).execute();
}
