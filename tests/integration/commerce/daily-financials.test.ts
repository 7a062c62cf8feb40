import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { inTransaction } from '../../../db/transaction.js';
import type { CommerceOwner } from '../../../lib/commerce/commerce-owner.js';
import { listDailyFinancials, markFinancialDaysDirty, rebuildFinancialDays, takeDirtyFinancialDays } from '../../../lib/commerce/daily-financials.repository.js';
import { clearCommerce, connect, printifyOrder, salesOrder, storeOrders } from '../../support/commerce-fixtures.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const NOW = new Date('2026-04-01T00:00:00.000Z');

// DESIGN.md `daily_financials`: per UTC day of placed_at and currency, the sales orders that are
// revenue (not Etsy Canceled / Fully Refunded, not Shopify REFUNDED / VOIDED), their COGS in the
// COGS's own currency's row, gross profit = revenue − COGS.
describeEachEngine('daily_financials', (engine) => {
  let database: TestDatabase;
  let etsy: CommerceOwner;
  let shopify: CommerceOwner;
  let printifyEtsy: CommerceOwner;
  let printifyShopify: CommerceOwner;
  const db = () => database.db;
  const rebuild = (days: string[] | 'all', tenantId = 'acme') => inTransaction(db(), (trx) => rebuildFinancialDays(trx, tenantId, days, NOW));
  const takeDirty = (tenantId = 'acme') => inTransaction(db(), (trx) => takeDirtyFinancialDays(trx, tenantId));
  const financials = (tenantId = 'acme') => listDailyFinancials(db(), tenantId, '2000-01-01', '2100-01-01');
  const day = (dt: string, currency: string, ordersCount: number, revenueMinor: number, cogsMinor: number) => ({ dt, currency, ordersCount, revenueMinor, cogsMinor, grossProfitMinor: revenueMinor - cogsMinor });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    await clearCommerce(db());
    etsy = await connect(db(), 'acme', 'etsy', 'etsy-shop');
    shopify = await connect(db(), 'acme', 'shopify', 'acme.myshopify.com');
    printifyEtsy = await connect(db(), 'acme', 'printify', 'pf-1', 'etsy');
    printifyShopify = await connect(db(), 'acme', 'printify', 'pf-2', 'shopify');
  });

  /** Hand-computed below. */
  async function seed(): Promise<void> {
    await storeOrders(db(), etsy, [
      salesOrder('e1', '2026-03-01T00:00:00.000Z', 5000, { status: 'Completed' }),
      salesOrder('e2', '2026-03-01T23:59:59.999Z', 2500, { status: 'Partially Refunded' }), // counts whole
      salesOrder('e3', '2026-03-01T12:00:00Z', 9999, { status: 'Canceled' }),
      salesOrder('e4', '2026-03-01T12:00:00Z', 8888, { status: 'Fully Refunded' }),
      salesOrder('e5', '2026-03-01T13:00:00Z', 4000, { currency: 'EUR', status: 'paid' }),
      salesOrder('e6', '2026-03-02T00:00:00.000Z', 1000, { status: 'Paid' }),
      salesOrder('e7', '2026-02-28T23:59:59.999Z', 700),
    ]);
    await storeOrders(db(), shopify, [
      salesOrder('s1', '2026-03-01T09:00:00Z', 3000, { currency: 'JPY', status: 'PAID' }),
      salesOrder('s2', '2026-03-01T09:30:00Z', 3000, { status: 'PARTIALLY_REFUNDED' }),
      salesOrder('s3', '2026-03-01T10:00:00Z', 7777, { status: 'REFUNDED' }),
      salesOrder('s4', '2026-03-01T10:30:00Z', 6666, { status: 'VOIDED' }),
    ]);
    await storeOrders(db(), printifyEtsy, [
      printifyOrder('p1', 'e1', 1200),
      printifyOrder('p2', 'e5', 900), // the EUR order's COGS: the USD row of its day
      printifyOrder('p3', 'e3', 5555), // a canceled receipt's COGS is left out with it
      printifyOrder('p4', 'e6', 300),
    ]);
    await storeOrders(db(), printifyShopify, [
      printifyOrder('p5', 's1', 1000), // a JPY order's COGS: the USD row too
      printifyOrder('p6', 's3', 4444), // refunded: left out
    ]);
  }

  it('sums revenue orders per UTC day and currency; COGS in another currency lands in its own row; refunded, canceled and voided orders count nothing', async () => {
    await seed();
    expect(await rebuild('all')).toBe(5);
    expect(await financials()).toEqual([
      day('2026-02-28', 'USD', 1, 700, 0),
      // e1 + e2 + s2 revenue; COGS e1 1200 + e5 900 (EUR order) + s1 1000 (JPY order)
      day('2026-03-01', 'EUR', 1, 4000, 0),
      day('2026-03-01', 'JPY', 1, 3000, 0),
      day('2026-03-01', 'USD', 3, 5000 + 2500 + 3000, 1200 + 900 + 1000),
      day('2026-03-02', 'USD', 1, 1000, 300),
    ]);
  });

  it('a day whose only COGS is in another currency gets that currency’s row with 0 orders', async () => {
    await storeOrders(db(), etsy, [salesOrder('e5', '2026-03-01T13:00:00Z', 4000, { currency: 'EUR' })]);
    await storeOrders(db(), printifyEtsy, [printifyOrder('p2', 'e5', 900)]);
    await rebuild(['2026-03-01']);
    expect(await financials()).toEqual([day('2026-03-01', 'EUR', 1, 4000, 0), day('2026-03-01', 'USD', 0, 0, 900)]);
  });

  it('rebuilds only the days given: rows of other days stay as they were, a day left without orders loses its rows', async () => {
    await seed();
    await rebuild('all');
    await db().deleteFrom('orders').where('platform_id', 'in', ['e7']).execute();
    await db().updateTable('orders').set({ total_minor: 1 }).where('platform_id', '=', 'e6').execute();
    await db().updateTable('orders').set({ total_minor: 1 }).where('platform_id', '=', 'e1').execute();
    expect(await rebuild(['2026-02-28', '2026-03-02', '2026-03-03'])).toBe(1);
    expect(await financials()).toEqual([
      day('2026-03-01', 'EUR', 1, 4000, 0),
      day('2026-03-01', 'JPY', 1, 3000, 0),
      day('2026-03-01', 'USD', 3, 5000 + 2500 + 3000, 3100), // not rebuilt: still the old e1
      day('2026-03-02', 'USD', 1, 1, 300),
    ]);
  });

  it('is idempotent and per tenant: another tenant’s orders on the same days count only for it', async () => {
    const globex = await connect(db(), 'globex', 'etsy', 'etsy-shop');
    await seed();
    await storeOrders(db(), globex, [salesOrder('e1', '2026-03-01T00:00:00.000Z', 123)]);
    await rebuild('all');
    const first = await financials();
    expect(await rebuild(['2026-02-28', '2026-03-01', '2026-03-02'])).toBe(5);
    expect(await financials()).toEqual(first);
    expect(await rebuild('all', 'globex')).toBe(1);
    expect(await financials('globex')).toEqual([day('2026-03-01', 'USD', 1, 123, 0)]);
    expect(await financials()).toEqual(first);
  });

  it('refuses a malformed day', async () => {
    await expect(rebuild(['2026-3-1'])).rejects.toThrow('not a YYYY-MM-DD day: "2026-3-1"');
  });

  describe('dirty days', () => {
    it('upsertOrders marks the placed_at days of new sales orders, and of sales orders whose COGS changed', async () => {
      await storeOrders(db(), etsy, [salesOrder('e1', '2026-03-01T23:59:59.999Z', 5000), salesOrder('e2', '2026-03-02T00:00:00.000Z', 5000)]);
      expect(await takeDirty()).toEqual(['2026-03-01', '2026-03-02']);
      expect(await takeDirty()).toEqual([]);
      // A Printify order placed on another day marks its sales order's day, not its own.
      await storeOrders(db(), printifyEtsy, [printifyOrder('p1', 'e2', 100, { placedAt: new Date('2026-03-20T00:00:00Z') })]);
      expect(await takeDirty()).toEqual(['2026-03-02']);
      // Unchanged COGS: nothing.
      await storeOrders(db(), printifyEtsy, [printifyOrder('p1', 'e2', 100)]);
      expect(await takeDirty()).toEqual([]);
      // Re-pointed: both sales orders' days.
      await storeOrders(db(), printifyEtsy, [printifyOrder('p1', 'e1', 100)]);
      expect(await takeDirty()).toEqual(['2026-03-01', '2026-03-02']);
    });

    it('re-reading unchanged sales orders (a sync’s overlap) marks nothing, a linked one included; a change in status, total, currency or day marks it', async () => {
      const e1 = salesOrder('e1', '2026-03-01T10:00:00Z', 5000);
      await storeOrders(db(), etsy, [e1, salesOrder('e2', '2026-03-02T10:00:00Z', 5000)]);
      await storeOrders(db(), printifyEtsy, [printifyOrder('p1', 'e1', 100)]);
      await takeDirty();
      await storeOrders(db(), etsy, [e1, salesOrder('e2', '2026-03-02T10:00:00Z', 5000, { platformUpdatedAt: new Date('2026-03-09T00:00:00Z') })]);
      expect(await takeDirty()).toEqual([]);
      for (const change of [{ status: 'Canceled' }, { totalMinor: 4000 }, { currency: 'EUR' }]) {
        await storeOrders(db(), etsy, [{ ...e1, ...change }]);
        expect([change, await takeDirty()]).toEqual([change, ['2026-03-01']]);
        await storeOrders(db(), etsy, [e1]);
        await takeDirty();
      }
      await storeOrders(db(), etsy, [{ ...e1, placedAt: new Date('2026-03-04T10:00:00Z') }]);
      expect(await takeDirty()).toEqual(['2026-03-01', '2026-03-04']);
    });

    it('marks per tenant; taking one tenant’s days leaves the other’s; marking twice keeps one entry', async () => {
      await inTransaction(db(), (trx) => markFinancialDaysDirty(trx, 'acme', ['2026-03-02', '2026-03-01', '2026-03-02'], NOW));
      await inTransaction(db(), (trx) => markFinancialDaysDirty(trx, 'acme', ['2026-03-01'], new Date('2026-04-02T00:00:00Z')));
      await inTransaction(db(), (trx) => markFinancialDaysDirty(trx, 'globex', ['2026-03-05'], NOW));
      expect(await db().selectFrom('financial_days_dirty').select(['tenant_id', 'dt', 'marked_at']).orderBy('tenant_id').orderBy('dt').execute()).toEqual([
        { tenant_id: 'acme', dt: '2026-03-01', marked_at: '2026-04-02 00:00:00.000' },
        { tenant_id: 'acme', dt: '2026-03-02', marked_at: '2026-04-01 00:00:00.000' },
        { tenant_id: 'globex', dt: '2026-03-05', marked_at: '2026-04-01 00:00:00.000' },
      ]);
      expect(await takeDirty()).toEqual(['2026-03-01', '2026-03-02']);
      expect(await takeDirty('globex')).toEqual(['2026-03-05']);
    });

    it('a take rolled back with its rebuild leaves the days dirty', async () => {
      await inTransaction(db(), (trx) => markFinancialDaysDirty(trx, 'acme', ['2026-03-01'], NOW));
      await expect(
        inTransaction(db(), async (trx) => {
          await takeDirtyFinancialDays(trx, 'acme');
          throw new Error('rebuild failed');
        }),
      ).rejects.toThrow('rebuild failed');
      expect(await takeDirty()).toEqual(['2026-03-01']);
    });

    it('the dirty days rebuilt give the same rows as a rebuild of everything', async () => {
      await seed();
      await rebuild(await takeDirty());
      const incremental = await financials();
      await rebuild('all');
      expect(incremental).toEqual(await financials());
      // Later changes, rebuilt from their dirty days alone.
      await storeOrders(db(), etsy, [salesOrder('e6', '2026-03-02T00:00:00.000Z', 1000, { status: 'Fully Refunded' }), salesOrder('e8', '2026-03-09T08:00:00Z', 50)]);
      await storeOrders(db(), printifyShopify, [printifyOrder('p5', 's1', 1000, { status: 'canceled' })]);
      await rebuild(await takeDirty());
      const after = await financials();
      await rebuild('all');
      expect(after).toEqual(await financials());
      expect(after.find((row) => row.dt === '2026-03-02')).toEqual(undefined);
      expect(after.find((row) => row.dt === '2026-03-01' && row.currency === 'USD')!.cogsMinor).toBe(1200 + 900);
    });
  });
});
