import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../../db/migrate.js';
import * as accountHints from '../../../db/migrations/0013-account-hints.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const T = '2026-11-29 10:00:00.000';

// Migration 0013 over a 0012 database: oauth_states.account_hint and connections.limitations,
// NULL on the rows that exist; a second run changes nothing.
describeEachEngine('migration 0013 (oauth_states.account_hint, connections.limitations)', (engine) => {
  let database: TestDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    database = await createTestDatabase(engine, { migrateUpTo: '0012-sync-read-marks' });
    db = database.db as Kysely<any>;
    await db.insertInto('oauth_states').values({ state_hash: 'h', platform: 'etsy', tenant_id: 't', expires_at: T, created_at: T }).execute();
    await db
      .insertInto('connections')
      .values({ tenant_id: 't', platform: 'etsy', external_account_id: '1', scopes: '', status: 'active', created_at: T, updated_at: T })
      .execute();
    expect((await migrateToLatest(database.db))[0]).toBe('0013-account-hints');
  });
  afterAll(() => database?.drop());

  it('adds both columns, NULL on existing rows, holding text', async () => {
    expect(await db.selectFrom('oauth_states').select('account_hint').execute()).toEqual([{ account_hint: null }]);
    expect(await db.selectFrom('connections').select('limitations').execute()).toEqual([{ limitations: null }]);
    await db.updateTable('oauth_states').set({ account_hint: 'shop-1.myshopify.com' }).execute();
    await db.updateTable('connections').set({ limitations: JSON.stringify(['orders older than 60 days']) }).execute();
    expect(await db.selectFrom('connections').select('limitations').executeTakeFirstOrThrow()).toEqual({ limitations: '["orders older than 60 days"]' });
  });

  it('running it again changes nothing', async () => {
    const before = await db.selectFrom('connections').selectAll().execute();
    await accountHints.up(db);
    expect(await db.selectFrom('connections').selectAll().execute()).toEqual(before);
  });
});
