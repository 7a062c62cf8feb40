/** Plain-fetch helpers for the Shopify simulator tests: a GraphQL call as a client makes it, over loopback HTTP. */
import type { RunningShopifySimulator } from '../../../../dev/simulators/shopify/index.js';

export const T0 = Date.parse('2026-10-01T12:00:00Z');

/** A clock the test moves by hand. */
export function fakeClock(start = T0): { now: () => number; advance: (ms: number) => void } {
  let ms = start;
  return { now: () => ms, advance: (by) => void (ms += by) };
}

export const shopOrigin = (sim: RunningShopifySimulator, shop: string): string => sim.shopUrlTemplate.replace('{shop}', `${shop}.myshopify.com`);

export interface GraphqlAnswer {
  status: number;
  /** Read field by field in tests. */
  body: any;
}

export async function graphql(sim: RunningShopifySimulator, shop: string, token: string, query: string, variables: Record<string, unknown> = {}, version = '2026-10'): Promise<GraphqlAnswer> {
  const response = await fetch(`${shopOrigin(sim, shop)}/admin/api/${version}/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

/** Every node of a root connection, page by page (`first` per page), with `extra` arguments. */
export async function allNodes(sim: RunningShopifySimulator, shop: string, token: string, field: string, selection: string, extra = '', first = 100): Promise<Record<string, unknown>[]> {
  const nodes: Record<string, unknown>[] = [];
  let after: string | null = null;
  for (;;) {
    const { body } = await graphql(sim, shop, token, `query($after: String) { ${field}(first: ${first}, after: $after ${extra}) { nodes { ${selection} } pageInfo { hasNextPage endCursor } } }`, { after });
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    nodes.push(...body.data[field].nodes);
    if (!body.data[field].pageInfo.hasNextPage) return nodes;
    after = body.data[field].pageInfo.endCursor;
  }
}

export const numericId = (gid: string): string => gid.slice(gid.lastIndexOf('/') + 1);
