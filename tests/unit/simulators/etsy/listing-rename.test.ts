import { describe, expect, it } from '@jest/globals';
import { createEtsySimulator } from '../../../../dev/simulators/etsy/index.js';

describe('Etsy simulator: renaming a listing', () => {
  it('keeps the title a transaction was sold under (as Etsy does), while the listing and later sales take the new one', () => {
    const sim = createEtsySimulator({ shops: [{ name: 'Shop', currency: 'USD', receipts: 30, listings: 3, historyDays: 60 }] });
    const shop = sim.shopIdFor('Shop');
    const before = sim.truth(shop);
    const line = before.line_items[0]!;
    sim.updateListing(shop, Number(line.product_platform_id), { title: 'Renamed Mug' });
    const after = sim.truth(shop);
    expect(after.line_items.filter((l) => l.product_platform_id === line.product_platform_id).map((l) => l.title)).toEqual(
      before.line_items.filter((l) => l.product_platform_id === line.product_platform_id).map((l) => l.title),
    );
    expect(after.listings.find((l) => l.platform_id === line.product_platform_id)?.title ?? 'Renamed Mug').toBe('Renamed Mug');
    const [added] = sim.addReceipts(shop, 40);
    expect(added).toBeDefined();
    const sold = sim.truth(shop).line_items.filter((l) => l.product_platform_id === line.product_platform_id);
    expect(sold.some((l) => l.title === 'Renamed Mug')).toBe(true);
  });
});
