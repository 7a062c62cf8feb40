import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeEachEngine } from '../../support/engines.js';
import { ADMIN, CRON, startCommerceRig, tablesVsTruth, type CommerceRig } from '../../support/commerce-rig.js';

// Shopify's expiring offline tokens (PLATFORMS.md): a store whose token response carries
// `expires_in` and `refresh_token` is refreshed before its access token expires — at the shop's
// own token endpoint — the rotated refresh token stored sealed; a revoked grant leaves the
// connection `needs_reauth` instead of failing task after task.
const TENANT = 'tokens';

describeEachEngine('Shopify expiring offline tokens', (engine) => {
  let rig: CommerceRig;

  beforeAll(async () => {
    // 61 s tokens: within Sluice's one-minute refresh margin a second after they are issued.
    rig = await startCommerceRig({
      engine,
      shopify: { shops: [{ name: 'expiring-store', currency: 'USD', orders: 30, products: 3, customers: 5, historyDays: 40 }], expiringTokens: true, accessTokenTtlSeconds: 61, bulkPollsToComplete: 1 },
    });
  });
  afterAll(() => rig?.close());

  it('refreshes before expiry with the shop’s token endpoint and stores the rotated refresh token sealed', async () => {
    const connected = await rig.connectShopify(TENANT, 'expiring-store');
    expect(connected.status).toBe(200);
    const first = await rig.db.selectFrom('connections').select(['refresh_token_enc', 'token_expires_at']).where('id', '=', connected.body.connection_id).executeTakeFirstOrThrow();
    expect(first.refresh_token_enc).not.toBeNull();
    expect(first.token_expires_at).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await rig.dispatchUntilIdle(60);
    const { stored, truth } = await tablesVsTruth(rig, 'shopify', TENANT, 'expiring-store.myshopify.com');
    expect(stored).toEqual(truth);
    const after = await rig.db.selectFrom('connections').select(['status', 'refresh_token_enc']).where('id', '=', connected.body.connection_id).executeTakeFirstOrThrow();
    expect(after.status).toBe('active');
    expect(rig.cipher.decrypt(after.refresh_token_enc!)).not.toBe(rig.cipher.decrypt(first.refresh_token_enc!));
    // The exchange, then at least one refresh: both at the shop's own endpoint.
    expect(rig.shopify!.stats().endpoints['oauth.access_token'].total).toBeGreaterThanOrEqual(2);
  });

  it('a revoked grant marks the connection needs_reauth', async () => {
    rig.shopify!.revokeTokens('expiring-store');
    expect((await rig.call('/api/jobs/sync', { method: 'POST', token: CRON })).status).toBe(200);
    await rig.dispatchUntilIdle(60);
    const connections = await rig.call(`/api/admin/connections?tenant_id=${TENANT}`, { token: ADMIN });
    expect(connections.body.connections).toEqual([expect.objectContaining({ status: 'needs_reauth' })]);
  });
});
