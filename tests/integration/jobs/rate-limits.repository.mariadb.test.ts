import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KyselyPlugin } from 'kysely';
import { inTransaction } from '../../../db/transaction.js';
import { listRateLimitOverrides, saveRateLimitOverrides, type RateLimitOverride } from '../../../lib/budgets/rate-limits.repository.js';
import { testEnv } from '../../support/test-env.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// Two admins' PUTs changing different fields of one budget, on separate connections under
// MariaDB's row locking: both fields stick. (SQLite runs one transaction at a time, so the
// race cannot happen there.)
const describeMysql = testEnv.engines.includes('mysql') ? describe : describe.skip;

/**
 * Holds the first result of each of `parties` transactions until all of them have one (or
 * `maxWaitMs` passed, when one of them is blocked behind the other's lock): the saves are
 * interleaved at their first statement, the widest window for a lost update.
 */
function rendezvous(parties: number, maxWaitMs: number): KyselyPlugin {
  let arrived = 0;
  let release: () => void = () => {};
  const everyone = new Promise<void>((resolve) => (release = resolve));
  return {
    transformQuery: (args) => args.node,
    async transformResult(args) {
      if (arrived < parties) {
        arrived += 1;
        if (arrived === parties) release();
        await Promise.race([everyone, new Promise((resolve) => setTimeout(resolve, maxWaitMs))]);
      }
      return args.result;
    },
  };
}

describeMysql('saveRateLimitOverrides under concurrency [mysql]', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('mysql', { connectionLimit: 4 });
  });
  afterAll(() => database?.drop());

  it('two saves of different fields of one budget, run at once, keep both fields (and the one stored before)', async () => {
    const now = new Date();
    await saveRateLimitOverrides(database.db, [{ budget: 'youtube', dailyQuota: 100 }], now);
    const db = database.db.withPlugin(rendezvous(2, 1_000));
    const save = (override: RateLimitOverride) => inTransaction(db, (trx) => saveRateLimitOverrides(trx, [override], now));
    await Promise.all([save({ budget: 'youtube', requestsPerSecond: 2 }), save({ budget: 'youtube', concurrency: 3 })]);
    expect(await listRateLimitOverrides(database.db)).toEqual([{ budget: 'youtube', requestsPerSecond: 2, dailyQuota: 100, concurrency: 3 }]);
  });

  it('the same for a budget with no row yet: both inserts land in one row', async () => {
    const now = new Date();
    const db = database.db.withPlugin(rendezvous(2, 1_000));
    const save = (override: RateLimitOverride) => inTransaction(db, (trx) => saveRateLimitOverrides(trx, [override], now));
    await Promise.all([save({ budget: 'youtube-data', backfillShare: 0.25 }), save({ budget: 'youtube-data', dailyQuota: 5_000, concurrency: null })]);
    const stored = (await listRateLimitOverrides(database.db)).find((row) => row.budget === 'youtube-data');
    expect(stored).toEqual({ budget: 'youtube-data', backfillShare: 0.25, dailyQuota: 5_000 });
  });
});
