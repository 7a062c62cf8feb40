import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { ADMIN, startCommerceRig, tablesVsTruth, type CommerceRig } from '../../support/commerce-rig.js';
import { describeEachEngine } from '../../support/engines.js';

// A Printify grant covers every shop of the merchant's account and a connection is one shop
// (DESIGN.md): with several shops and none named, the exchange answers 409
// `account_choice_required` listing them and writes nothing; the repeat names one. Both ways in:
// a personal access token, and the OAuth app's consent (start → consent → exchange), whose repeat
// needs no code — the tokens wait on the state, sealed — and whose state then works no more.
const PAT_TENANT = 'pat-tenant';
const APP_TENANT = 'app-tenant';

describeEachEngine('Printify shop choice end to end (personal token and OAuth app)', (engine) => {
  let rig: CommerceRig;
  let shops: string[];

  beforeAll(async () => {
    rig = await startCommerceRig({
      engine,
      printify: () => ({
        accounts: [
          {
            name: 'twoshops',
            shops: [
              { title: 'Mugs', sales_channel: 'etsy', orders: 14, products: 3, historyDays: 40 },
              { title: 'Posters', sales_channel: 'shopify', orders: 9, products: 2, historyDays: 20 },
            ],
          },
        ],
      }),
      env: { PRINTIFY_REQUESTS_PER_MINUTE: '3000', DISPATCH_CONCURRENCY: '2' },
    });
    shops = rig.printify.shopIdsOf('twoshops').map(String);
  });
  afterAll(() => rig?.close());

  const written = async (tenantId: string) => ({
    connections: await rig.db.selectFrom('connections').select('id').where('tenant_id', '=', tenantId).execute(),
    jobs: await rig.db.selectFrom('backfill_jobs').select('id').where('tenant_id', '=', tenantId).execute(),
    tasks: await rig.db.selectFrom('job_tasks').select('id').where('tenant_id', '=', tenantId).execute(),
  });
  const nothing = { connections: [], jobs: [], tasks: [] };
  const bothShops = () => [
    { account_id: shops[0], display_name: 'Mugs' },
    { account_id: shops[1], display_name: 'Posters' },
  ];
  const exchange = (body: Record<string, unknown>) => rig.call('/api/oauth/printify/exchange', { token: ADMIN, body });
  const startFlow = async (tenantId: string) => {
    const start = await rig.call(`/api/oauth/printify/start?tenant_id=${tenantId}`, { token: ADMIN });
    expect(start.status).toBe(200);
    return start.body as { authorize_url: string; state: string };
  };

  it('a personal token of an account with two shops and no shop_id: 409 listing both, nothing written', async () => {
    const token = rig.printify.accountToken('twoshops');
    const choice = await exchange({ tenant_id: PAT_TENANT, access_token: token });
    expect(choice.status).toBe(409);
    expect(choice.body.error).toMatchObject({ code: 'account_choice_required', accounts: bothShops() });
    expect(await written(PAT_TENANT)).toEqual(nothing);

    const connected = await exchange({ tenant_id: PAT_TENANT, access_token: token, shop_id: shops[0] });
    expect(connected.status).toBe(200);
    expect(connected.body).toMatchObject({ account_id: shops[0], backfill_enqueued: 2 });
    const rows = await rig.db.selectFrom('connections').selectAll().where('tenant_id', '=', PAT_TENANT).execute();
    expect(rows.map((r) => [r.external_account_id, r.display_name, r.sales_channel, r.refresh_token_enc])).toEqual([[shops[0], 'Mugs', 'etsy', null]]);
    expect(rig.cipher.decrypt(rows[0]!.access_token_enc!)).toBe(token);
  });

  it('the OAuth app: start → consent → exchange answers 409 listing both shops and writes no connection; the tokens wait on the state, sealed', async () => {
    const { authorize_url, state } = await startFlow(APP_TENANT);
    const consentUrl = new URL(authorize_url);
    expect(Object.fromEntries(consentUrl.searchParams)).toMatchObject({ app_id: expect.any(String), state, accept_url: expect.any(String), decline_url: expect.any(String) });
    const back = await rig.consent(authorize_url, { sim_account: 'twoshops' });
    expect(back.get('state')).toBe(state);
    const code = back.get('code')!;
    expect(code).toBeTruthy();

    const choice = await exchange({ state, code });
    expect(choice.status).toBe(409);
    expect(choice.body.error).toMatchObject({ code: 'account_choice_required', accounts: bothShops() });
    expect(await written(APP_TENANT)).toEqual(nothing);
    const pending = await rig.db.selectFrom('oauth_states').select(['pending_tokens_enc', 'used_at']).where('tenant_id', '=', APP_TENANT).executeTakeFirstOrThrow();
    expect(pending.used_at).toBeNull(); // usable for the repeat
    const parked = JSON.parse(rig.cipher.decrypt(pending.pending_tokens_enc!)) as { accessToken: string; refreshToken: string };
    expect(pending.pending_tokens_enc).not.toContain(parked.accessToken.slice(0, 40));
    expect(pending.pending_tokens_enc).not.toContain(parked.refreshToken);

    const connected = await exchange({ state, shop_id: shops[1] });
    expect(connected.status).toBe(200);
    expect(connected.body).toMatchObject({ account_id: shops[1], backfill_enqueued: 2 });
    const row = await rig.db.selectFrom('connections').selectAll().where('tenant_id', '=', APP_TENANT).executeTakeFirstOrThrow();
    expect([row.external_account_id, row.display_name, row.sales_channel, row.status]).toEqual([shops[1], 'Posters', 'shopify', 'active']);
    expect([rig.cipher.decrypt(row.access_token_enc!), rig.cipher.decrypt(row.refresh_token_enc!)]).toEqual([parked.accessToken, parked.refreshToken]);
    expect(row.token_expires_at).not.toBeNull();
    expect((await rig.db.selectFrom('oauth_states').select('pending_tokens_enc').where('tenant_id', '=', APP_TENANT).executeTakeFirstOrThrow()).pending_tokens_enc).toBeNull();

    const third = await exchange({ state, shop_id: shops[0] });
    expect(third.status).toBe(400);
    expect(third.body.error.issues).toEqual([expect.objectContaining({ path: 'state' })]);
    expect((await written(APP_TENANT)).connections).toHaveLength(1);
  });

  it('a declined consent redirects with the error and no code; an exchange of a fresh state without a code is a 400 naming code', async () => {
    const { authorize_url, state } = await startFlow(APP_TENANT);
    const back = await rig.consent(authorize_url, { sim_account: 'twoshops', sim_decline: '1' });
    expect(back.get('error')).toBe('access_denied');
    expect(back.get('state')).toBe(state);
    expect(back.has('code')).toBe(false);
    const noCode = await exchange({ state });
    expect(noCode.status).toBe(400);
    expect(noCode.body.error.issues).toEqual([expect.objectContaining({ path: 'code' })]);
    expect((await written(APP_TENANT)).connections).toHaveLength(1);
  });

  it('each connected shop backfills with its own grant: the tables equal the truth', async () => {
    await rig.dispatchUntilIdle();
    for (const [tenantId, shop] of [[PAT_TENANT, shops[0]!], [APP_TENANT, shops[1]!]] as const) {
      const { stored, truth } = await tablesVsTruth(rig, 'printify', tenantId, shop);
      expect(stored).toEqual(truth);
      expect(stored['orders']!.length).toBeGreaterThan(0);
    }
    expect(await rig.db.selectFrom('job_tasks').select(['kind', 'status']).where('status', '!=', 'succeeded').execute()).toEqual([]);
  });
});
