import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { CommerceOwner } from '../../../lib/commerce/commerce-owner.js';
import { upsertOrders } from '../../../lib/commerce/orders.repository.js';
import { clearCommerce, cogsOf, connect, printifyOrder, salesOrder, storeOrders } from '../../support/commerce-fixtures.js';
import { testEnv } from '../../support/test-env.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const NOW = new Date('2026-04-01T00:00:00.000Z');
const describeMysql = testEnv.engines.includes('mysql') ? describe : describe.skip;

/** A promise and its resolver, to hold one transaction at a chosen point while another runs. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

// An Etsy sync and a Printify sync of one tenant run in parallel lanes: a sales order and the
// Printify order that links to it can be written by concurrent transactions, each reading
// before the other commits. Neither may miss the other: COGS linking's reads lock, so they wait
// for the other's uncommitted rows (SQLite has one writer at a time, so only MySQL needs this).
describeMysql('COGS linking under concurrent transactions [mysql]', () => {
  let database: TestDatabase;
  let etsy: CommerceOwner;
  let printify: CommerceOwner;

  beforeAll(async () => {
    database = await createTestDatabase('mysql', { connectionLimit: 4 });
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await clearCommerce(database.db);
    etsy = await connect(database.db, 'acme', 'etsy', 'etsy-shop');
    printify = await connect(database.db, 'acme', 'printify', 'pf-1', 'etsy');
  });

  it('a sales order written while its Printify order is still uncommitted links once that commits', async () => {
    const printifyWritten = gate();
    const printifyStep = database.db.transaction().execute(async (trx) => {
      await upsertOrders(trx, printify, [printifyOrder('pf-a', '1001', 1550)], [], NOW);
      printifyWritten.open();
      await new Promise((resolve) => setTimeout(resolve, 300)); // the Etsy step runs meanwhile
    });
    await printifyWritten.opened;
    await Promise.all([printifyStep, storeOrders(database.db, etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000)])]);
    expect(await cogsOf(database.db, 'acme', 'etsy')).toEqual({ '1001': [1550, 'USD'] });
  });

  it('a Printify order written while the sales order is still uncommitted links once it commits', async () => {
    const salesWritten = gate();
    const etsyStep = database.db.transaction().execute(async (trx) => {
      await upsertOrders(trx, etsy, [salesOrder('1001', '2026-03-01T10:00:00Z', 5000)], [], NOW);
      salesWritten.open();
      await new Promise((resolve) => setTimeout(resolve, 300)); // the Printify step runs meanwhile
    });
    await salesWritten.opened;
    await Promise.all([etsyStep, storeOrders(database.db, printify, [printifyOrder('pf-a', '1001', 1550)])]);
    expect(await cogsOf(database.db, 'acme', 'etsy')).toEqual({ '1001': [1550, 'USD'] });
  });
});
