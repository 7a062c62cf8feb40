import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { VENDOR_REFUSALS_SAT_OUT } from '../../../lib/budgets/budget-gate.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN, startCommerceRig, tablesVsTruth, type CommerceRig } from '../../support/commerce-rig.js';
import { describeEachEngine } from '../../support/engines.js';

// A grant revoked mid-backfill (DESIGN.md "Queue semantics": invalid_grant → the connection
// `needs_reauth`, its tasks `paused` until reconnect): the shop's owner revokes the app while the
// backfill runs, so the access token expires and its refresh is refused. Nothing is lost, the job
// waits `paused`, and reconnecting through the consent flow resumes the same tasks from their
// checkpoints without enqueueing a second backfill.
const TENANT = 'revoked';
const ENTITY_KINDS = ['etsy.orders', 'etsy.listings', 'etsy.payments'];

describeEachEngine('Etsy grant revoked mid-backfill end to end', (engine) => {
  let rig: CommerceRig;
  let shop: number;
  let jobId: number;

  beforeAll(async () => {
    rig = await startCommerceRig({
      engine,
      etsy: { shops: [{ name: 'RevShop', currency: 'USD', receipts: 220, listings: 9, historyDays: 100 }] },
      env: { ETSY_REQUESTS_PER_SECOND: '50', DISPATCH_CONCURRENCY: '2' },
    });
    shop = rig.etsy.shopIdFor('RevShop');
  });
  afterAll(() => rig?.close());

  const connection = () => rig.db.selectFrom('connections').selectAll().where('external_account_id', '=', String(shop)).executeTakeFirstOrThrow();
  /** The backfill's entity tasks, in entity order (the follow-up that rolls up daily_financials is a job of its own). */
  const tasks = async () => {
    const rows = await rig.db.selectFrom('job_tasks').select(['kind', 'status', 'pause_reason', 'attempts', 'checkpoint', 'job_id']).where('kind', 'in', ENTITY_KINDS).execute();
    return rows.sort((a, b) => ENTITY_KINDS.indexOf(a.kind) - ENTITY_KINDS.indexOf(b.kind));
  };
  const job = async () => (await rig.call(`/api/admin/backfill/${jobId}`, { token: ADMIN })).body;

  it('stops part-way through the orders: a rate limit ends the first dispatch with pages committed', async () => {
    const connected = await rig.connectEtsy(TENANT, 'RevShop');
    expect(connected.body).toMatchObject({ backfill_enqueued: 3 });
    jobId = connected.body.job_id;
    // From the fourth call (a window's page, after the shop, the count and the first window) Etsy
    // says to wait a second, more times in a row than the budget gate sits out
    // (VENDOR_REFUSALS_SAT_OUT): the orders task is rescheduled with its pages so far committed.
    rig.etsy.injectFaults([{ api: 'api', kind: 'rateLimited', retryAfterSeconds: 1, after: 3, count: VENDOR_REFUSALS_SAT_OUT + 1 }]);
    const first = await rig.dispatchOnce();
    expect(first).toMatchObject({ rescheduled: expect.any(Number), parked: 0, dead: 0 });
    const orders = await rig.db.selectFrom('orders').select('platform_id').execute();
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.length).toBeLessThan(rig.etsy.truth(shop).orders.length);
  });

  it('the owner revokes the app: the next call finds the token expired and its refresh refused, so the connection needs re-authorization and every task is paused', async () => {
    rig.etsy.revokeRefreshTokens(shop);
    rig.etsy.expireAccessTokens(shop);
    const ordersBefore = await rig.db.selectFrom('orders').select('platform_id').execute();
    rig.etsy.resetStats();
    await sleep(1_100); // the rate limit's second
    await rig.dispatchUntilIdle();
    const stats = rig.etsy.stats().endpoints;
    expect(stats['shops.receipts'].byStatus).toEqual({ '401': 1 });
    expect(stats['oauth.token'].byStatus).toEqual({ '400': 1 });

    const lost = await connection();
    expect(lost.status).toBe('needs_reauth');
    expect(lost.last_error).toMatch(/refresh token/);
    const paused = await tasks();
    expect(paused.map((t) => [t.kind, t.status, t.pause_reason, t.attempts])).toEqual([
      ['etsy.orders', 'paused', 'reauth', 0],
      ['etsy.listings', 'paused', 'reauth', 0],
      ['etsy.payments', 'paused', 'reauth', 0],
    ]);
    expect(paused[0]!.checkpoint).not.toBeNull(); // the orders task resumes where it stopped
    expect(await rig.db.selectFrom('orders').select('platform_id').execute()).toEqual(ordersBefore);

    const view = await job();
    expect(view.status).toBe('paused');
    expect(view.entities.map((e: { entity: string }) => e.entity)).toEqual(['orders', 'listings', 'payments']);
    expect(view.entities[0]).toMatchObject({ status: 'running', done: ordersBefore.length, message: expect.stringMatching(/^Paused at /) });

    const refused = await rig.call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: TENANT, platform: 'etsy' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/re-authorization/);
  });

  it('reconnecting through start → consent → exchange resumes the same tasks, enqueues no second backfill, and the tables equal the truth', async () => {
    const again = await rig.connectEtsy(TENANT, 'RevShop');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ account_id: String(shop), backfill_enqueued: 0, job_id: null });
    expect((await connection()).status).toBe('active');
    expect((await tasks()).map((t) => [t.status, t.pause_reason])).toEqual([
      ['queued', null],
      ['queued', null],
      ['queued', null],
    ]);

    await rig.dispatchUntilIdle();
    expect((await tasks()).map((t) => [t.status, Number(t.job_id)])).toEqual([
      ['succeeded', jobId],
      ['succeeded', jobId],
      ['succeeded', jobId],
    ]);
    const { stored, truth } = await tablesVsTruth(rig, 'etsy', TENANT, shop);
    expect(stored).toEqual(truth);
    const view = await job();
    expect(view.status).toBe('succeeded');
    expect(view.entities.map((e: { status: string }) => e.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const jobs = await rig.call(`/api/admin/backfill/jobs?tenant_id=${TENANT}&type=data-collection`, { token: ADMIN });
    expect(jobs.body.jobs.map((j: { id: number }) => j.id)).toEqual([jobId]);
  });
});
