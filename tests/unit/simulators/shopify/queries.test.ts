import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startShopifySimulator, type RunningShopifySimulator } from '../../../../dev/simulators/shopify/index.js';
import { allNodes, fakeClock, graphql, numericId, T0 } from './shopify-client.js';

const clock = fakeClock();
let sim: RunningShopifySimulator;
let token: string;

beforeAll(async () => {
  sim = await startShopifySimulator({ now: clock.now });
  token = sim.issueAccessToken('sim-jpy');
});
afterAll(() => sim.close());

const ids = (nodes: Record<string, unknown>[]): string[] => nodes.map((node) => numericId(node.id as string));

describe('Shopify simulator queries', () => {
  it('pages every order by UPDATED_AT, ascending with ties broken by id, and CREATED_AT reversed newest first', async () => {
    const truth = sim.truth('sim-jpy');
    const nodes = await allNodes(sim, 'sim-jpy', token, 'orders', 'id updatedAt', ', sortKey: UPDATED_AT', 37);
    expect(ids(nodes).toSorted()).toEqual(truth.orders.map((o) => o.platform_id).toSorted());
    const keys = nodes.map((node) => [Date.parse(node.updatedAt as string), Number(numericId(node.id as string))] as const);
    for (let i = 1; i < keys.length; i++) expect(keys[i]![0] - keys[i - 1]![0] || keys[i]![1] - keys[i - 1]![1]).toBeGreaterThan(0);

    const newest = await graphql(sim, 'sim-jpy', token, '{ orders(first: 3, sortKey: CREATED_AT, reverse: true) { nodes { id } pageInfo { hasNextPage hasPreviousPage } } }');
    const byPlaced = truth.orders.toSorted((a, b) => b.placed_at.localeCompare(a.placed_at) || Number(b.platform_id) - Number(a.platform_id));
    expect(ids(newest.body.data.orders.nodes)).toEqual(byPlaced.slice(0, 3).map((o) => o.platform_id));
    expect(newest.body.data.orders.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
  });

  it('pages backwards with last and before', async () => {
    const truth = sim.truth('sim-jpy').orders.map((o) => o.platform_id);
    const tail = await graphql(sim, 'sim-jpy', token, '{ orders(last: 4) { edges { cursor node { id } } pageInfo { hasPreviousPage hasNextPage startCursor } } }');
    const { edges, pageInfo } = tail.body.data.orders;
    expect(edges.map((edge: { node: { id: string } }) => numericId(edge.node.id))).toEqual(truth.slice(-4));
    expect(pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false, startCursor: edges[0].cursor });
    const before = await graphql(sim, 'sim-jpy', token, 'query($c: String) { orders(last: 4, before: $c) { nodes { id } } }', { c: pageInfo.startCursor });
    expect(ids(before.body.data.orders.nodes)).toEqual(truth.slice(-8, -4));
  });

  it('filters by updated_at and created_at with UTC timestamps, and reads a bare date in the shop time zone', async () => {
    const truth = sim.truth('sim-jpy').orders;
    const [from, to] = ['2026-08-10T00:00:00Z', '2026-09-01T06:30:00Z'];
    const filtered = await allNodes(sim, 'sim-jpy', token, 'orders', 'id', `, query: "updated_at:>='${from}' AND updated_at:<'${to}'"`);
    const expected = truth.filter((o) => o.platform_updated_at >= '2026-08-10T00:00:00.000Z' && o.platform_updated_at < '2026-09-01T06:30:00.000Z');
    expect(expected.length).toBeGreaterThan(5);
    expect(ids(filtered).toSorted()).toEqual(expected.map((o) => o.platform_id).toSorted());
    // Tokyo is UTC+9: its day D starts at 15:00 UTC on D − 1. An order placed after 15:00 UTC is on the next Tokyo day.
    const late = truth.find((o) => Number(o.placed_at.slice(11, 13)) >= 15)!;
    const tokyoDay = new Date(Date.parse(late.placed_at.slice(0, 10)) + 86_400_000).toISOString().slice(0, 10);
    const tokyoStart = new Date(Date.parse(tokyoDay) - 9 * 3_600_000).toISOString();
    const tokyo = await graphql(sim, 'sim-jpy', token, `{ local: ordersCount(query: "created_at:>=${tokyoDay}") { count } utc: ordersCount(query: "created_at:>='${tokyoStart}'") { count } }`);
    const count = truth.filter((o) => o.placed_at >= tokyoStart).length;
    expect(tokyo.body.data).toEqual({ local: { count }, utc: { count } });
    expect(count).toBeGreaterThan(truth.filter((o) => o.placed_at >= `${tokyoDay}T00:00:00.000Z`).length);
  });

  it('hides orders older than 60 days from a token without read_all_orders, in lists, counts and node lookups', async () => {
    const limited = sim.issueAccessToken('sim-jpy', ['read_orders', 'read_products', 'read_customers']);
    const recent = sim.truth('sim-jpy', { allOrders: false }).orders;
    const all = sim.truth('sim-jpy').orders;
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(all.length);
    expect(recent.every((o) => Date.parse(o.placed_at) >= T0 - 60 * 86_400_000)).toBe(true);
    expect(ids(await allNodes(sim, 'sim-jpy', limited, 'orders', 'id'))).toEqual(recent.map((o) => o.platform_id));
    expect((await graphql(sim, 'sim-jpy', limited, '{ ordersCount { count precision } }')).body.data.ordersCount).toEqual({ count: recent.length, precision: 'EXACT' });
    const old = all[0]!.platform_id;
    const lookup = await graphql(sim, 'sim-jpy', limited, `{ node(id: "gid://shopify/Order/${old}") { id } }`);
    expect(lookup.body.data.node).toBeNull();
    expect((await graphql(sim, 'sim-jpy', token, `{ node(id: "gid://shopify/Order/${old}") { id } }`)).body.data.node.id).toBe(`gid://shopify/Order/${old}`);
  });

  it('answers ACCESS_DENIED (HTTP 200, that field null) for a list whose scope the token lacks', async () => {
    const ordersOnly = sim.issueAccessToken('sim-jpy', ['read_orders']);
    const answer = await graphql(sim, 'sim-jpy', ordersOnly, '{ orders(first: 1) { nodes { id } } customers(first: 1) { nodes { id } } }');
    expect(answer.status).toBe(200);
    expect(answer.body.data.customers).toBeNull();
    expect(answer.body.data.orders.nodes).toHaveLength(1);
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: ['customers'], extensions: expect.objectContaining({ code: 'ACCESS_DENIED' }) })]);
  });

  it('moves updatedAt of a changed order to now, and lists new orders', async () => {
    clock.advance(3_600_250); // not a whole second: Shopify shows seconds, and truth must agree
    const target = sim.truth('sim-jpy').orders[5]!;
    sim.updateOrder('sim-jpy', target.platform_id, { status: 'REFUNDED' });
    const added = sim.addOrders('sim-jpy', 2);
    const since = new Date(clock.now() - 60_000).toISOString().replace('.000Z', 'Z');
    const changed = await allNodes(sim, 'sim-jpy', token, 'orders', 'id displayFinancialStatus updatedAt', `, sortKey: UPDATED_AT, query: "updated_at:>='${since}'"`);
    expect(changed.map((node) => numericId(node.id as string)).toSorted()).toEqual([target.platform_id, ...added].toSorted());
    expect(changed.find((node) => numericId(node.id as string) === target.platform_id)).toMatchObject({ displayFinancialStatus: 'REFUNDED', updatedAt: new Date(clock.now() - 250).toISOString().replace('.000Z', 'Z') });
    expect(sim.truth('sim-jpy').orders.find((o) => o.platform_id === target.platform_id)).toMatchObject({ status: 'REFUNDED', platform_updated_at: new Date(clock.now() - 250).toISOString() });
  });
});
