import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createBudgetGate, type BudgetGate, type LimitsCache } from '../../../lib/budgets/budget-gate.js';
import { SLIDING_DAY } from '../../../lib/budgets/budget-policy.js';
import { readBudgetStates, refId } from '../../../lib/budgets/budget-store.repository.js';
import { runAsSpender } from '../../../lib/budgets/spender.js';
import type { BudgetSpec } from '../../../lib/connectors/connector.js';
import { createShopifyClient, type ShopifyClient } from '../../../lib/connectors/shopify/shopify.client.js';
import { SHOPIFY_BUDGET, SHOPIFY_ORDERS_KIND } from '../../../lib/connectors/shopify/task-kinds.js';
import { RateLimitedError } from '../../../lib/errors.js';
import { systemClock } from '../../../lib/shared/clock.js';
import { silentLogger } from '../../../lib/shared/logger.js';
import { describeEachEngine } from '../../support/engines.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../support/loopback-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// DESIGN.md "Budgets": Shopify's calls are paced from its own throttleStatus before it throttles.
// The client's cost extension, folded into a real gate on a real store, must make the next
// query wait for the bucket Shopify reported — without the query being sent.

const SHOP = 'paced.myshopify.com';
const spec: BudgetSpec = {
  key: SHOPIFY_BUDGET,
  scope: 'account',
  requestsPerSecond: 50,
  dailyQuota: null,
  quotaWindow: SLIDING_DAY,
  unit: 'points',
  backfillShare: 1,
  spentBy: [SHOPIFY_ORDERS_KIND],
  costBucket: { capacity: 1000, restorePerSecond: 50 },
};

describeEachEngine('the Shopify client paces from throttleStatus', (engine) => {
  let database: TestDatabase;
  let server: LoopbackServer;
  let gate: BudgetGate;
  let client: ShopifyClient;
  const cache: LimitsCache = { current: async () => ({}), invalidate() {} };

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    gate = createBudgetGate({ db: database.db, clock: systemClock, logger: silentLogger, specs: [spec], limits: cache });
    // An older shop's bucket, nearly spent by another app session: 200 of 1,000 left, 50/s.
    server = await startLoopbackServer((_request, response) =>
      sendJson(response, 200, {
        data: { orders: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } },
        extensions: { cost: { requestedQueryCost: 643, actualQueryCost: 3, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 200, restoreRate: 50 } } },
      }),
    );
    client = createShopifyClient(
      { apiKey: 'k', apiSecret: 's', redirectUri: undefined, apiVersion: '2026-10', shopUrlTemplate: `${server.origin}/{shop}`, syncOverlapMinutes: 5, fullResyncDays: 7, commerce: { backfillSince: null, syncIntervalMinutes: 15 } },
      { budgets: gate, clock: systemClock },
    );
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it('the reported bucket replaces the assumed one, and the next query waits for it instead of being throttled', async () => {
    const spender = (deadlineMs: number) => ({ accountKey: SHOP, backfill: true, deadline: new Date(Date.now() + deadlineMs) });
    const page = { search: null, after: null, sortKey: 'UPDATED_AT' as const };
    await runAsSpender(spender(60_000), () => client.listPage(SHOP, 'shpat_x', 'orders', page));
    const pace = (await readBudgetStates(database.db, new Date(Date.now() - 86_400_000))).paces.get(refId({ budget: SHOPIFY_BUDGET, key: SHOP }));
    expect(pace?.bucket).toMatchObject({ capacity: 1000, restorePerSecond: 50 });
    // Our own count after the refund (1,000 − 643 + 640) is more than Shopify's 200: Shopify's wins.
    expect(pace!.bucket!.available).toBeLessThanOrEqual(200);

    // The same query again reserves Shopify's reported 643: (643 − 200) / 50 ≈ 8.9 s away, past this task's deadline.
    const before = Date.now();
    const refused = runAsSpender(spender(1_000), () => client.listPage(SHOP, 'shpat_x', 'orders', page));
    await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    const retryAt = await refused.then(
      () => Number.NaN,
      (error: unknown) => (error as RateLimitedError).retryAt.getTime(),
    );
    expect(retryAt - before).toBeGreaterThan(8_000);
    expect(retryAt - before).toBeLessThan(9_500);
    expect(server.requests).toHaveLength(1);
  });
});
