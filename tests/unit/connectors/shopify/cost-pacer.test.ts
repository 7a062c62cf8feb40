import { describe, expect, it } from '@jest/globals';
import { createCostEstimates, observationFromCost, shopifyCostSchema, throttledRetryAt, type ShopifyCost } from '../../../../lib/connectors/shopify/cost-pacer.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const cost = (over: Partial<ShopifyCost> = {}, status: Partial<ShopifyCost['throttleStatus']> = {}): ShopifyCost => ({
  requestedQueryCost: 643,
  actualQueryCost: 120,
  throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1480, restoreRate: 100, ...status },
  ...over,
});

describe('the cost extension as a budget observation', () => {
  it('the reported bucket, and requested − actual given back', () => {
    expect(observationFromCost(cost())).toEqual({ bucket: { available: 1480, capacity: 2000, restorePerSecond: 100, refund: 523 } });
  });

  it('nothing given back for a query that did not run (THROTTLED: actual null)', () => {
    expect(observationFromCost(cost({ actualQueryCost: null }, { currentlyAvailable: 12 })).bucket).toEqual({ available: 12, capacity: 2000, restorePerSecond: 100, refund: 0 });
  });

  it('parses a recorded extension, and refuses one without throttleStatus', () => {
    const recorded = { requestedQueryCost: 752, actualQueryCost: null, throttleStatus: { maximumAvailable: 1000.0, currentlyAvailable: 200, restoreRate: 50.0 } };
    expect(shopifyCostSchema.parse(recorded)).toEqual(recorded);
    expect(shopifyCostSchema.safeParse({ requestedQueryCost: 1, actualQueryCost: 1 }).success).toBe(false);
  });
});

describe('when a THROTTLED query can run again', () => {
  it('when the bucket holds the requested cost again, in whole seconds', () => {
    // 752 requested, 200 there, 50/s: 11.04 s → 12 s.
    expect(throttledRetryAt(cost({ requestedQueryCost: 752 }, { currentlyAvailable: 200, restoreRate: 50 }), now)).toEqual(new Date('2026-03-01T12:00:12.000Z'));
    expect(throttledRetryAt(cost({ requestedQueryCost: 300 }, { currentlyAvailable: 100, restoreRate: 100 }), now)).toEqual(new Date('2026-03-01T12:00:02.000Z'));
  });

  it('at least a second, even when the bucket already holds it (someone else drained it meanwhile)', () => {
    expect(throttledRetryAt(cost({ requestedQueryCost: 10 }, { currentlyAvailable: 900 }), now)).toEqual(new Date('2026-03-01T12:00:01.000Z'));
    expect(throttledRetryAt(cost({ requestedQueryCost: 10 }, { currentlyAvailable: 9.5, restoreRate: 100 }), now)).toEqual(new Date('2026-03-01T12:00:01.000Z'));
  });
});

describe('the cost reserved before a query is sent', () => {
  it('the static estimate until Shopify reported the query’s requested cost, then that, per query name', () => {
    const estimates = createCostEstimates();
    expect(estimates.costOf('OrdersPage', 643)).toBe(643);
    estimates.record('OrdersPage', cost({ requestedQueryCost: 612 }));
    expect(estimates.costOf('OrdersPage', 643)).toBe(612);
    expect(estimates.costOf('ProductsPage', 603)).toBe(603);
    estimates.record('OrdersPage', cost({ requestedQueryCost: 640, actualQueryCost: null }));
    expect(estimates.costOf('OrdersPage', 643)).toBe(640);
  });
});
