import { afterEach, describe, expect, it } from '@jest/globals';
import { startShopifySimulator, type RunningShopifySimulator } from '../../../../dev/simulators/shopify/index.js';
import { graphql } from './shopify-client.js';

let sim: RunningShopifySimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const control = async (running: RunningShopifySimulator, route: string, method: 'GET' | 'POST' = 'GET') => {
  const response = await fetch(`${running.baseUrl}/__control/${route}`, { method });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('Shopify simulator faults and control routes', () => {
  it('answers injected faults in order: 429 with Retry-After, 503, a dropped connection, then normally', async () => {
    sim = await startShopifySimulator({ controlRoutes: true });
    const token = sim.issueAccessToken('sim-usd');
    const faults = [
      { api: 'graphql', kind: 'rateLimited', retryAfterSeconds: 2 },
      { api: 'graphql', kind: 'serverError', status: 503 },
      { api: 'graphql', kind: 'timeout', timeoutMs: 1, destroySocket: true },
    ];
    expect((await control(sim, `inject-faults?faults=${encodeURIComponent(JSON.stringify(faults))}`, 'POST')).status).toBe(200);
    const limited = await fetch(`${sim.shopUrlTemplate.replace('{shop}', 'sim-usd.myshopify.com')}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'x-shopify-access-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ shop { name } }' }),
    });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2.0']);
    expect((await graphql(sim, 'sim-usd', token, '{ shop { name } }')).status).toBe(503);
    await expect(graphql(sim, 'sim-usd', token, '{ shop { name } }')).rejects.toThrow();
    expect((await graphql(sim, 'sim-usd', token, '{ shop { name } }')).body.data.shop.name).toBe('Sim USD Shop');
    expect((await control(sim, 'stats')).body.endpoints).toMatchObject({ graphql: { total: 4, byStatus: { '429': 1, '503': 1, destroyed: 1, '200': 1 } } });
  });

  it('serves shops, truth (with the 60-day rule), tokens and changes over HTTP', async () => {
    sim = await startShopifySimulator({ controlRoutes: true });
    const shops = (await control(sim, 'shops')).body.shops as { domain: string; currency: string }[];
    expect(shops.map((shop) => [shop.domain, shop.currency])).toEqual([['sim-usd.myshopify.com', 'USD'], ['sim-jpy.myshopify.com', 'JPY'], ['sim-kwd.myshopify.com', 'KWD']]);
    const truth = (await control(sim, 'truth?shop=sim-kwd')).body as { orders: { platform_id: string }[] };
    expect(truth).toEqual(JSON.parse(JSON.stringify(sim.truth('sim-kwd'))));
    expect(((await control(sim, 'truth?shop=sim-kwd&all_orders=0')).body.orders as unknown[]).length).toBeLessThan(truth.orders.length);
    const { body } = await control(sim, 'access-token?shop=sim-kwd&scopes=read_orders', 'POST');
    expect((await graphql(sim, 'sim-kwd', body.access_token as string, '{ products(first: 1) { nodes { id } } }')).body.errors[0].extensions.code).toBe('ACCESS_DENIED');
    expect((await control(sim, 'update-order?shop=sim-kwd&id=1&status=PAID', 'POST')).status).toBe(400);
    expect((await control(sim, `update-order?shop=sim-kwd&id=${truth.orders[0]!.platform_id}&status=VOIDED`, 'POST')).status).toBe(200);
    expect(sim.truth('sim-kwd').orders[0]!.status).toBe('VOIDED');
  });

  it('touches orders spread evenly (the next status, updated now) and samples the truth at the same spacing', async () => {
    sim = await startShopifySimulator({ controlRoutes: true });
    const before = sim.truth('sim-usd');
    const touched = (await control(sim, 'touch-orders?shop=sim-usd&count=7', 'POST')).body as { ids: string[]; every: number };
    const every = Math.floor(before.orders.length / 7);
    expect(touched).toEqual({ ids: [0, 1, 2, 3, 4, 5, 6].map((k) => before.orders[k * every]!.platform_id), every });
    const after = sim.truth('sim-usd');
    const changed = after.orders.filter((order, i) => order.status !== before.orders[i]!.status).map((order) => order.platform_id);
    expect(changed).toEqual(touched.ids);
    for (const id of touched.ids) expect(after.orders.find((o) => o.platform_id === id)!.platform_updated_at > before.orders.find((o) => o.platform_id === id)!.platform_updated_at).toBe(true);

    const sample = (await control(sim, `truth-sample?shop=sim-usd&every=${every}`)).body as Record<string, { platform_id: string; order_platform_id?: string }[]> & { counts: Record<string, number> };
    expect(sample.counts).toEqual({ orders: 240, line_items: after.line_items.length, products: 24, product_variants: after.product_variants.length, customers: 60 });
    expect(sample.orders!.map((o) => o.platform_id).slice(0, 7)).toEqual(touched.ids);
    expect(sample.orders).toEqual(JSON.parse(JSON.stringify(after.orders.filter((_, i) => i % every === 0))));
    expect(sample.line_items).toEqual(JSON.parse(JSON.stringify(after.line_items.filter((line) => sample.orders!.some((o) => o.platform_id === line.order_platform_id)))));
    expect(sample.customers).toEqual(JSON.parse(JSON.stringify(after.customers)));
    expect((await control(sim, 'touch-orders?shop=sim-usd&count=241', 'POST')).status).toBe(400);
  });
});
