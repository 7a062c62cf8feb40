import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startShopifySimulator, type RunningShopifySimulator } from '../../../../dev/simulators/shopify/index.js';
import { fakeClock, graphql, numericId } from './shopify-client.js';

const clock = fakeClock();
let sim: RunningShopifySimulator;
let token: string;

beforeAll(async () => {
  sim = await startShopifySimulator({ now: clock.now });
  token = sim.issueAccessToken('sim-usd');
});
afterAll(() => sim.close());

const ORDERS_WITH_LINES = '{ orders { edges { node { id name lineItems { edges { node { id sku quantity } } } } } } }';
const POLL = 'query($id: ID!) { node(id: $id) { ... on BulkOperation { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl completedAt } } }';

async function start(query: string, options: { shop?: string; token?: string; groupObjects?: boolean } = {}) {
  const { body } = await graphql(
    sim,
    options.shop ?? 'sim-usd',
    options.token ?? token,
    'mutation($q: String!, $g: Boolean) { bulkOperationRunQuery(query: $q, groupObjects: $g) { bulkOperation { id status } userErrors { field message code } } }',
    { q: query, g: options.groupObjects ?? false },
  );
  return body.data.bulkOperationRunQuery;
}

/** Polls until the operation leaves CREATED/RUNNING; every status seen, and the last answer. */
async function settle(id: string, options: { shop?: string; token?: string } = {}) {
  const seen: string[] = [];
  for (let polls = 0; polls < 200; polls++) {
    const { body } = await graphql(sim, options.shop ?? 'sim-usd', options.token ?? token, POLL, { id });
    const node = body.data.node;
    seen.push(node.status);
    if (!['CREATED', 'RUNNING'].includes(node.status)) return { seen, node };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`bulk operation ${id} never settled`);
}

async function download(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const lines = (text: string): Record<string, unknown>[] => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

/** For each child line, whether the closest root line before it is its parent. */
const groupedFlags = (rows: Record<string, unknown>[]): boolean[] => {
  let lastRoot: unknown = null;
  return rows.flatMap((row) => {
    if (row.__parentId === undefined) {
      lastRoot = row.id;
      return [];
    }
    return [row.__parentId === lastRoot];
  });
};

describe('Shopify simulator bulk operations', () => {
  it('goes CREATED → RUNNING → COMPLETED, with a JSONL file of every order and line, children not grouped by default', async () => {
    const started = await start(ORDERS_WITH_LINES);
    expect(started.userErrors).toEqual([]);
    expect(started.bulkOperation.status).toBe('CREATED');
    const { seen, node } = await settle(started.bulkOperation.id);
    expect(seen[0]).toBe('RUNNING');
    expect(node).toMatchObject({ status: 'COMPLETED', errorCode: null, partialDataUrl: null, completedAt: expect.any(String) });
    const truth = sim.truth('sim-usd');
    expect(node.objectCount).toBe(String(truth.orders.length + truth.line_items.length));
    expect(node.rootObjectCount).toBe(String(truth.orders.length));

    const file = await download(node.url);
    expect(file.status).toBe(200);
    expect(String(Buffer.byteLength(file.text))).toBe(node.fileSize);
    const rows = lines(file.text);
    const orderIds = new Set(rows.filter((row) => row.__parentId === undefined).map((row) => row.id));
    expect([...orderIds].map((id) => numericId(id as string)).toSorted()).toEqual(truth.orders.map((o) => o.platform_id).toSorted());
    const children = rows.filter((row) => row.__parentId !== undefined);
    expect(children).toHaveLength(truth.line_items.length);
    for (const child of children) expect(orderIds.has(child.__parentId)).toBe(true);
    // Each line's __parentId names its real order.
    const orderOfLine = new Map(truth.line_items.map((line) => [line.platform_id, line.order_platform_id]));
    for (const child of children) expect(numericId(child.__parentId as string)).toBe(orderOfLine.get(numericId(child.id as string)));
    expect(rows.every((row) => !('lineItems' in row))).toBe(true);
    expect(groupedFlags(rows).some((grouped) => !grouped)).toBe(true);
  });

  it('puts children right after their parent with groupObjects, and serves a Range as 206', async () => {
    const started = await start(ORDERS_WITH_LINES, { groupObjects: true });
    const { node } = await settle(started.bulkOperation.id);
    const full = await download(node.url);
    expect(groupedFlags(lines(full.text)).every(Boolean)).toBe(true);
    const size = Buffer.byteLength(full.text);
    const part = await download(node.url, { range: 'bytes=1000-' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-${size - 1}/${size}`);
    expect(part.text).toBe(Buffer.from(full.text).subarray(1000).toString());
    expect((await download(node.url, { range: `bytes=${size}-` })).status).toBe(416);
    expect(sim.stats().bulkDownloads).toBeGreaterThanOrEqual(3);
  });

  it('runs five bulk queries at once and refuses a sixth (API 2026-01+), and completes with a null url when nothing matched', async () => {
    const started = await start(`{ orders(query: "created_at:<'2001-01-01T00:00:00Z'") { edges { node { id } } } }`);
    const more = [];
    for (let i = 0; i < 4; i++) more.push(await start(ORDERS_WITH_LINES));
    expect(more.map((m) => m.userErrors)).toEqual([[], [], [], []]);
    const sixth = await start(ORDERS_WITH_LINES);
    expect(sixth).toEqual({ bulkOperation: null, userErrors: [expect.objectContaining({ code: 'OPERATION_IN_PROGRESS' })] });
    for (const m of more) await settle(m.bulkOperation.id);
    const { node } = await settle(started.bulkOperation.id);
    expect(node).toMatchObject({ status: 'COMPLETED', objectCount: '0', url: null, fileSize: null });
  });

  it('fails as told (FAILED with the errorCode, no url), and with ACCESS_DENIED for a resource the token may not read', async () => {
    sim.failNextBulkOperation('sim-usd', 'INTERNAL_SERVER_ERROR');
    const failing = await start(ORDERS_WITH_LINES);
    expect((await settle(failing.bulkOperation.id)).node).toMatchObject({ status: 'FAILED', errorCode: 'INTERNAL_SERVER_ERROR', url: null });
    const ordersOnly = sim.issueAccessToken('sim-usd', ['read_orders']);
    const denied = await start('{ customers { edges { node { id } } } }', { token: ordersOnly });
    expect((await settle(denied.bulkOperation.id, { token: ordersOnly })).node).toMatchObject({ status: 'FAILED', errorCode: 'ACCESS_DENIED', url: null });
  });

  it('checks the query: a connection, at most two levels deep, parents selecting id', async () => {
    expect((await start('{ shop { name } }')).userErrors[0]).toMatchObject({ code: 'INVALID', field: ['query'] });
    expect((await start('{ orders { edges { node { name lineItems { edges { node { id } } } } } } }')).userErrors[0].message).toMatch(/must select the 'id' field/);
    const deep = '{ orders { nodes { id lineItems { nodes { id product { id variants { nodes { id } } } } } } } }';
    expect((await start(deep)).userErrors[0].message).toMatch(/nesting depth greater than 2/);
    expect((await start('{ orders { nodes { id nosuchfield } } }')).userErrors[0].message).toMatch(/nosuchfield/);
  });

  it('expires results: the operation shows EXPIRED and its file answers 403', async () => {
    const kwdToken = sim.issueAccessToken('sim-kwd');
    const started = await start('{ products { edges { node { id title variants { edges { node { id sku price } } } } } } }', { shop: 'sim-kwd', token: kwdToken });
    const { node } = await settle(started.bulkOperation.id, { shop: 'sim-kwd', token: kwdToken });
    expect(node.status).toBe('COMPLETED');
    expect((await download(node.url)).status).toBe(200);
    sim.expireBulkResults('sim-kwd');
    expect((await graphql(sim, 'sim-kwd', kwdToken, POLL, { id: node.id })).body.data.node.status).toBe('EXPIRED');
    expect((await download(node.url)).status).toBe(403);
    expect((await download(node.url.replace(/[0-9a-f]{32}/, '0'.repeat(32)))).status).toBe(404);
  });

  it('cancels a running operation', async () => {
    const jpy = sim.issueAccessToken('sim-jpy');
    const started = await start(ORDERS_WITH_LINES, { shop: 'sim-jpy', token: jpy });
    const { body } = await graphql(sim, 'sim-jpy', jpy, 'mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }', { id: started.bulkOperation.id });
    expect(body.data.bulkOperationCancel).toEqual({ bulkOperation: { status: 'CANCELED' }, userErrors: [] });
    expect((await settle(started.bulkOperation.id, { shop: 'sim-jpy', token: jpy })).node).toMatchObject({ status: 'CANCELED', url: null });
  });

  it('completes by time with bulkMsToComplete, shows in currentBulkOperation, honours the 60-day rule and expires after 7 days', async () => {
    const timed = fakeClock();
    const other = await startShopifySimulator({ now: timed.now, bulkMsToComplete: 30_000 });
    try {
      const limited = other.issueAccessToken('sim-usd', ['read_orders']);
      const { body } = await graphql(other, 'sim-usd', limited, 'mutation { bulkOperationRunQuery(query: "{ orders { nodes { id } } }") { bulkOperation { id } } }');
      const id = body.data.bulkOperationRunQuery.bulkOperation.id;
      const current = async () => (await graphql(other, 'sim-usd', limited, '{ currentBulkOperation { id status rootObjectCount url } }')).body.data.currentBulkOperation;
      await new Promise((resolve) => setTimeout(resolve, 50)); // the file is written by now; time has not passed
      for (let poll = 0; poll < 5; poll++) expect(await current()).toMatchObject({ id, status: 'RUNNING' });
      timed.advance(30_000);
      const done = await current();
      expect(done).toMatchObject({ status: 'COMPLETED', rootObjectCount: String(other.truth('sim-usd', { allOrders: false }).orders.length) });
      expect(Number(done.rootObjectCount)).toBeLessThan(other.truth('sim-usd').orders.length);
      timed.advance(7 * 86_400_000);
      expect(await current()).toMatchObject({ status: 'EXPIRED', url: null });
      expect((await download(done.url)).status).toBe(403);
    } finally {
      await other.close();
    }
  });
});
