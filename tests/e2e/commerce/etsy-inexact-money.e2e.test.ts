import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { ADMIN, startCommerceRig, tablesVsTruth, type CommerceRig } from '../../support/commerce-rig.js';
import { describeEachEngine } from '../../support/engines.js';

// Money is integer minor units, exactly or not at all (lib/commerce/money.ts): a receipt whose
// Money object is no whole number of cents — $1.005 as `{amount: 1005, divisor: 1000}` — is a
// mapping error naming the receipt, never a rounding. The page holding it commits nothing; the
// pages before it stay; the entity fails alone.
const TENANT = 'odd-money';
/** Etsy's page size: the receipts of one 31-day window come 100 to a page, oldest first. */
const PAGE = 100;

describeEachEngine('Etsy receipt whose money does not convert exactly end to end', (engine) => {
  let rig: CommerceRig;
  let shop: number;
  let bad: string;
  /** The receipts in the order the backfill reads them: created ascending, ties by id. */
  let readOrder: string[];

  beforeAll(async () => {
    rig = await startCommerceRig({
      engine,
      // 25 days of history: one created window, so pages are plain slices of readOrder.
      etsy: { shops: [{ name: 'OddShop', currency: 'USD', receipts: 250, listings: 6, historyDays: 25 }] },
      env: { ETSY_REQUESTS_PER_SECOND: '50', DISPATCH_CONCURRENCY: '2' },
    });
    shop = rig.etsy.shopIdFor('OddShop');
    readOrder = rig.etsy
      .truth(shop)
      .orders.map((o) => ({ id: o.platform_id, at: Date.parse(o.placed_at) }))
      .sort((a, b) => a.at - b.at || Number(a.id) - Number(b.id))
      .map((o) => o.id);
    bad = readOrder[PAGE + 49]!; // the middle of the second page
    rig.etsy.corruptReceiptMoney(shop, Number(bad), 'grandtotal', { amount: 1005, divisor: 1000 });
  });
  afterAll(() => rig?.close());

  it('the orders task ends dead with a message naming the receipt and the amount; listings and payments succeed; the job fails', async () => {
    const connected = await rig.connectEtsy(TENANT, 'OddShop');
    await rig.dispatchUntilIdle();
    const tasks = await rig.db.selectFrom('job_tasks').select(['kind', 'status', 'last_error']).where('job_id', '=', connected.body.job_id).execute();
    const byKind = Object.fromEntries(tasks.map((t) => [t.kind, t]));
    expect([byKind['etsy.orders']?.status, byKind['etsy.listings']?.status, byKind['etsy.payments']?.status]).toEqual(['dead', 'succeeded', 'succeeded']);
    expect(byKind['etsy.orders']!.last_error).toContain(`etsy receipt ${bad} grandtotal: 1.005 USD is not a whole number of cents`);
    const view = (await rig.call(`/api/admin/backfill/${connected.body.job_id}`, { token: ADMIN })).body;
    expect(view.status).toBe('failed');
    expect(view.entities.map((e: { entity: string; status: string }) => [e.entity, e.status])).toEqual([
      ['orders', 'failed'],
      ['listings', 'succeeded'],
      ['payments', 'succeeded'],
    ]);
    expect(view.entities[0]).toMatchObject({ done: PAGE, message: expect.stringContaining(`etsy receipt ${bad}`) });
  });

  it('keeps the page before it and writes nothing of its own page: no order, no line item', async () => {
    const { stored, truth } = await tablesVsTruth(rig, 'etsy', TENANT, shop);
    const firstPage = new Set(readOrder.slice(0, PAGE));
    expect(stored['orders']).toEqual(truth['orders']!.filter((o) => firstPage.has((o as { platform_id: string }).platform_id)));
    expect(stored['line_items']).toEqual(truth['line_items']!.filter((l) => firstPage.has((l as { order_platform_id: string }).order_platform_id)));
    expect(stored['listings']).toEqual(truth['listings']);
    expect(stored['payments']).toEqual(truth['payments']);
    // The orders backfill never ended, so it holds no cursor: the scheduled sync will not skip past the receipt.
    const cursors = await rig.db.selectFrom('sync_cursors').select('entity').execute();
    expect(cursors.map((c) => c.entity).sort()).toEqual(['listings', 'payments']);
  });

  it('still rolls up daily_financials from the orders it stored: a failed job starts its follow-up too', async () => {
    const revenue = new Map<string, number>();
    const firstPage = new Set(readOrder.slice(0, PAGE));
    for (const order of rig.etsy.truth(shop).orders) {
      if (!firstPage.has(order.platform_id) || order.status === 'Canceled' || order.status === 'Fully Refunded') continue;
      const dt = order.placed_at.slice(0, 10);
      revenue.set(dt, (revenue.get(dt) ?? 0) + order.total_minor);
    }
    const rows = await rig.db.selectFrom('daily_financials').select(['dt', 'revenue_minor']).where('tenant_id', '=', TENANT).execute();
    expect(new Map(rows.map((r) => [String(r.dt).slice(0, 10), Number(r.revenue_minor)]))).toEqual(revenue);
    expect(await rig.db.selectFrom('financial_days_dirty').select('dt').where('tenant_id', '=', TENANT).execute()).toEqual([]);
  });
});
