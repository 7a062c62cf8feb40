import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { fromDbTime } from '../../../db/values.js';
import { TOKEN_REFRESH_MARGIN_MS } from '../../../lib/connectors/auth/token-session.js';
import { ADMIN, CRON, ETSY_COLUMNS, startCommerceRig, storedRows, tablesVsTruth, truthRows, type CommerceRig } from '../../support/commerce-rig.js';
import { describeEachEngine } from '../../support/engines.js';

// Etsy's refresh tokens rotate (each refresh answers a new one and ends the old:
// https://developers.etsy.com/documentation/essentials/authentication#requesting-a-refresh-oauth-token).
// With access tokens shorter than the refresh margin every call refreshes first, so a backfill
// lives on rotated tokens only: each must be stored (sealed) before the next call, or the
// connection is lost at the next refresh.
const TENANT = 'rotor';
const TTL_SECONDS = 30;

describeEachEngine('Etsy refresh-token rotation end to end', (engine) => {
  let rig: CommerceRig;
  let shop: number;
  let firstRefreshToken: string;

  beforeAll(async () => {
    rig = await startCommerceRig({
      engine,
      etsy: { accessTokenTtlSeconds: TTL_SECONDS, shops: [{ name: 'RotShop', currency: 'USD', receipts: 130, listings: 7, historyDays: 70 }] },
      env: { ETSY_REQUESTS_PER_SECOND: '50', DISPATCH_CONCURRENCY: '2' },
    });
    shop = rig.etsy.shopIdFor('RotShop');
  });
  afterAll(() => rig?.close());

  const connectionRow = () => rig.db.selectFrom('connections').selectAll().where('external_account_id', '=', String(shop)).executeTakeFirstOrThrow();
  const openTokens = async () => {
    const row = await connectionRow();
    return { row, access: rig.cipher.decrypt(row.access_token_enc!), refresh: rig.cipher.decrypt(row.refresh_token_enc!) };
  };
  const refreshAtSimulator = (refreshToken: string) =>
    fetch(rig.etsy.oauthTokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', client_id: rig.etsy.apiKey, refresh_token: refreshToken }) });
  const expectTablesEqualTruth = async () => {
    const { stored, truth } = await tablesVsTruth(rig, 'etsy', TENANT, shop);
    expect(stored).toEqual(truth);
  };
  /** Plain tokens never appear in any column of the row, nor in any pending OAuth state. */
  const expectSealed = async (...plain: string[]) => {
    const row = await connectionRow();
    const states = await rig.db.selectFrom('oauth_states').selectAll().execute();
    for (const token of plain) {
      expect(JSON.stringify(row)).not.toContain(token);
      expect(JSON.stringify(states)).not.toContain(token);
    }
    expect([row.access_token_enc, row.refresh_token_enc]).toEqual([expect.stringMatching(/^v1\./), expect.stringMatching(/^v1\./)]);
  };

  it('stores the exchanged tokens sealed, the access token expiring inside the refresh margin', async () => {
    expect(TTL_SECONDS * 1_000).toBeLessThan(TOKEN_REFRESH_MARGIN_MS); // so that every call refreshes first
    const connected = await rig.connectEtsy(TENANT, 'RotShop');
    expect(connected.body).toMatchObject({ account_id: String(shop), backfill_enqueued: 3 });
    const { row, access, refresh } = await openTokens();
    expect([access, refresh]).toEqual([expect.stringMatching(new RegExp(`^\\d+\\.sim-`)), expect.stringMatching(new RegExp(`^\\d+\\.sim-`))]);
    await expectSealed(access, refresh);
    expect(fromDbTime(row.token_expires_at!).getTime() - Date.now()).toBeLessThanOrEqual(TTL_SECONDS * 1_000);
    firstRefreshToken = refresh;
  });

  it('backfills on rotated tokens only, storing each new refresh token sealed; the tables equal the truth', async () => {
    rig.etsy.resetStats();
    await rig.dispatchUntilIdle();
    const tasks = await rig.db.selectFrom('job_tasks').select(['kind', 'status', 'attempts']).execute();
    expect(tasks.map((t) => [t.kind, t.status, t.attempts])).toEqual(expect.arrayContaining(tasks.map((t) => [t.kind, 'succeeded', 0])));
    await expectTablesEqualTruth();

    const stats = rig.etsy.stats().endpoints;
    const apiCalls = stats['shops.get'].total + stats['shops.receipts'].total + stats['shops.listings'].total + stats['shops.ledger-entries'].total;
    // One refresh before each call (a 401 would have cost a second one): every call had a fresh token.
    expect(stats['oauth.token'].byStatus).toEqual({ '200': apiCalls });
    expect(Object.keys(stats['shops.receipts'].byStatus)).toEqual(['200']);

    const { access, refresh } = await openTokens();
    expect(refresh).not.toBe(firstRefreshToken);
    await expectSealed(access, refresh, firstRefreshToken);
    // The connect-time refresh token was used up by the first refresh: Etsy refuses it now.
    const old = await refreshAtSimulator(firstRefreshToken);
    expect(old.status).toBe(400);
    expect(await old.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await connectionRow()).status).toBe('active');
  });

  it('the stored refresh token is the live one: the next sync refreshes with it and brings new receipts in', async () => {
    rig.etsy.addReceipts(shop, 4);
    const sync = await rig.call('/api/jobs/sync', { method: 'POST', token: CRON });
    expect(sync.body.enqueued).toBeGreaterThan(0);
    const before = (await openTokens()).refresh;
    await rig.dispatchUntilIdle();
    expect((await openTokens()).refresh).not.toBe(before);
    const truth = rig.etsy.truth(shop);
    expect(await storedRows(rig.db, 'orders', TENANT, 'etsy', ETSY_COLUMNS.orders)).toEqual(truthRows(truth.orders, ETSY_COLUMNS.orders));
    expect(await rig.db.selectFrom('job_tasks').select('id').where('status', '!=', 'succeeded').execute()).toEqual([]);
  });

  it('an access token rejected mid-backfill is refreshed once and the call repeated: the forced re-run finishes, nothing paused', async () => {
    const again = await rig.call('/api/jobs/backfill/dispatch', { token: ADMIN, body: { tenant_id: TENANT, platform: 'etsy', account_id: String(shop), force: true } });
    expect(again.body.backfill_enqueued).toBe(3);
    rig.etsy.resetStats();
    // Etsy's own answer to an expired token, on the fourth API call (pages are committed by then).
    rig.etsy.injectFaults([{ api: 'api', kind: 'unauthorized', after: 3 }]);
    await rig.dispatchUntilIdle();
    const stats = rig.etsy.stats().endpoints;
    const rejected = Object.values(stats).reduce((sum, e) => sum + (e.byStatus['401'] ?? 0), 0);
    expect(rejected).toBe(1);
    expect(await rig.db.selectFrom('job_tasks').select(['status']).where('status', '!=', 'succeeded').execute()).toEqual([]);
    expect((await connectionRow()).status).toBe('active');
    await expectTablesEqualTruth();
  });
});
