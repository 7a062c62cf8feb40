import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeEachEngine } from '../../support/engines.js';
import { ADMIN, CRON, ETSY_COLUMNS, PRINTIFY_COLUMNS, startCommerceRig, storedRows, truthRows, type CommerceRig } from '../../support/commerce-rig.js';

// Commerce I over HTTP: OAuth (Etsy PKCE, a Printify personal token) → dispatches until idle →
// every commerce table equals the simulators' ground truth row for row, COGS linked from the
// Printify orders that fulfil Etsy receipts, daily_financials rolled up; then changes at the
// vendors arrive through the sync cron.
const TENANT = 'acme';
const { orders: ORDER_COLUMNS, line_items: ETSY_LINE_COLUMNS, listings: LISTING_COLUMNS, payments: PAYMENT_COLUMNS } = ETSY_COLUMNS;
const { orders: PRINTIFY_ORDER_COLUMNS, line_items: PRINTIFY_LINE_COLUMNS, products: PRODUCT_COLUMNS, product_variants: VARIANT_COLUMNS } = PRINTIFY_COLUMNS;

describeEachEngine('commerce backfill end to end (Etsy + Printify)', (engine) => {
  let rig: CommerceRig;
  let usdShop: number;
  let jpyShop: number;
  let printifyShop: string;

  beforeAll(async () => {
    rig = await startCommerceRig({
      engine,
      etsy: { shops: [{ name: 'UsdShop', currency: 'USD', receipts: 150, listings: 14, historyDays: 120 }, { name: 'JpyShop', currency: 'JPY', receipts: 40, listings: 6, historyDays: 60 }] },
      printify: (etsy) => {
        const receipts = etsy.truth(etsy.shopIdFor('UsdShop')).orders.map((o) => o.platform_id);
        return { accounts: [{ name: 'merchant', shops: [{ title: 'Fulfilment', sales_channel: 'etsy', orders: 45, products: 8, historyDays: 90, salesOrderIds: receipts.filter((_, i) => i % 4 === 0) }] }] };
      },
      env: { ETSY_REQUESTS_PER_SECOND: '50', PRINTIFY_REQUESTS_PER_MINUTE: '3000', DISPATCH_CONCURRENCY: '3' },
    });
    usdShop = rig.etsy.shopIdFor('UsdShop');
    jpyShop = rig.etsy.shopIdFor('JpyShop');
    printifyShop = String(rig.printify.shopIdsOf('merchant')[0]);
  });
  afterAll(() => rig?.close());

  it('refuses bad OAuth input with a 4xx naming it and writes nothing', async () => {
    const wrongState = await rig.call('/api/oauth/etsy/exchange', { token: ADMIN, body: { state: 'x'.repeat(43), code: 'whatever' } });
    expect(wrongState.status).toBe(400);
    expect(JSON.stringify(wrongState.body)).toContain('state');
    const start = await rig.call(`/api/oauth/etsy/start?tenant_id=${TENANT}`, { token: ADMIN });
    expect(start.status).toBe(200);
    const consentUrl = new URL(start.body.authorize_url);
    expect(consentUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consentUrl.searchParams.get('state')).toBe(start.body.state);
    const badCode = await rig.call('/api/oauth/etsy/exchange', { token: ADMIN, body: { state: start.body.state, code: 'not-a-code-the-simulator-issued' } });
    expect(badCode.status).toBe(400);
    const reused = await rig.call('/api/oauth/etsy/exchange', { token: ADMIN, body: { state: start.body.state, code: 'again' } });
    expect(reused.status).toBe(400);
    const unknownShop = await rig.call('/api/oauth/printify/exchange', { token: ADMIN, body: { tenant_id: TENANT, access_token: rig.printify.accountToken('merchant'), shop_id: '999999' } });
    expect(unknownShop.status).toBe(400);
    expect(JSON.stringify(unknownShop.body)).toContain('shop_id');
    const noBearer = await rig.call(`/api/oauth/etsy/start?tenant_id=${TENANT}`);
    expect(noBearer.status).toBe(401);
    expect(await rig.db.selectFrom('connections').select('id').execute()).toEqual([]);
    expect(await rig.db.selectFrom('job_tasks').select('id').execute()).toEqual([]);
  });

  it('connects both platforms, backfills every entity, and the tables equal the ground truth', async () => {
    // The code is spent at the exchange: a lone 5xx on the account lookup after it is retried, not the person's to redo.
    rig.etsy.injectFaults([{ api: 'api', kind: 'serverError' }]);
    const etsyUsd = await rig.connectEtsy(TENANT, 'UsdShop');
    expect(etsyUsd.status).toBe(200);
    expect(etsyUsd.body).toMatchObject({ account_id: String(usdShop), backfill_enqueued: 3 });
    const etsyJpy = await rig.connectEtsy(TENANT, 'JpyShop');
    expect(etsyJpy.body).toMatchObject({ account_id: String(jpyShop), backfill_enqueued: 3 });
    const printify = await rig.connectPrintify(TENANT, 'merchant');
    expect(printify.status).toBe(200);
    expect(printify.body).toMatchObject({ account_id: printifyShop, backfill_enqueued: 2 });

    await rig.dispatchUntilIdle();

    for (const shop of [usdShop, jpyShop]) {
      const truth = rig.etsy.truth(shop);
      const connection = await rig.db.selectFrom('connections').select('id').where('external_account_id', '=', String(shop)).executeTakeFirstOrThrow();
      const own = <T extends { platform_id: string }>(rows: T[]) => rows;
      const stored = async (table: 'orders' | 'line_items' | 'listings' | 'payments', columns: string[]) =>
        (await storedRows(rig.db, table, TENANT, 'etsy', [...columns, 'connection_id'])).filter((r) => r.connection_id === connection.id).map(({ connection_id, ...r }) => r);
      expect(await stored('orders', ORDER_COLUMNS)).toEqual(truthRows(own(truth.orders), ORDER_COLUMNS));
      expect(await stored('line_items', ETSY_LINE_COLUMNS)).toEqual(truthRows(truth.line_items, ETSY_LINE_COLUMNS));
      expect(await stored('listings', LISTING_COLUMNS)).toEqual(truthRows(truth.listings, LISTING_COLUMNS));
      expect(await stored('payments', PAYMENT_COLUMNS)).toEqual(truthRows(truth.payments, PAYMENT_COLUMNS));
    }
    const ptruth = rig.printify.truth(printifyShop);
    expect(await storedRows(rig.db, 'orders', TENANT, 'printify', PRINTIFY_ORDER_COLUMNS)).toEqual(truthRows(ptruth.orders, PRINTIFY_ORDER_COLUMNS));
    expect(await storedRows(rig.db, 'line_items', TENANT, 'printify', PRINTIFY_LINE_COLUMNS)).toEqual(truthRows(ptruth.line_items, PRINTIFY_LINE_COLUMNS));
    expect(await storedRows(rig.db, 'products', TENANT, 'printify', PRODUCT_COLUMNS)).toEqual(truthRows(ptruth.products, PRODUCT_COLUMNS));
    expect(await storedRows(rig.db, 'product_variants', TENANT, 'printify', VARIANT_COLUMNS)).toEqual(truthRows(ptruth.product_variants, VARIANT_COLUMNS));
  });

  it('ran each shop\'s entities one at a time in order, and never fetched a receipt\'s transactions separately', async () => {
    expect(rig.etsy.stats().endpoints['shops.receipt-transactions']?.total ?? 0).toBe(0);
    for (const [platform, first, second] of [['etsy', 'orders', 'listings'], ['etsy', 'listings', 'payments'], ['printify', 'orders', 'products']] as const) {
      const rows = await rig.db.selectFrom('job_tasks').select(['kind', 'connection_id', 'updated_at', 'created_at']).where('platform', '=', platform).execute();
      for (const connectionId of new Set(rows.map((r) => r.connection_id))) {
        const written = async (table: string) =>
          (await (rig.db as any).selectFrom(table).select(['updated_at']).where('connection_id', '=', connectionId).where('platform', '=', platform).execute()).map((r: any) => String(r.updated_at)).sort();
        const before = await written(first === 'orders' ? 'orders' : first);
        const after = await written(second === 'products' ? 'products' : second);
        if (before.length === 0 || after.length === 0) continue;
        expect(after[0] >= before.at(-1)).toBe(true);
      }
    }
  });

  it('links COGS from the Printify orders that fulfil each receipt, and rolls up daily_financials', async () => {
    const ptruth = rig.printify.truth(printifyShop);
    const cogs = new Map<string, number>();
    for (const order of ptruth.orders) {
      if (order.external_order_ref === null || order.status === 'canceled') continue;
      cogs.set(order.external_order_ref, (cogs.get(order.external_order_ref) ?? 0) + order.total_minor);
    }
    expect(cogs.size).toBeGreaterThan(3);
    const stored = await rig.db.selectFrom('orders').select(['platform_id', 'cogs_minor', 'cogs_currency']).where('tenant_id', '=', TENANT).where('platform', '=', 'etsy').execute();
    for (const row of stored) {
      const expected = cogs.get(row.platform_id);
      expect([row.platform_id, row.cogs_minor === null ? null : Number(row.cogs_minor), row.cogs_currency]).toEqual([row.platform_id, expected ?? null, expected === undefined ? null : 'USD']);
    }
    const expected = new Map<string, { orders_count: number; revenue_minor: number; cogs_minor: number }>();
    for (const shop of [usdShop, jpyShop]) {
      for (const order of rig.etsy.truth(shop).orders) {
        if (order.status === 'Canceled' || order.status === 'Fully Refunded') continue;
        const dt = new Date(order.placed_at).toISOString().slice(0, 10);
        const row = expected.get(`${dt}|${order.currency}`) ?? { orders_count: 0, revenue_minor: 0, cogs_minor: 0 };
        row.orders_count += 1;
        row.revenue_minor += order.total_minor;
        expected.set(`${dt}|${order.currency}`, row);
        const c = cogs.get(order.platform_id);
        if (c !== undefined) {
          const usd = expected.get(`${dt}|USD`) ?? { orders_count: 0, revenue_minor: 0, cogs_minor: 0 };
          usd.cogs_minor += c;
          expected.set(`${dt}|USD`, usd);
        }
      }
    }
    const financials = await rig.db.selectFrom('daily_financials').selectAll().where('tenant_id', '=', TENANT).execute();
    const got = new Map(financials.map((f) => [`${String(f.dt).slice(0, 10)}|${f.currency}`, { orders_count: Number(f.orders_count), revenue_minor: Number(f.revenue_minor), cogs_minor: Number(f.cogs_minor), gross: Number(f.gross_profit_minor) }]));
    expect(new Set(got.keys())).toEqual(new Set(expected.keys()));
    for (const [key, row] of expected) expect(got.get(key)).toEqual({ ...row, gross: row.revenue_minor - row.cogs_minor });
  });

  it('shows each job succeeded with its entities and records, and the tenant\'s backfill complete', async () => {
    const jobs = await rig.call(`/api/admin/backfill/jobs?tenant_id=${TENANT}&type=data-collection`, { token: ADMIN });
    expect(jobs.body.jobs).toHaveLength(3);
    for (const listed of jobs.body.jobs) {
      const job = await rig.call(`/api/admin/backfill/${listed.id}`, { token: ADMIN });
      expect(job.body.status).toBe('succeeded');
      expect(job.body.entities.map((e: any) => e.status)).toEqual(job.body.entities.map(() => 'succeeded'));
      expect(job.body.entities.map((e: any) => e.entity)).toEqual(job.body.platform === 'etsy' ? ['orders', 'listings', 'payments'] : ['orders', 'products']);
      expect(job.body.message).toMatch(/^Done: orders succeeded, /);
      if (job.body.platform === 'etsy' && job.body.account_id === String(usdShop)) {
        const orders = job.body.entities.find((e: any) => e.entity === 'orders');
        expect(orders).toMatchObject({ done: 150, total: 150 });
      }
    }
    const tenant = await rig.call(`/api/admin/tenants/${TENANT}/backfill`, { token: ADMIN });
    expect(tenant.body).toMatchObject({ tenant_id: TENANT, status: 'completed' });
    expect(tenant.body.completed_at).not.toBeNull();
    const cursors = await rig.db.selectFrom('sync_cursors').select(['connection_id', 'entity']).execute();
    expect(cursors).toHaveLength(3 + 3 + 2);
  });

  it('brings changes at the vendors in through the sync cron, and re-triggering a running backfill is skipped', async () => {
    const [changed] = rig.etsy.truth(usdShop).orders;
    rig.etsy.updateReceipt(usdShop, Number(changed!.platform_id), { status: 'Completed' });
    rig.etsy.addReceipts(usdShop, 3);
    const sync = await rig.call('/api/jobs/sync', { method: 'POST', token: CRON });
    expect(sync.status).toBe(200);
    expect(sync.body.enqueued).toBeGreaterThan(0);
    const again = await rig.call('/api/jobs/sync', { method: 'POST', token: CRON });
    expect(again.body.enqueued).toBe(0); // the same slot: a duplicate delivery enqueues nothing
    await rig.dispatchUntilIdle();
    const truth = rig.etsy.truth(usdShop);
    const connection = await rig.db.selectFrom('connections').select('id').where('external_account_id', '=', String(usdShop)).executeTakeFirstOrThrow();
    const stored = (await storedRows(rig.db, 'orders', TENANT, 'etsy', [...ORDER_COLUMNS, 'connection_id'])).filter((r) => r.connection_id === connection.id).map(({ connection_id, ...r }) => r);
    expect(stored).toEqual(truthRows(truth.orders, ORDER_COLUMNS));

    const first = await rig.call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: TENANT, platform: 'printify', account_id: printifyShop, days: 30, force: true } });
    expect(first.status).toBe(200);
    const second = await rig.call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: TENANT, platform: 'printify', account_id: printifyShop, days: 30, force: true } });
    expect(second.body.skipped).toMatchObject([{ account_id: printifyShop, reason: 'already_running' }]);
    await rig.dispatchUntilIdle();
  });

  it('unlinks COGS when a reconnect finds the Printify shop selling elsewhere, and the next rollup takes it out of daily_financials', async () => {
    rig.printify.setSalesChannel(printifyShop, 'shopify');
    const reconnect = await rig.connectPrintify(TENANT, 'merchant');
    expect(reconnect.body).toMatchObject({ account_id: printifyShop, backfill_enqueued: 0 });
    const linked = await rig.db.selectFrom('orders').select('id').where('tenant_id', '=', TENANT).where('platform', '=', 'etsy').where('cogs_minor', 'is not', null).execute();
    expect(linked).toEqual([]);
    // The rollup runs after the next sync; an operator can run it now.
    const rollup = await rig.call('/api/admin/backfill', { token: ADMIN, body: { type: 'analytics-generation', platform: 'etsy', tenant_id: TENANT, account_id: String(usdShop), force: true } });
    expect(rollup.status).toBe(201);
    await rig.dispatchUntilIdle();
    const financials = await rig.db.selectFrom('daily_financials').select(['cogs_minor']).where('tenant_id', '=', TENANT).execute();
    expect(financials.length).toBeGreaterThan(0);
    expect(financials.every((row) => Number(row.cogs_minor) === 0)).toBe(true);
  });
});
