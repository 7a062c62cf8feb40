import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import type { BudgetGate } from '../../../../lib/budgets/budget-gate.js';
import type { VendorObservation } from '../../../../lib/budgets/budget-policy.js';
import { runAsSpender } from '../../../../lib/budgets/spender.js';
import { PAGE_QUERIES, bulkQueryOf } from '../../../../lib/connectors/shopify/shopify-queries.js';
import { BulkResultGoneError, createShopifyClient, type ShopifyClient } from '../../../../lib/connectors/shopify/shopify.client.js';
import type { ShopifySettings } from '../../../../lib/connectors/shopify/shopify.config.js';
import { AccessTokenRejectedError, NotReadyError, PermanentError, RateLimitedError, RetryableError, ValidationError } from '../../../../lib/errors.js';
import { createLogger } from '../../../../lib/shared/logger.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type SeenRequest } from '../../../support/loopback-server.js';

// The client against a loopback server answering recorded Shopify responses
// (https://shopify.dev/docs/api/admin-graphql, https://shopify.dev/docs/api/usage/limits).

const now = new Date('2026-03-01T12:00:00.000Z');
const SHOP = 'sluice-test.myshopify.com';
const TOKEN = 'shpat_0123456789abcdef';
const cost = (requested: number, actual: number | null, available: number, capacity = 2000, restore = 100) => ({
  cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: { maximumAvailable: capacity, currentlyAvailable: available, restoreRate: restore } },
});
const money = (amount: string) => ({ shopMoney: { amount, currencyCode: 'USD' } });
const lineItem = (id: number) => ({ id: `gid://shopify/LineItem/${id}`, sku: `SKU-${id}`, title: 'Mug', quantity: 1, originalUnitPriceSet: money('20.0'), product: { id: 'gid://shopify/Product/7' }, variant: { id: 'gid://shopify/ProductVariant/8' } });
const order = (id: number, lines: number[], more: boolean) => ({
  id: `gid://shopify/Order/${id}`,
  name: `#${id}`,
  createdAt: '2026-02-01T10:00:00Z',
  updatedAt: '2026-02-02T10:00:00Z',
  displayFinancialStatus: 'PAID',
  currencyCode: 'USD',
  totalPriceSet: money('20.0'),
  subtotalPriceSet: money('20.0'),
  totalShippingPriceSet: money('0.0'),
  totalTaxSet: money('0.0'),
  totalDiscountsSet: money('0.0'),
  lineItems: { nodes: lines.map(lineItem), pageInfo: { hasNextPage: more, endCursor: more ? `lines-${id}-${lines.at(-1)}` : null } },
});

/** What the loopback Shopify answers, by the operation's name. */
let answer: (operation: string, body: { query: string; variables: Record<string, unknown> }, response: ServerResponse, request: SeenRequest) => void;
let server: LoopbackServer;
let spent: [string, { units?: number; cost?: number }][];
let observed: [string, VendorObservation][];
let client: ShopifyClient;
const warnings: string[] = [];

const gate: BudgetGate = {
  async spend(budget, call, send) {
    spent.push([budget, call]);
    return send();
  },
  async observe(budget, observation) {
    observed.push([budget, observation]);
  },
  limitsOf: async () => {
    throw new Error('unused');
  },
};

const settingsOf = (origin: string, over: Partial<ShopifySettings> = {}): ShopifySettings => ({
  apiKey: 'key',
  apiSecret: 'secret',
  redirectUri: undefined,
  apiVersion: '2026-10',
  // A path prefix, as the simulator has one: the library's `https://{shop}` is rewritten to all of it.
  shopUrlTemplate: `${origin}/shops/{shop}`,
  syncOverlapMinutes: 5, fullResyncDays: 7,
  commerce: { backfillSince: null, syncIntervalMinutes: 15 },
  ...over,
});
const logger = createLogger({ level: 'debug', sink: (_level, line) => warnings.push(line) });

beforeAll(async () => {
  server = await startLoopbackServer((request, response) => {
    if (request.method !== 'POST') return answer('GET', { query: '', variables: {} }, response, request);
    const body = JSON.parse(request.body) as { query: string; variables: Record<string, unknown> };
    answer(/^(?:query|mutation) (\w+)/.exec(body.query)?.[1] ?? '?', body, response, request);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  // A client per test: each starts from the static cost estimates.
  client = createShopifyClient(settingsOf(server.origin), { budgets: gate, clock: { now: () => now }, logger });
  server.requests.length = 0;
  spent = [];
  observed = [];
  warnings.length = 0;
  answer = (_op, _body, res) => sendJson(res, 200, { data: { shop: { name: 'Sluice Test', currencyCode: 'USD', myshopifyDomain: SHOP } }, extensions: cost(1, 1, 1999) });
});

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error);

describe('GraphQL requests', () => {
  it('go to the template’s origin with the version’s path, the token header, and the document and variables', async () => {
    expect(await client.shopInfo(SHOP, TOKEN)).toEqual({ name: 'Sluice Test', currencyCode: 'USD', myshopifyDomain: SHOP });
    const [request] = server.requests;
    expect(request!.url).toBe(`/shops/${SHOP}/admin/api/2026-10/graphql.json`);
    expect(request!.headers['x-shopify-access-token']).toBe(TOKEN);
    expect(JSON.parse(request!.body)).toMatchObject({ query: expect.stringContaining('shop { name currencyCode myshopifyDomain }') });
  });

  it('a shop that is not a *.myshopify.com domain is refused before any request or spend', async () => {
    for (const shop of ['evil.example.com', 'x.myshopify.com.evil.com', 'X.myshopify.com', '127.0.0.1']) {
      const error = await failureOf(client.shopInfo(shop, TOKEN));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error!.message).toContain('myshopify.com');
    }
    expect(server.requests).toHaveLength(0);
    expect(spent).toHaveLength(0);
  });

  it('spend the static estimate until Shopify reported the query’s cost, then that; every answer’s bucket is observed with the refund', async () => {
    answer = (_op, _body, res) => sendJson(res, 200, { data: { orders: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } }, extensions: cost(612, 14, 1986) });
    await client.listPage(SHOP, TOKEN, 'orders', { search: null, after: null, sortKey: 'UPDATED_AT' });
    await client.listPage(SHOP, TOKEN, 'orders', { search: null, after: null, sortKey: 'UPDATED_AT' });
    expect(spent).toEqual([
      ['shopify', { cost: PAGE_QUERIES.orders.estimatedCost }],
      ['shopify', { cost: 612 }],
    ]);
    expect(observed[0]).toEqual(['shopify', { bucket: { available: 1986, capacity: 2000, restorePerSecond: 100, refund: 598 } }]);
  });

  it('never lets the library console.warn: an unsupported version goes to the logger, once', async () => {
    const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const old = createShopifyClient(settingsOf(server.origin, { apiVersion: '2019-01' }), { budgets: gate, clock: { now: () => now }, logger });
      await old.shopInfo(SHOP, TOKEN);
      await old.shopInfo(SHOP, TOKEN);
      expect(consoleWarn).not.toHaveBeenCalled();
      expect(warnings.filter((line) => line.includes('shopify.unsupported_api_version'))).toHaveLength(1);
      expect(warnings.join('\n')).not.toContain(TOKEN);
    } finally {
      consoleWarn.mockRestore();
    }
  });
});

describe('pages', () => {
  it('one page with its variables; an order with more line items than the page held gets the rest, in order', async () => {
    answer = (operation, body, res) => {
      if (operation === 'OrdersPage') {
        return sendJson(res, 200, { data: { orders: { nodes: [order(1, [11], false), order(2, [21, 22], true)], pageInfo: { hasNextPage: true, endCursor: 'page-2' } } }, extensions: cost(643, 60, 1940) });
      }
      expect(operation).toBe('OrderLineItems');
      const after = body.variables.after;
      const rest = after === 'lines-2-22' ? { nodes: [lineItem(23)], pageInfo: { hasNextPage: true, endCursor: 'lines-2-23' } } : { nodes: [lineItem(24)], pageInfo: { hasNextPage: false, endCursor: 'lines-2-24' } };
      sendJson(res, 200, { data: { order: { lineItems: rest } }, extensions: cost(504, 8, 1930) });
    };
    const page = await client.listPage(SHOP, TOKEN, 'orders', { search: `updated_at:>='2026-01-01T00:00:00Z'`, after: 'page-1', sortKey: 'UPDATED_AT' });
    expect(page).toMatchObject({ endCursor: 'page-2', hasNextPage: true });
    const [first, second] = page.nodes as ReturnType<typeof order>[];
    expect(first).toEqual(order(1, [11], false));
    expect(second!.lineItems.nodes.map((line) => line.id)).toEqual([21, 22, 23, 24].map((id) => `gid://shopify/LineItem/${id}`));
    expect(second!.lineItems.pageInfo.hasNextPage).toBe(false);
    expect(second!.totalPriceSet).toEqual(money('20.0'));
    const bodies = server.requests.map((request) => JSON.parse(request.body) as { variables: unknown });
    expect(bodies.map((body) => body.variables)).toEqual([
      { first: PAGE_QUERIES.orders.pageSize, after: 'page-1', query: `updated_at:>='2026-01-01T00:00:00Z'`, sortKey: 'UPDATED_AT' },
      { id: 'gid://shopify/Order/2', after: 'lines-2-22' },
      { id: 'gid://shopify/Order/2', after: 'lines-2-23' },
    ]);
    expect(spent.map(([, call]) => call.cost)).toEqual([643, 504, 504]);
  });

  it('a product’s variants are completed the same way; customers have no nested connection', async () => {
    answer = (operation, _body, res) => {
      if (operation === 'ProductsPage') {
        const product = { id: 'gid://shopify/Product/7', title: 'Mug', status: 'ACTIVE', vendor: 'Sluice', updatedAt: '2026-02-01T00:00:00Z', variants: { nodes: [{ id: 'gid://shopify/ProductVariant/1', sku: 'A', price: '20.00' }], pageInfo: { hasNextPage: true, endCursor: 'v1' } } };
        return sendJson(res, 200, { data: { products: { nodes: [product], pageInfo: { hasNextPage: false, endCursor: 'p1' } } } });
      }
      if (operation === 'ProductVariants') return sendJson(res, 200, { data: { product: { variants: { nodes: [{ id: 'gid://shopify/ProductVariant/2', sku: 'B', price: '21.00' }], pageInfo: { hasNextPage: false, endCursor: 'v2' } } } } });
      sendJson(res, 200, { data: { customers: { nodes: [{ id: 'gid://shopify/Customer/5', numberOfOrders: '3' }], pageInfo: { hasNextPage: false, endCursor: 'c1' } } } });
    };
    const products = await client.listPage(SHOP, TOKEN, 'products', { search: null, after: null, sortKey: 'ID' });
    expect((products.nodes[0] as { variants: { nodes: { sku: string }[] } }).variants.nodes.map((v) => v.sku)).toEqual(['A', 'B']);
    const customers = await client.listPage(SHOP, TOKEN, 'customers', { search: null, after: null, sortKey: 'CREATED_AT' });
    expect(customers).toEqual({ nodes: [{ id: 'gid://shopify/Customer/5', numberOfOrders: '3' }], endCursor: 'c1', hasNextPage: false });
    expect(JSON.parse(server.requests.at(-1)!.body).variables.sortKey).toBe('CREATED_AT');
  });

  it('an order deleted while its line items were read: retry the page', async () => {
    answer = (operation, _body, res) =>
      operation === 'OrdersPage'
        ? sendJson(res, 200, { data: { orders: { nodes: [order(2, [21], true)], pageInfo: { hasNextPage: false, endCursor: 'x' } } } })
        : sendJson(res, 200, { data: { order: null } });
    expect(await failureOf(client.listPage(SHOP, TOKEN, 'orders', { search: null, after: null, sortKey: 'ID' }))).toBeInstanceOf(RetryableError);
  });

  it('counts, AT_LEAST ones too', async () => {
    answer = (operation, body, res) => sendJson(res, 200, { data: { [operation === 'OrdersCount' ? 'ordersCount' : 'customersCount']: { count: operation === 'OrdersCount' ? 10_000 : 42, precision: operation === 'OrdersCount' ? 'AT_LEAST' : 'EXACT' } }, extensions: cost(1, 1, 1999) });
    expect(await client.count(SHOP, TOKEN, 'orders', `updated_at:>='2026-01-01T00:00:00Z'`)).toBe(10_000);
    expect(await client.count(SHOP, TOKEN, 'customers', null)).toBe(42);
    expect(JSON.parse(server.requests[0]!.body).variables).toEqual({ query: `updated_at:>='2026-01-01T00:00:00Z'` });
  });
});

describe('failures', () => {
  it('THROTTLED in an HTTP 200: the bucket is observed first, then RateLimitedError until it holds the query’s cost', async () => {
    answer = (_op, _body, res) => sendJson(res, 200, { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/limits' } }], extensions: cost(643, null, 43, 1000, 50) });
    const error = await failureOf(client.listPage(SHOP, TOKEN, 'orders', { search: null, after: null, sortKey: 'ID' }));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAt).toEqual(new Date(now.getTime() + 12_000));
    expect(observed).toEqual([['shopify', { bucket: { available: 43, capacity: 1000, restorePerSecond: 50, refund: 0 } }]]);
  });

  it('ACCESS_DENIED with data null: permanent, naming the scope', async () => {
    answer = (_op, _body, res) =>
      sendJson(res, 200, {
        data: { orders: null },
        errors: [{ message: 'Access denied for orders field. Required access: `read_orders` access scope.', path: ['orders'], extensions: { code: 'ACCESS_DENIED' } }],
        extensions: cost(643, 1, 1999),
      });
    const error = await failureOf(client.listPage(SHOP, TOKEN, 'orders', { search: null, after: null, sortKey: 'ID' }));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error!.message).toContain('read_orders');
  });

  it('HTTP statuses: 401 rejected token, 403 missing scope, 429 Retry-After, 5xx retry — naming Shopify’s words', async () => {
    const cases: [number, Record<string, string>, unknown][] = [
      [401, {}, AccessTokenRejectedError],
      [403, {}, PermanentError],
      [429, { 'retry-after': '2' }, RateLimitedError],
      [502, {}, RetryableError],
    ];
    for (const [status, headers, type] of cases) {
      answer = (_op, _body, res) => sendJson(res, status, { errors: `[API] status ${status} said so` }, headers);
      const error = await failureOf(client.shopInfo(SHOP, TOKEN));
      expect([status, error]).toEqual([status, expect.any(type as new () => Error)]);
      expect(error!.message).toContain(`[API] status ${status} said so`);
      expect(error!.message).not.toContain(TOKEN);
    }
    answer = (_op, _body, res) => sendJson(res, 429, { errors: 'Throttled' }, { 'retry-after': '2' });
    expect(await failureOf(client.shopInfo(SHOP, TOKEN))).toMatchObject({ retryAt: new Date(now.getTime() + 2_000) });
  });

  it('a connection cut without an answer: retry; the caller’s own abort: its reason, as is', async () => {
    answer = (_op, _body, res) => res.socket?.destroy();
    const cut = await failureOf(client.shopInfo(SHOP, TOKEN));
    expect(cut).toBeInstanceOf(RetryableError);
    expect(cut!.message).toMatch(/ShopInfo for sluice-test\.myshopify\.com: /);
    const controller = new AbortController();
    const lost = new Error('lease lost');
    controller.abort(lost);
    const aborted = await failureOf(runAsSpender({ accountKey: SHOP, backfill: false, deadline: new Date(Date.now() + 60_000), signal: controller.signal }, () => client.shopInfo(SHOP, TOKEN)));
    expect(aborted).toBe(lost);
  });
});

describe('bulk operations', () => {
  it('start: the entity’s bulk query with the search, ungrouped; OPERATION_IN_PROGRESS is not ready, other userErrors permanent', async () => {
    answer = (_op, _body, res) => sendJson(res, 200, { data: { bulkOperationRunQuery: { bulkOperation: { id: 'gid://shopify/BulkOperation/9', status: 'CREATED' }, userErrors: [] } }, extensions: cost(10, 10, 1990) });
    expect(await client.startBulk(SHOP, TOKEN, 'orders', `created_at:>='2025-01-01T00:00:00Z'`)).toEqual({ id: 'gid://shopify/BulkOperation/9' });
    const { query, variables } = JSON.parse(server.requests[0]!.body) as { query: string; variables: { q: string } };
    expect(query).toContain('bulkOperationRunQuery(query: $q)');
    expect(variables.q).toMatch(/^\{ orders\(query: "created_at:>='2025-01-01T00:00:00Z'"\) \{ edges \{ node \{ id name /);
    expect(spent).toEqual([['shopify', { cost: 10 }]]);

    const refusal = (code: string) => (_op: string, _body: unknown, res: ServerResponse) =>
      sendJson(res, 200, { data: { bulkOperationRunQuery: { bulkOperation: null, userErrors: [{ field: code === 'INVALID' ? ['query'] : null, message: `${code} said so`, code }] } } });
    answer = refusal('OPERATION_IN_PROGRESS');
    expect(await failureOf(client.startBulk(SHOP, TOKEN, 'orders', null))).toMatchObject({ name: 'NotReadyError', retryAt: new Date(now.getTime() + 30_000) });
    answer = refusal('INVALID');
    const invalid = await failureOf(client.startBulk(SHOP, TOKEN, 'products', null));
    expect(invalid).toBeInstanceOf(PermanentError);
    expect(invalid).not.toBeInstanceOf(NotReadyError);
    expect(invalid!.message).toContain('INVALID (query): INVALID said so');
  });

  it('findBulk: an operation of this read among the app’s recent ones (same text, started in or after the read’s second, not failed)', async () => {
    const query = bulkQueryOf('orders', null);
    const since = new Date('2026-11-29T10:00:00.700Z');
    let filter = '';
    const recent = (...ops: { status: string; query: string; createdAt: string }[]): typeof answer => (_op, body, res) => {
      filter = String(body.variables['q']);
      sendJson(res, 200, { data: { bulkOperations: { nodes: ops.map((op, i) => ({ id: `gid://shopify/BulkOperation/${7 + i}`, ...op })) } } });
    };
    // Shopify stamps whole seconds: an operation of the read's own second is found; one from before (the last read's file) never.
    answer = recent({ status: 'RUNNING', query: bulkQueryOf('products', null), createdAt: '2026-11-29T10:00:02Z' }, { status: 'RUNNING', query, createdAt: '2026-11-29T10:00:00Z' });
    expect(await client.findBulk(SHOP, TOKEN, query, since)).toEqual({ id: 'gid://shopify/BulkOperation/8' });
    expect(filter).toBe("operation_type:query created_at:>='2026-11-29T10:00:00Z'");
    answer = recent({ status: 'COMPLETED', query, createdAt: '2026-11-29T10:00:05Z' });
    expect(await client.findBulk(SHOP, TOKEN, query, since)).toEqual({ id: 'gid://shopify/BulkOperation/7' });
    answer = recent({ status: 'COMPLETED', query, createdAt: '2026-11-29T09:59:59Z' });
    expect(await client.findBulk(SHOP, TOKEN, query, since)).toBeNull();
    answer = recent({ status: 'FAILED', query, createdAt: '2026-11-29T10:00:01Z' }, { status: 'CANCELED', query, createdAt: '2026-11-29T10:00:01Z' });
    expect(await client.findBulk(SHOP, TOKEN, query, since)).toBeNull();
    answer = recent();
    expect(await client.findBulk(SHOP, TOKEN, query, since)).toBeNull();
  });

  it('status: objectCount read from its UnsignedInt64 string; an unknown id is gone', async () => {
    const operation = { id: 'gid://shopify/BulkOperation/9', status: 'COMPLETED', errorCode: null, objectCount: '12345', url: 'https://storage.example/result.jsonl', partialDataUrl: null };
    answer = (_op, _body, res) => sendJson(res, 200, { data: { node: operation }, extensions: cost(1, 1, 1999) });
    expect(await client.bulkStatus(SHOP, TOKEN, operation.id)).toEqual({ ...operation, objectCount: 12345 });
    expect(JSON.parse(server.requests[0]!.body).variables).toEqual({ id: operation.id });
    answer = (_op, _body, res) => sendJson(res, 200, { data: { node: null } });
    expect(await failureOf(client.bulkStatus(SHOP, TOKEN, operation.id))).toBeInstanceOf(BulkResultGoneError);
  });

  it('result: from a byte by Range, plainly (no token, no budget); a server that ignores Range starts at 0', async () => {
    const file = '{"id":"gid://shopify/Order/1"}\n{"id":"gid://shopify/LineItem/2","__parentId":"gid://shopify/Order/1"}\n';
    let honourRange = true;
    answer = (_op, _body, res, request) => {
      const from = Number(/bytes=(\d+)-/.exec(String(request.headers.range ?? ''))?.[1] ?? 0);
      if (honourRange && from > 0) {
        res.writeHead(206, { 'content-type': 'application/jsonl', 'content-range': `bytes ${from}-${file.length - 1}/${file.length}` });
        return res.end(file.slice(from));
      }
      res.writeHead(200, { 'content-type': 'application/jsonl' });
      res.end(file);
    };
    const url = `${server.origin}/bulk/result.jsonl?X-Goog-Signature=abc`;
    const resumed = await client.openBulkResult(url, 31);
    expect(resumed.startByte).toBe(31);
    expect(await new Response(resumed.body).text()).toBe(file.slice(31));
    honourRange = false;
    const whole = await client.openBulkResult(url, 31);
    expect(whole.startByte).toBe(0);
    expect(await new Response(whole.body).text()).toBe(file);
    expect(server.requests[0]!.headers.range).toBe('bytes=31-');
    expect(server.requests.every((request) => request.headers['x-shopify-access-token'] === undefined)).toBe(true);
    expect(spent).toHaveLength(0);
  });

  it('result: 403/404/410 (an expired signed URL, a removed file) are gone; a 5xx retries; a Range past the end is an empty body', async () => {
    for (const status of [403, 404, 410]) {
      answer = (_op, _body, res) => sendJson(res, status, { error: 'ExpiredToken' });
      expect([status, await failureOf(client.openBulkResult(`${server.origin}/bulk/r.jsonl`, 0))]).toEqual([status, expect.any(BulkResultGoneError)]);
    }
    answer = (_op, _body, res) => sendJson(res, 503, {});
    expect(await failureOf(client.openBulkResult(`${server.origin}/bulk/r.jsonl`, 0))).toBeInstanceOf(RetryableError);
    answer = (_op, _body, res) => {
      res.writeHead(416, { 'content-range': 'bytes */100' });
      res.end();
    };
    const done = await client.openBulkResult(`${server.origin}/bulk/r.jsonl`, 100);
    expect(done.startByte).toBe(100);
    expect(await new Response(done.body).text()).toBe('');
  });
});
