import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { sql, type Kysely } from 'kysely';
import { migrateToLatest } from '../../../db/migrate.js';
import { hasIndex } from '../../../db/migrations/schema-probes.js';
import * as grantFingerprint from '../../../db/migrations/0011-grant-fingerprint.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const T = '2026-11-29 10:00:00.000';

// Migration 0011 over a 0010 database: connections.grant_fingerprint, NULL on the connections
// that exist (the migration has no key to compute it), its lookup index, and a second run that
// changes nothing.
describeEachEngine('migration 0011 (connections.grant_fingerprint)', (engine) => {
  let database: TestDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrateUpTo: '0010-oauth-states' });
    db = database.db as Kysely<any>;
    await db.insertInto('connections').values({ tenant_id: 'acme', platform: 'printify', external_account_id: '42', scopes: '', status: 'active', created_at: T, updated_at: T }).execute();
    expect((await migrateToLatest(database.db))[0]).toBe('0011-grant-fingerprint');
  });
  afterAll(() => database?.drop());

  it('adds grant_fingerprint, NULL on existing connections, holding a 64-character hex HMAC', async () => {
    expect(await db.selectFrom('connections').select(['external_account_id', 'grant_fingerprint']).execute()).toEqual([{ external_account_id: '42', grant_fingerprint: null }]);
    await db.updateTable('connections').set({ grant_fingerprint: 'f'.repeat(64) }).execute();
    expect((await db.selectFrom('connections').select('grant_fingerprint').executeTakeFirstOrThrow()).grant_fingerprint).toBe('f'.repeat(64));
  });

  it('indexes (tenant_id, platform, grant_fingerprint)', async () => {
    expect(await hasIndex(db, engine === 'mysql', 'connections', 'connections_tenant_grant')).toBe(true);
  });

  it('running it again changes nothing (a run cut short on MySQL can be repeated)', async () => {
    const before = await db.selectFrom('connections').selectAll().execute();
    await grantFingerprint.up(db);
    expect(await db.selectFrom('connections').selectAll().execute()).toEqual(before);
    const columns = engine === 'mysql' ? await sql`select column_name from information_schema.columns where table_schema = database() and table_name = 'connections' and column_name = 'grant_fingerprint'`.execute(db) : await sql`select name from pragma_table_info('connections') where name = 'grant_fingerprint'`.execute(db);
    expect(columns.rows).toHaveLength(1);
  });
});
