import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { ADMIN, startCommerceRig, tablesVsTruth, type CommerceRig } from '../../support/commerce-rig.js';
import { describeEachEngine } from '../../support/engines.js';

// DESIGN.md: "A Printify personal token covering several shops is stored with each shop's
// connection; revoking it marks all of them needs_reauth." The token is sealed with a random IV
// per copy, so the copies are told apart from other grants by a keyed fingerprint stored at
// connect time: when one shop's task finds the token revoked, the tenant's other shops holding it
// are marked too — before any of their tasks runs — while a shop reconnected with another token,
// and another tenant's connection, are not.
const TENANT = 'merchant-co';
const OTHER_TENANT = 'agency';

describeEachEngine('Printify personal token shared by several shops end to end', (engine) => {
  let rig: CommerceRig;
  let mugs: string;
  let posters: string;
  let solo: string;

  beforeAll(async () => {
    rig = await startCommerceRig({
      engine,
      printify: () => ({
        accounts: [
          {
            name: 'merchant',
            shops: [
              { title: 'Mugs', sales_channel: 'etsy', orders: 12, products: 3, historyDays: 30 },
              { title: 'Posters', sales_channel: 'shopify', orders: 8, products: 2, historyDays: 30 },
            ],
          },
          { name: 'solo', shops: [{ title: 'Solo', sales_channel: 'etsy', orders: 5, products: 2, historyDays: 30 }] },
        ],
      }),
      env: { PRINTIFY_REQUESTS_PER_MINUTE: '3000', DISPATCH_CONCURRENCY: '2' },
    });
    [mugs, posters] = rig.printify.shopIdsOf('merchant').map(String) as [string, string];
    solo = String(rig.printify.shopIdsOf('solo')[0]);
  });
  afterAll(() => rig?.close());

  const connections = async () => {
    const rows = await rig.db.selectFrom('connections').select(['id', 'tenant_id', 'external_account_id', 'status', 'last_error', 'grant_fingerprint', 'access_token_enc']).orderBy('id').execute();
    return Object.fromEntries(rows.map((row) => [`${row.tenant_id}/${row.external_account_id}`, row]));
  };
  const connect = async (tenantId: string, account: string, shopId: string) => {
    const answer = await rig.connectPrintify(tenantId, account, shopId);
    expect([answer.status, answer.body.account_id]).toEqual([200, shopId]);
    return answer.body;
  };

  it('stores one keyed fingerprint of the personal token with each shop it connects, never the token', async () => {
    const token = rig.printify.accountToken('merchant');
    await connect(TENANT, 'merchant', mugs);
    await connect(TENANT, 'merchant', posters);
    await connect(TENANT, 'solo', solo);
    await connect(OTHER_TENANT, 'merchant', mugs);
    await rig.dispatchUntilIdle();

    const rows = await connections();
    const print = rows[`${TENANT}/${mugs}`]!.grant_fingerprint!;
    expect(print).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[`${TENANT}/${posters}`]!.grant_fingerprint).toBe(print);
    expect(rows[`${OTHER_TENANT}/${mugs}`]!.grant_fingerprint).toBe(print);
    expect(rows[`${TENANT}/${solo}`]!.grant_fingerprint).not.toBe(print);
    expect(print).toBe(rig.cipher.fingerprint(token));
    expect(print).not.toBe(createHash('sha256').update(token).digest('hex')); // keyed: not a hash anyone can test guesses against
    expect(rows[`${TENANT}/${mugs}`]!.access_token_enc).not.toBe(rows[`${TENANT}/${posters}`]!.access_token_enc); // sealed apart
    for (const row of Object.values(rows)) expect(JSON.stringify(row)).not.toContain(token.slice(0, 60));
  });

  it('revoking the token: one shop\'s task finds out, and every shop of the tenant holding it is marked needs_reauth', async () => {
    rig.printify.revokeToken('merchant');
    const dispatched = await rig.call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: TENANT, platform: 'printify', account_id: mugs, days: 30, force: true } });
    expect(dispatched.body.backfill_enqueued).toBe(2);
    const postersTasksBefore = await rig.db.selectFrom('job_tasks').select(['id', 'status', 'updated_at']).where('dedupe_key', 'like', `%:${posters}:%`).execute();
    await rig.dispatchUntilIdle();

    const rows = await connections();
    expect(rows[`${TENANT}/${mugs}`]!.status).toBe('needs_reauth');
    expect(rows[`${TENANT}/${posters}`]!.status).toBe('needs_reauth');
    expect(rows[`${TENANT}/${posters}`]!.last_error).toContain(`found by connection ${rows[`${TENANT}/${mugs}`]!.id}`);
    // No task of the Posters shop ran: it was marked through the shared grant alone.
    expect(await rig.db.selectFrom('job_tasks').select(['id', 'status', 'updated_at']).where('dedupe_key', 'like', `%:${posters}:%`).execute()).toEqual(postersTasksBefore);
    expect(rows[`${TENANT}/${solo}`]!.status).toBe('active');
    expect(rows[`${OTHER_TENANT}/${mugs}`]!.status).toBe('active'); // another tenant's: it finds out at its own next call
    const paused = await rig.db.selectFrom('job_tasks').select(['status', 'pause_reason']).where('tenant_id', '=', TENANT).where('status', '!=', 'succeeded').execute();
    expect(paused).toEqual([
      { status: 'paused', pause_reason: 'reauth' },
      { status: 'paused', pause_reason: 'reauth' },
    ]);

    const refused = await rig.call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: TENANT, platform: 'printify', account_id: posters } });
    expect(refused.status).toBe(409);
  });

  it('reconnecting each shop with the new token makes them active again, with the new grant\'s fingerprint; the paused work finishes', async () => {
    const fresh = rig.printify.accountToken('merchant');
    const again = await connect(TENANT, 'merchant', mugs);
    expect(again.backfill_enqueued).toBe(0);
    await connect(TENANT, 'merchant', posters);
    const rows = await connections();
    for (const shop of [mugs, posters]) {
      expect([shop, rows[`${TENANT}/${shop}`]!.status, rows[`${TENANT}/${shop}`]!.grant_fingerprint]).toEqual([shop, 'active', rig.cipher.fingerprint(fresh)]);
    }
    expect(rows[`${OTHER_TENANT}/${mugs}`]!.grant_fingerprint).not.toBe(rig.cipher.fingerprint(fresh));

    await rig.dispatchUntilIdle();
    expect(await rig.db.selectFrom('job_tasks').select(['status']).where('tenant_id', '=', TENANT).where('status', '!=', 'succeeded').execute()).toEqual([]);
    for (const shop of [mugs, posters, solo]) {
      const { stored, truth } = await tablesVsTruth(rig, 'printify', TENANT, shop);
      expect(stored).toEqual(truth);
    }
  });
});
