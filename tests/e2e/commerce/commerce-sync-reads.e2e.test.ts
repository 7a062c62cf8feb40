import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeEachEngine } from '../../support/engines.js';
import { CRON, startCommerceRig, tablesVsTruth, type CommerceRig } from '../../support/commerce-rig.js';

// Review 11 over HTTP: what a completed read leaves in sync_cursors (scanned_until,
// full_read_at) and the rows it removes — an Etsy listing that left `active` — through the
// sync cron, the tables still equal to the vendors' truth.
const TENANT = 'acme';

describeEachEngine('commerce sync reads end to end', (engine) => {
  let rig: CommerceRig;
  let shopId: number;
  let printifyShop: string;

  beforeAll(async () => {
    rig = await startCommerceRig({
      engine,
      etsy: { shops: [{ name: 'ClayCo', currency: 'USD', receipts: 30, listings: 6, historyDays: 90 }] },
      printify: () => ({ accounts: [{ name: 'merchant', shops: [{ title: 'Fulfilment', sales_channel: 'etsy', orders: 12, products: 4, historyDays: 60 }] }] }),
      env: { ETSY_REQUESTS_PER_SECOND: '50', PRINTIFY_REQUESTS_PER_MINUTE: '3000' },
    });
    shopId = rig.etsy.shopIdFor('ClayCo');
    expect((await rig.connectEtsy(TENANT, 'ClayCo')).status).toBe(200);
    const printify = await rig.connectPrintify(TENANT, 'merchant');
    expect(printify.status).toBe(200);
    printifyShop = String(printify.body.account_id);
    await rig.dispatchUntilIdle();
  });
  afterAll(() => rig?.close());

  const marks = async (platform: string) =>
    rig.db
      .selectFrom('sync_cursors')
      .innerJoin('connections', 'connections.id', 'sync_cursors.connection_id')
      .select(['sync_cursors.entity', 'sync_cursors.cursor_value', 'sync_cursors.scanned_until', 'sync_cursors.full_read_at'])
      .where('connections.platform', '=', platform)
      .orderBy('sync_cursors.entity')
      .execute();

  it('every backfilled entity’s final step marked how far it scanned; complete reads (Printify’s whole lists, Etsy’s active listings) their start', async () => {
    const etsy = await marks('etsy');
    expect(etsy.map((row) => row.entity)).toEqual(['listings', 'orders', 'payments']);
    expect(etsy.every((row) => row.scanned_until !== null && row.scanned_until >= row.cursor_value)).toBe(true);
    expect(etsy.map((row) => row.full_read_at !== null)).toEqual([true, false, false]);
    const printify = await marks('printify');
    expect(printify.map((row) => [row.entity, row.scanned_until !== null, row.full_read_at !== null])).toEqual([
      ['orders', true, true],
      ['products', true, true],
    ]);
  });

  it('a listing that leaves `active` is deleted by the next sync’s complete read; the tables equal the truth', async () => {
    const [leaving] = rig.etsy.truth(shopId).listings;
    rig.etsy.updateListing(shopId, Number(leaving!.platform_id), { state: 'sold_out' });
    const before = await marks('etsy');
    // Etsy's bounds are whole seconds: the sync's scan must end in a later one than the backfill's.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const sync = await rig.call('/api/jobs/sync', { method: 'POST', token: CRON });
    expect(sync.status).toBe(200);
    await rig.dispatchUntilIdle();
    const { stored, truth } = await tablesVsTruth(rig, 'etsy', TENANT, shopId);
    expect(stored).toEqual(truth);
    expect((stored.listings as { platform_id: string }[]).map((row) => row.platform_id)).not.toContain(leaving!.platform_id);
    // The payments sync marked its scan's end: the next starts there, whatever its newest entry's age.
    const after = await marks('etsy');
    expect(after.find((row) => row.entity === 'payments')!.scanned_until! > before.find((row) => row.entity === 'payments')!.scanned_until!).toBe(true);
    const printify = await tablesVsTruth(rig, 'printify', TENANT, printifyShop);
    expect(printify.stored).toEqual(printify.truth);
  });
});
