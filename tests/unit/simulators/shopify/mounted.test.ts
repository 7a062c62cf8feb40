import { describe, expect, it } from '@jest/globals';
import { startSimulatorServer } from '../../../../dev/simulators/_shared/simulator-server.js';
import { createShopifySimulator } from '../../../../dev/simulators/shopify/index.js';

const MOUNT = '/__sim/shopify/';

describe('Shopify simulator mounted under a prefix (as the local server mounts it)', () => {
  it('serves the shop under the mount and gives bulk result URLs that work through it', async () => {
    const simulator = createShopifySimulator({ bulkPollsToComplete: 1 });
    // What dev/local-server/request-router.ts does: the simulator sees paths relative to its mount.
    const server = await startSimulatorServer(
      { handle: (req, res, path) => (path.startsWith(MOUNT) ? simulator.handle(req, res, `/${path.slice(MOUNT.length)}`) : Promise.resolve(false)) },
      { notFound: () => ({ status: 404, body: 'not here' }) },
    );
    try {
      const endpoint = `${server.baseUrl}${MOUNT}shops/sim-kwd.myshopify.com/admin/api/2026-10/graphql.json`;
      const headers = { 'content-type': 'application/json', 'x-shopify-access-token': simulator.issueAccessToken('sim-kwd') };
      const post = async (query: string, variables = {}) => (await (await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })).json()) as { data: Record<string, any> };
      const run = await post('mutation { bulkOperationRunQuery(query: "{ customers { nodes { id } } }") { bulkOperation { id } } }');
      const id = run.data.bulkOperationRunQuery.bulkOperation.id;
      let url: string | null = null;
      for (let poll = 0; poll < 100 && url === null; poll++) {
        url = (await post('query($id: ID!) { node(id: $id) { ... on BulkOperation { url } } }', { id })).data.node.url;
        if (url === null) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(url).toMatch(new RegExp(`^${server.baseUrl}${MOUNT}bulk/[0-9a-f]{32}\\.jsonl$`));
      const text = await (await fetch(url!)).text();
      expect(text.trimEnd().split('\n')).toHaveLength(simulator.truth('sim-kwd').customers.length);
    } finally {
      await server.close();
      await simulator.close();
    }
  });
});
