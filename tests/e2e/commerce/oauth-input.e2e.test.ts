import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { ADMIN, startCommerceRig, type CommerceRig } from '../../support/commerce-rig.js';
import { describeEachEngine } from '../../support/engines.js';

// The OAuth endpoints' edges: a caller's mistake is a 4xx naming the field and writes nothing; a
// vendor's failure during the code exchange leaves the state usable; once the code is spent, a
// failed repeat (a mistyped shop_id) keeps the tokens waiting on the state, so the next repeat
// needs no new consent. This deployment runs only the commerce connectors (CONNECTORS).
const TENANT = 'edges';

describeEachEngine('OAuth start and exchange input end to end', (engine) => {
  let rig: CommerceRig;
  let shops: string[];

  beforeAll(async () => {
    rig = await startCommerceRig({
      engine,
      etsy: { shops: [{ name: 'EdgeShop', currency: 'USD', receipts: 5, listings: 2, historyDays: 10 }] },
      printify: () => ({
        accounts: [{ name: 'two', shops: [{ title: 'A', sales_channel: 'etsy', orders: 2, products: 1, historyDays: 5 }, { title: 'B', sales_channel: 'etsy', orders: 2, products: 1, historyDays: 5 }] }],
      }),
      env: { CONNECTORS: 'etsy,printify' },
    });
    shops = rig.printify.shopIdsOf('two').map(String);
  });
  afterAll(() => rig?.close());

  const start = (platform: string, query = '') => rig.call(`/api/oauth/${platform}/start?tenant_id=${TENANT}${query}`, { token: ADMIN });
  const nothingWritten = async () => {
    expect(await rig.db.selectFrom('connections').select('id').where('tenant_id', '=', TENANT).execute()).toEqual([]);
    expect(await rig.db.selectFrom('job_tasks').select('id').where('tenant_id', '=', TENANT).execute()).toEqual([]);
  };

  it('start: an unknown platform is a 400 naming platform, one this deployment does not run a 409, a parameter the flow does not take a 400 naming it', async () => {
    const unknown = await start('myspace');
    expect([unknown.status, unknown.body.error.issues?.[0]?.path]).toEqual([400, 'platform']);
    expect((await start('youtube')).status).toBe(409);
    const access = await start('etsy', '&access=write');
    expect([access.status, access.body.error.issues?.[0]?.path]).toEqual([400, 'access']);
    expect((await start('etsy', '&shop=x.myshopify.com')).status).toBe(400);
    expect(await rig.db.selectFrom('oauth_states').select('state_hash').execute()).toEqual([]);
  });

  it('the Printify exchange names the fields of the shape it was given', async () => {
    const noToken = await rig.call('/api/oauth/printify/exchange', { token: ADMIN, body: { tenant_id: TENANT, access_token: '' } });
    expect(noToken.status).toBe(400);
    expect(JSON.stringify(noToken.body.error)).toContain('access_token');
    const noState = await rig.call('/api/oauth/printify/exchange', { token: ADMIN, body: { code: 'abc' } });
    expect(noState.status).toBe(400);
    expect(noState.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['state']);
    await nothingWritten();
  });

  it('a 5xx from Etsy\'s token endpoint answers 502 and leaves the state usable: the same state and code then connect', async () => {
    const started = await start('etsy');
    const back = await rig.consent(started.body.authorize_url, { sim_shop: 'EdgeShop' });
    const [code, state] = [back.get('code'), back.get('state')];
    rig.etsy.injectFaults([{ api: 'oauth', kind: 'serverError' }]);
    const failed = await rig.call('/api/oauth/etsy/exchange', { token: ADMIN, body: { state, code } });
    expect(failed.status).toBe(502);
    await nothingWritten();
    const again = await rig.call('/api/oauth/etsy/exchange', { token: ADMIN, body: { state, code } });
    expect(again.status).toBe(200);
  });

  it('a mistyped shop_id on the Printify repeat is a 400 naming it, and the tokens still wait: the next repeat connects without a code', async () => {
    const started = await start('printify');
    const back = await rig.consent(started.body.authorize_url, { sim_account: 'two' });
    const [code, state] = [back.get('code'), back.get('state')];
    const choice = await rig.call('/api/oauth/printify/exchange', { token: ADMIN, body: { state, code } });
    expect(choice.status).toBe(409);
    const typo = await rig.call('/api/oauth/printify/exchange', { token: ADMIN, body: { state, shop_id: '999' } });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.body.error)).toContain('shop_id');
    const connected = await rig.call('/api/oauth/printify/exchange', { token: ADMIN, body: { state, shop_id: shops[1] } });
    expect([connected.status, connected.body.account_id]).toEqual([200, shops[1]]);
    const spent = await rig.call('/api/oauth/printify/exchange', { token: ADMIN, body: { state, shop_id: shops[0] } });
    expect(spent.status).toBe(400);
  });
});
