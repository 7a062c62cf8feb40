import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { ADMIN, startCommerceRig, tablesVsTruth, type CommerceRig } from '../../support/commerce-rig.js';
import { describeEachEngine } from '../../support/engines.js';

// Partial failure (DESIGN.md "Commerce jobs"): a missing scope — Etsy's 403 on the endpoints
// that need `transactions_r` while listings work — is permanent for those entities only. The job
// ends `failed` with each entity's outcome, and once the owner grants the scope (a reconnect),
// the failed entities are re-run alone, by the admin API and by the manual backfill endpoint.
const TENANT = 'scoped';
const ETSY_403 = /403.*insufficient_scope.*transactions_r/;

describeEachEngine('Etsy shop whose grant lacks a scope end to end', (engine) => {
  let rig: CommerceRig;
  let shop: number;
  let jobId: number;

  beforeAll(async () => {
    rig = await startCommerceRig({
      engine,
      etsy: { shops: [{ name: 'NoTxShop', currency: 'EUR', receipts: 60, listings: 8, historyDays: 50, grantScopes: ['listings_r', 'shops_r'] }] },
      env: { ETSY_REQUESTS_PER_SECOND: '50', DISPATCH_CONCURRENCY: '2' },
    });
    shop = rig.etsy.shopIdFor('NoTxShop');
  });
  afterAll(() => rig?.close());

  const entityTasks = async () => {
    const rows = await rig.db.selectFrom('job_tasks').select(['kind', 'status', 'last_error', 'job_id']).where('kind', 'like', 'etsy.%').where('kind', '!=', 'etsy.daily_financials').orderBy('id').execute();
    return Object.fromEntries(rows.map((r) => [r.kind, r]));
  };
  const job = async (id: number) => (await rig.call(`/api/admin/backfill/${id}`, { token: ADMIN })).body;
  const count = async (table: 'orders' | 'listings' | 'payments') => (await rig.db.selectFrom(table).select('id').where('tenant_id', '=', TENANT).execute()).length;

  it('orders and payments end dead with Etsy\'s 403, listings succeed, and the job ends failed with each entity\'s outcome', async () => {
    const connected = await rig.connectEtsy(TENANT, 'NoTxShop');
    expect(connected.status).toBe(200);
    jobId = connected.body.job_id;
    await rig.dispatchUntilIdle();

    const tasks = await entityTasks();
    expect(Object.fromEntries(Object.entries(tasks).map(([kind, t]) => [kind, t.status]))).toEqual({ 'etsy.orders': 'dead', 'etsy.listings': 'succeeded', 'etsy.payments': 'dead' });
    expect(tasks['etsy.orders']!.last_error).toMatch(ETSY_403);
    expect(tasks['etsy.payments']!.last_error).toMatch(ETSY_403);
    // A permanent refusal of one endpoint is no lost grant: the connection stays active.
    expect((await rig.db.selectFrom('connections').select('status').executeTakeFirstOrThrow()).status).toBe('active');
    expect([await count('orders'), await count('listings'), await count('payments')]).toEqual([0, rig.etsy.truth(shop).listings.length, 0]);

    const view = await job(jobId);
    expect(view.status).toBe('failed');
    expect(view.entities.map((e: { entity: string; status: string }) => [e.entity, e.status])).toEqual([
      ['orders', 'failed'],
      ['listings', 'succeeded'],
      ['payments', 'failed'],
    ]);
    expect(view.entities[0].message).toMatch(ETSY_403);
    expect(view.message).toBe('Failed: orders failed, listings succeeded, payments failed');
  });

  it('the entities to re-run are checked: an unknown one is a 400 naming entities', async () => {
    const unknown = await rig.call('/api/admin/backfill', { token: ADMIN, body: { type: 'data-collection', platform: 'etsy', tenant_id: TENANT, entities: ['orders', 'refunds'] } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error)).toContain('entities');
    const viaDispatch = await rig.call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: TENANT, platform: 'etsy', entities: [] } });
    expect(viaDispatch.status).toBe(400);
    expect(JSON.stringify(viaDispatch.body.error)).toContain('entities');
  });

  it('after a reconnect with every scope, the admin API re-runs the orders alone', async () => {
    rig.etsy.setGrantScopes(shop, null);
    const reconnected = await rig.connectEtsy(TENANT, 'NoTxShop');
    expect(reconnected.body).toMatchObject({ backfill_enqueued: 0 });
    rig.etsy.resetStats();

    const created = await rig.call('/api/admin/backfill', { token: ADMIN, body: { type: 'data-collection', platform: 'etsy', tenant_id: TENANT, entities: ['orders'], force: true } });
    expect(created.status).toBe(201);
    expect(created.body.config.entities).toEqual(['orders']);
    await rig.dispatchUntilIdle();
    const view = await job(created.body.id);
    expect(view.status).toBe('succeeded');
    expect(view.entities.map((e: { entity: string; status: string }) => [e.entity, e.status])).toEqual([['orders', 'succeeded']]);
    expect(rig.etsy.stats().endpoints['shops.listings'].total).toBe(0); // the listings were not fetched again
    const { stored, truth } = await tablesVsTruth(rig, 'etsy', TENANT, shop);
    expect([stored['orders'], stored['line_items'], stored['listings']]).toEqual([truth['orders'], truth['line_items'], truth['listings']]);
    expect(stored['payments']).toEqual([]);
  });

  it('and the manual backfill endpoint re-runs the payments alone: every table equals the truth', async () => {
    const dispatched = await rig.call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: TENANT, platform: 'etsy', account_id: String(shop), entities: ['payments'], force: true } });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body).toMatchObject({ backfill_enqueued: 1, skipped: [] });
    await rig.dispatchUntilIdle();
    const view = await job(dispatched.body.jobs[0].job_id);
    expect(view.entities.map((e: { entity: string; status: string }) => [e.entity, e.status])).toEqual([['payments', 'succeeded']]);
    const { stored, truth } = await tablesVsTruth(rig, 'etsy', TENANT, shop);
    expect(stored).toEqual(truth);
    expect(Object.values(await entityTasks()).map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('a forced re-run of orders and payments chains them anew: payments waits for orders, not for the listings of the first plan', async () => {
    const created = await rig.call('/api/admin/backfill', { token: ADMIN, body: { type: 'data-collection', platform: 'etsy', tenant_id: TENANT, entities: ['orders', 'payments'], force: true } });
    expect(created.status).toBe(201);
    const rows = await rig.db.selectFrom('job_tasks').select(['kind', 'dedupe_key', 'payload', 'status']).where('job_id', '=', created.body.id).execute();
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, { ...r, payload: JSON.parse(String(r.payload)) }]));
    expect(byKind['etsy.payments']!.payload.after).toBe(byKind['etsy.orders']!.dedupe_key);
    expect(byKind['etsy.orders']!.payload.next).toBe(byKind['etsy.payments']!.dedupe_key);
    await rig.dispatchUntilIdle();
    expect((await job(created.body.id)).entities.map((e: { status: string }) => e.status)).toEqual(['succeeded', 'succeeded']);
  });
});
