import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startCommerceRig, tablesVsTruth, type CommerceRig } from '../../support/commerce-rig.js';
import { describeEachEngine } from '../../support/engines.js';
import { crowdedWindows, excusedByStalls, watchEventLoopStalls } from '../../support/event-loop-stalls.js';

// Printify counts its limit per merchant account across the shops one token reaches
// (PLATFORMS.md), while a connection is one shop: the shops connected with one token share the
// `printify` budget (Connector.budgetsPerGrant, keyed by the grant's fingerprint). Two shops of
// one account backfilled at once, with lanes to spare, stay within the account's pace together.
const TENANT = 'two-shops';
const PER_MINUTE = 240; // paced at 4/s
const PER_SECOND = PER_MINUTE / 60;
const STALL_MS = 10;
const PRINTIFY_API = ['shops.list', 'orders.list', 'orders.get', 'products.list', 'products.get'] as const;

describeEachEngine('Printify shops of one account share its budget', (engine) => {
  let rig: CommerceRig;
  let shops: string[];

  beforeAll(async () => {
    rig = await startCommerceRig({
      engine,
      printify: () => ({
        accounts: [
          {
            name: 'merchant',
            shops: [
              { title: 'Mugs', sales_channel: 'etsy', orders: 60, products: 5, historyDays: 30 },
              { title: 'Posters', sales_channel: 'etsy', orders: 60, products: 5, historyDays: 30 },
            ],
          },
        ],
        ratePerMinute: PER_MINUTE,
      }),
      env: { PRINTIFY_REQUESTS_PER_MINUTE: String(PER_MINUTE), DISPATCH_CONCURRENCY: '4' },
    });
    shops = rig.printify.shopIdsOf('merchant').map(String);
  });
  afterAll(() => rig?.close());

  it('paces both shops\' backfills as one account: no sliding second over its rate, and both tables equal the truth', async () => {
    for (const shop of shops) expect((await rig.connectPrintify(TENANT, 'merchant', shop)).status).toBe(200);
    const fingerprints = await rig.db.selectFrom('connections').select('grant_fingerprint').where('tenant_id', '=', TENANT).execute();
    expect(new Set(fingerprints.map((row) => row.grant_fingerprint)).size).toBe(1);
    rig.printify.resetStats();
    const stalls = watchEventLoopStalls(STALL_MS);
    await rig.dispatchUntilIdle();
    const stalled = stalls.stop();
    for (const shop of shops) {
      const tables = await tablesVsTruth(rig, 'printify', TENANT, shop);
      expect(tables.stored).toEqual(tables.truth);
    }
    const stats = rig.printify.stats();
    const calls = PRINTIFY_API.flatMap((endpoint) => stats.endpoints[endpoint].timestamps);
    expect(calls.length).toBeGreaterThan(3 * PER_SECOND);
    const crowded = crowdedWindows(calls, PER_SECOND);
    // Counted per shop, two lanes would each take the full rate: twice it in every second.
    expect(crowded).toEqual(excusedByStalls(crowded, stalled));
    expect(stats.rateLimited).toBe(0);
  });
});
