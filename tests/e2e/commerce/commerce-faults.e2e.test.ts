import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { EndpointStats } from '../../../dev/simulators/_shared/simulator-stats.js';
import { describeEachEngine } from '../../support/engines.js';
import { startCommerceRig, tablesVsTruth, untilVendorAnswers, type CommerceRig } from '../../support/commerce-rig.js';

// Commerce backfill against flaky vendors: both simulators answer 10% of API requests with a 5xx
// and 5% with a 429, at random (a fixed seed). An Etsy shop and a Printify shop are backfilled,
// every entity, over HTTP; the retries — a 5xx inside the task, a 429 rescheduled with the
// budget held — must end with no task dead, every table equal to the ground truth, and the
// request rates within the vendors' limits. Rates are generous on both sides (50/s, 3000/min)
// and the shops small, so the run takes seconds: the faults, not the limits, are under test.
const TENANT = 'flaky';
const FAULTS = { serverError: 0.1, rateLimited: 0.05 };
/** Each simulator its own seed, so their faults fall on different requests. */
const FAULT_SEEDS = { etsy: 7, printify: 8 };
const ETSY_PER_SECOND = 50;
const PRINTIFY_PER_MINUTE = 3_000;

describeEachEngine('commerce backfill with vendor faults (10% 5xx, 5% 429)', (engine) => {
  let rig: CommerceRig;

  beforeAll(async () => {
    rig = await startCommerceRig({
      engine,
      etsy: { shops: [{ name: 'FlakyShop', currency: 'EUR', receipts: 800, listings: 60, historyDays: 180 }], faultRates: FAULTS, faultSeed: FAULT_SEEDS.etsy, ratePerSecond: ETSY_PER_SECOND },
      printify: () => ({
        accounts: [{ name: 'flaky', shops: [{ title: 'Flaky', sales_channel: 'etsy', orders: 320, products: 40, historyDays: 90 }] }],
        faultRates: FAULTS,
        faultSeed: FAULT_SEEDS.printify,
        ratePerMinute: PRINTIFY_PER_MINUTE,
      }),
      env: { ETSY_REQUESTS_PER_SECOND: String(ETSY_PER_SECOND), PRINTIFY_REQUESTS_PER_MINUTE: String(PRINTIFY_PER_MINUTE), DISPATCH_CONCURRENCY: '3' },
    });
  });
  afterAll(() => rig?.close());

  it('backfills every entity despite the faults: no task dead, every table equals the truth, rates within the limits', async () => {
    const started = Date.now();
    const shopId = rig.etsy.shopIdFor('FlakyShop');
    const printifyShop = String(rig.printify.shopIdsOf('flaky')[0]);
    // Connecting asks the vendor whose token it is; a person connects again after a 5xx or 429.
    expect((await untilVendorAnswers(() => rig.connectEtsy(TENANT, 'FlakyShop'))).status).toBe(200);
    expect((await untilVendorAnswers(() => rig.connectPrintify(TENANT, 'flaky'))).status).toBe(200);

    await rig.dispatchUntilIdle();

    const tasks = await rig.db.selectFrom('job_tasks').select(['dedupe_key', 'status', 'last_error']).execute();
    expect(tasks.length).toBeGreaterThanOrEqual(5); // three Etsy entities, two Printify ones, the rollups
    expect(tasks.filter((task) => task.status !== 'succeeded')).toEqual([]);
    const etsy = await tablesVsTruth(rig, 'etsy', TENANT, shopId);
    expect(etsy.stored).toEqual(etsy.truth);
    const printify = await tablesVsTruth(rig, 'printify', TENANT, printifyShop);
    expect(printify.stored).toEqual(printify.truth);

    const etsyStats = rig.etsy.stats();
    const printifyStats = rig.printify.stats();
    const etsyAnswers = answersOf(etsyStats.endpoints);
    const printifyAnswers = answersOf(printifyStats.endpoints);
    process.stdout.write(
      `\nfaults [${engine}] in ${Date.now() - started} ms: etsy ${JSON.stringify(etsyAnswers)}, max ${etsyStats.maxPerSecond}/s; printify ${JSON.stringify(printifyAnswers)}, max ${JSON.stringify(printifyStats.maxPerMinuteByAccount)}/min\n`,
    );
    // The faults did happen, of both kinds, at both vendors: otherwise this proves nothing.
    for (const answers of [etsyAnswers, printifyAnswers]) {
      expect((answers['500'] ?? 0) + (answers['503'] ?? 0)).toBeGreaterThan(0);
      expect(answers['429'] ?? 0).toBeGreaterThan(0);
    }
    expect(etsyStats.maxPerSecond).toBeLessThanOrEqual(ETSY_PER_SECOND);
    expect(Object.keys(printifyStats.maxPerMinuteByAccount)).toEqual(['flaky']);
    expect(printifyStats.maxPerMinuteByAccount['flaky']).toBeLessThanOrEqual(PRINTIFY_PER_MINUTE);
  }, 30_000);
});

/** Every answer a simulator gave, by status, over all its endpoints. */
function answersOf(endpoints: Record<string, EndpointStats>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const endpoint of Object.values(endpoints)) for (const [status, n] of Object.entries(endpoint.byStatus)) total[status] = (total[status] ?? 0) + n;
  return total;
}
