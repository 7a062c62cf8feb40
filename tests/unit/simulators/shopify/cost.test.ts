import { afterEach, describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { startShopifySimulator, type RunningShopifySimulator } from '../../../../dev/simulators/shopify/index.js';
import { requestedCost } from '../../../../dev/simulators/shopify/query-cost.js';
import { shopifySchema } from '../../../../dev/simulators/shopify/schema.js';
import { fragmentsOf } from '../../../../dev/simulators/shopify/selection-fields.js';
import { fakeClock, graphql } from './shopify-client.js';

let sim: RunningShopifySimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
  if (operation?.kind !== 'OperationDefinition') throw new Error('no operation');
  return requestedCost({ schema: shopifySchema(), operation, fragments: fragmentsOf(document.definitions), variables });
}

const ORDERS_50 = `{ orders(first: 50) { edges { node { id totalPriceSet { shopMoney { amount } } } } pageInfo { hasNextPage } } }`;

describe('requestedCost (Shopify cost calculation)', () => {
  it('charges 0 for scalars, 1 per object, 2 + first × node per connection, 10 per mutation', () => {
    expect(cost('{ shop { name currencyCode } }')).toBe(1);
    // Shopify's documented example: products(first: 10) of id + title costs 12.
    expect(cost('{ products(first: 10) { edges { node { id title } } } }')).toBe(12);
    expect(cost('{ products(first: 10) { nodes { id title } } }')).toBe(12);
    // 2 + 50 × (1 node + 2 for totalPriceSet.shopMoney)
    expect(cost(ORDERS_50)).toBe(152);
    // Nested: 2 + 10 × (1 + (2 + 5 × 1))
    expect(cost('query($n: Int) { orders(first: $n) { nodes { id lineItems(first: 5) { nodes { id } } } } }', { n: 10 })).toBe(82);
    expect(cost('mutation { bulkOperationRunQuery(query: "{ orders { nodes { id } } }") { bulkOperation { id } userErrors { message } } }')).toBe(10);
    expect(cost('fragment F on Product { id title } { products(last: 4) { nodes { ...F } } }')).toBe(6);
  });
});

describe('Shopify simulator cost limits', () => {
  it('takes the requested cost, refunds the unspent part, and throttles when the bucket cannot cover a query', async () => {
    const clock = fakeClock();
    sim = await startShopifySimulator({ now: clock.now, shops: [{ name: 'tiny', currency: 'USD', orders: 20, products: 3, customers: 2, historyDays: 10, bucket: { capacity: 200, restorePerSecond: 10 } }] });
    const token = sim.issueAccessToken('tiny');
    const first = await graphql(sim, 'tiny', token, ORDERS_50);
    // 20 orders came back: 2 + 20 × 3 = 62 actually spent; 152 requested.
    expect(first.body.extensions.cost).toEqual({ requestedQueryCost: 152, actualQueryCost: 62, throttleStatus: { maximumAvailable: 200, currentlyAvailable: 138, restoreRate: 10 } });
    const throttled = await graphql(sim, 'tiny', token, ORDERS_50);
    expect(throttled.status).toBe(200);
    expect(throttled.body.data).toBeUndefined();
    expect(throttled.body.errors[0]).toMatchObject({ message: 'Throttled', extensions: { code: 'THROTTLED' } });
    expect(throttled.body.extensions.cost).toEqual({ requestedQueryCost: 152, actualQueryCost: null, throttleStatus: { maximumAvailable: 200, currentlyAvailable: 138, restoreRate: 10 } });
    clock.advance(1_400); // +14 points: exactly enough
    expect((await graphql(sim, 'tiny', token, ORDERS_50)).body.data.orders.edges).toHaveLength(20);
    expect(sim.stats()).toMatchObject({ graphqlQueries: 3, throttled: 1, costSpent: 124, perShop: { 'tiny.myshopify.com': { throttled: 1, costSpent: 124 } } });
  });

  it('refuses a query over 1000 points with MAX_COST_EXCEEDED, a page over 250 and a connection without a size', async () => {
    sim = await startShopifySimulator();
    const token = sim.issueAccessToken('sim-usd');
    // 2 + 250 × (1 + 2 + 10 × 1)
    const tooCostly = await graphql(sim, 'sim-usd', token, '{ orders(first: 250) { nodes { id lineItems(first: 10) { nodes { id } } } } }');
    expect(tooCostly.status).toBe(200);
    expect(tooCostly.body.errors[0].extensions).toEqual({ code: 'MAX_COST_EXCEEDED', cost: 3252, maxCost: 1000 });
    expect(tooCostly.body.data).toBeUndefined();
    const tooLarge = await graphql(sim, 'sim-usd', token, '{ products(first: 251) { nodes { id } } }');
    expect(tooLarge.body.errors[0].message).toMatch(/cannot exceed 250/);
    expect(tooLarge.body.data).toEqual({ products: null });
    expect((await graphql(sim, 'sim-usd', token, '{ products { nodes { id } } }')).body.errors[0].message).toBe('you must provide one of first or last');
    expect(sim.stats().maxCostExceeded).toBe(1);
  });
});
