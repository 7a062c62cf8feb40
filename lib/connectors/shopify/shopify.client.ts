import { describeCause, parseJson, pathOf } from '../http/json-request.js';
import { parseDocumented } from '../http/documented-shape.js';
import { createAdminApiClient } from '@shopify/admin-api-client';
import * as z from 'zod';
import type { BudgetGate } from '../../budgets/budget-gate.js';
import { currentSpender } from '../../budgets/spender.js';
import { PermanentError, RetryableError } from '../../errors.js';
import type { Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { classifyHttpFailure } from '../http/classify-http-failure.js';
import { createCostEstimates, observationFromCost, shopifyCostSchema, type ShopifyCost } from './cost-pacer.js';
import { bulkUserErrorSchema, readBulkUserErrors, readShopifyGraphqlErrors, readShopifyHttpFailure, shopifyErrorText, shopifyGraphqlErrorSchema } from './shopify-failure.js';
import { BULK_RUN_MUTATION, BULK_STATUS_QUERY, COUNT_QUERIES, FIND_BULK_QUERY, PAGE_QUERIES, SHOP_QUERY, bulkQueryOf, type NestedQuery, type ShopifyEntity, type ShopifyQuery, type ShopifySortKey } from './shopify-queries.js';
import type { ShopifySettings } from './shopify.config.js';
import { shopOrigin } from './shop-url.js';
import { SHOPIFY_BUDGET } from './task-kinds.js';

export type { ShopifyEntity, ShopifySortKey } from './shopify-queries.js';

export interface ShopifyPage {
  nodes: unknown[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export const BULK_OPERATION_STATUSES = ['CREATED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELED', 'CANCELING', 'EXPIRED'] as const;

export interface BulkOperationState {
  id: string;
  status: (typeof BULK_OPERATION_STATUSES)[number];
  errorCode: string | null;
  objectCount: number;
  /** The JSONL result; null when the operation matched nothing (PLATFORMS.md) or has not completed. */
  url: string | null;
  partialDataUrl: string | null;
}

export interface ShopifyClient {
  readonly settings: ShopifySettings;
  /** The runtime's clock (OAuth redirects' timestamps, token expiries). */
  readonly clock: Clock;
  shopInfo(shop: string, accessToken: string): Promise<{ name: string; currencyCode: string; myshopifyDomain: string }>;
  /** Records matching `search`; at Shopify's cap (precision AT_LEAST) the capped count. Null when Shopify gives none. */
  count(shop: string, accessToken: string, entity: ShopifyEntity, search: string | null): Promise<number | null>;
  /** One page, raw nodes; an order's lineItems.nodes / a product's variants.nodes are complete (extra nested pages fetched). */
  listPage(shop: string, accessToken: string, entity: ShopifyEntity, page: { search: string | null; after: string | null; sortKey: ShopifySortKey }): Promise<ShopifyPage>;
  startBulk(shop: string, accessToken: string, entity: ShopifyEntity, search: string | null): Promise<{ id: string }>;
  /**
   * An operation of the app on the shop running `query`, started in or after the second of `since`
   * and not failed: what an earlier try of the same read started when its answer never arrived
   * (Shopify's start is not idempotent, and five may run at once). Null otherwise.
   */
  findBulk(shop: string, accessToken: string, query: string, since: Date): Promise<{ id: string } | null>;
  /** An id Shopify no longer knows (results are kept 7 days) is a BulkResultGoneError. */
  bulkStatus(shop: string, accessToken: string, id: string): Promise<BulkOperationState>;
  /** The result file from byte `fromByte` (Range); `startByte` is where the body really starts (0 when the server ignored Range). 403/404/410 → a `BulkResultGoneError` (export it; a PermanentError subclass) so the task falls back to pages. */
  openBulkResult(url: string, fromByte: number, signal?: AbortSignal): Promise<{ body: ReadableStream<Uint8Array>; startByte: number }>;
}

/** A bulk operation or its result file is gone (expired, unknown): the task reads pages instead. */
export class BulkResultGoneError extends PermanentError {
  override readonly name: string = 'BulkResultGoneError';
}

export interface ShopifyClientDeps {
  budgets: BudgetGate;
  clock: Clock;
  /** Tests: a fetch of their own. */
  fetch?: typeof fetch;
  /** Shopify's deprecation notices and an unsupported API version are logged here. */
  logger?: Logger;
}

/** A hung connection must not eat a dispatcher's whole invocation (a page's answer takes well under a second). */
export const REQUEST_TIMEOUT_MS = 30_000;
/** PLATFORMS.md: anything else is refused before a request (it would send the token to an arbitrary host). */

const pageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const connectionSchema = z.object({ nodes: z.array(z.unknown()), pageInfo: pageInfoSchema });
const nodeSchema = z.looseObject({ id: z.string() });
const shopSchema = z.object({ shop: z.object({ name: z.string(), currencyCode: z.string(), myshopifyDomain: z.string() }) });
const countSchema = z.object({ count: z.number().int().nonnegative(), precision: z.string() }).nullable();
const bulkRunSchema = z.object({
  bulkOperationRunQuery: z.object({ bulkOperation: z.object({ id: z.string(), status: z.string() }).nullable(), userErrors: z.array(bulkUserErrorSchema) }),
});
/** A bulk query that may still bring its file: one that failed, was cancelled or expired will not. */
const FINDABLE = new Set(['CREATED', 'RUNNING', 'COMPLETED']);
const recentBulkSchema = z.object({ bulkOperations: z.object({ nodes: z.array(z.object({ id: z.string(), status: z.string(), query: z.string(), createdAt: z.iso.datetime() })) }) });

const bulkStatusSchema = z.object({
  node: z
    .object({
      id: z.string(),
      status: z.enum(BULK_OPERATION_STATUSES),
      errorCode: z.string().nullable(),
      // UnsignedInt64: a string in JSON (PLATFORMS.md).
      objectCount: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number),
      url: z.string().nullable(),
      partialDataUrl: z.string().nullable(),
    })
    .nullable(),
});

/**
 * The only code that talks to Shopify (PLATFORMS.md "Shopify Admin API"). GraphQL goes through
 * Shopify's own client (@shopify/admin-api-client: the endpoint, the token header, the version),
 * with `retries: 0` — the queue decides retries — and a `customFetchApi` that sends the request to
 * the shop's origin from SHOPIFY_SHOP_URL_TEMPLATE (the library forces `https://{shop}`; a
 * simulator is plain http on loopback). Every query spends its expected cost from the `shopify`
 * budget first (the last requested cost Shopify reported for it, else the static estimate), and
 * every answer's `throttleStatus` is folded back in — THROTTLED ones too, before the
 * RateLimitedError — so calls wait for the bucket before Shopify throttles them. Bulk result
 * files are not the API: fetched plainly, without the token, not budgeted.
 */
export function createShopifyClient(settings: ShopifySettings, deps: ShopifyClientDeps): ShopifyClient {
  const { budgets, clock } = deps;
  const logger = deps.logger ?? silentLogger;
  const doFetch = deps.fetch ?? fetch;
  const estimates = createCostEstimates();
  let versionWarned = false;

  const libraryLogger = (log: { type: string; content: unknown }) => {
    // HTTP-Response and HTTP-Retry logs carry the request's headers (the token): never logged.
    if (log.type === 'HTTP-Response-GraphQL-Deprecation-Notice') {
      logger.warn('shopify.deprecated_api', { notice: (log.content as { deprecationNotice?: string }).deprecationNotice });
    } else if (log.type === 'Unsupported_Api_Version' && !versionWarned) {
      versionWarned = true;
      logger.warn('shopify.unsupported_api_version', { api_version: settings.apiVersion, supported: (log.content as { supportedApiVersions?: unknown }).supportedApiVersions });
    }
  };

  /** Sends one GraphQL operation for a shop; answers its `data`, or throws the typed failure. */
  const graphql = async (shop: string, accessToken: string, query: ShopifyQuery, variables: Record<string, unknown>): Promise<unknown> => {
    const base = shopOrigin(settings.shopUrlTemplate, shop);
    const libraryOrigin = `https://${shop}`;
    let transportError: unknown;
    const client = createAdminApiClient({
      storeDomain: shop,
      apiVersion: settings.apiVersion,
      accessToken,
      retries: 0,
      logger: libraryLogger,
      customFetchApi: async (url, init) => {
        if (!url.startsWith(`${libraryOrigin}/`)) throw new Error(`unexpected Shopify URL ${url}`);
        try {
          return await doFetch(`${base}${url.slice(libraryOrigin.length)}`, init as RequestInit);
        } catch (error) {
          transportError = error;
          throw error;
        }
      },
    });
    const what = `${query.name} for ${shop}`;
    return budgets.spend(SHOPIFY_BUDGET, { cost: estimates.costOf(query.name, query.estimatedCost) }, async () => {
      const callerSignal = currentSpender()?.signal;
      const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
      const result = await client.request(query.document, { variables, signal });
      const cost = shopifyCostSchema.safeParse((result.extensions as { cost?: unknown } | undefined)?.cost).data;
      if (cost) await observe(query, cost);
      const errors = result.errors;
      if (!errors) return result.data;
      if (errors.graphQLErrors?.length) {
        const parsed = z.array(shopifyGraphqlErrorSchema).safeParse(errors.graphQLErrors);
        throw readShopifyGraphqlErrors(parsed.success ? parsed.data : [{ message: JSON.stringify(errors.graphQLErrors).slice(0, 300) }], cost, clock.now(), what);
      }
      if (errors.networkStatusCode === undefined || errors.response === undefined) {
        // The caller's own abort (a lost lease) is not Shopify's failure: let it through as is.
        if (callerSignal?.aborted) throw callerSignal.reason;
        const reason = timeout.aborted ? `timed out after ${REQUEST_TIMEOUT_MS} ms` : describeCause(transportError ?? errors.message);
        throw classifyHttpFailure({ status: undefined, retryAfter: null, description: `${what}: ${reason}` }, clock.now());
      }
      const { response } = errors;
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        const vendorText = shopifyErrorText(parseJson(text)) ?? text.slice(0, 300);
        throw readShopifyHttpFailure({ status: response.status, retryAfter: response.headers.get('retry-after'), description: `${response.status} from ${what}: ${vendorText}` }, clock.now());
      }
      // A 2xx that is not a GraphQL answer (no data and no errors, another content type): a proxy's or an outage's page.
      throw new RetryableError(`${what}: ${errors.message ?? 'an answer without data'}`);
    });
  };

  const observe = async (query: ShopifyQuery, cost: ShopifyCost) => {
    estimates.record(query.name, cost);
    await budgets.observe(SHOPIFY_BUDGET, observationFromCost(cost));
  };

  /** The rest of one node's nested connection, when the page's share of it had more. */
  const completeNested = async (shop: string, accessToken: string, rest: NestedQuery, raw: unknown): Promise<unknown> => {
    const node = parseShopify(nodeSchema.extend({ [rest.connection]: connectionSchema }), raw, `${rest.parent} in a page`);
    const first = node[rest.connection] as z.infer<typeof connectionSchema>;
    if (!first.pageInfo.hasNextPage) return raw;
    const nodes = [...first.nodes];
    let pageInfo = first.pageInfo;
    while (pageInfo.hasNextPage) {
      const after = pageInfo.endCursor;
      if (after === null) throw new PermanentError(`${rest.name} for ${node.id}: Shopify said there is more but gave no cursor`);
      const data = parseShopify(z.object({ [rest.parent]: z.object({ [rest.connection]: connectionSchema }).nullable() }), await graphql(shop, accessToken, rest, { id: node.id, after }), rest.name);
      const parent = data[rest.parent] as Record<string, z.infer<typeof connectionSchema>> | null;
      // Deleted while it was read: the page read again without it is right; this one is not.
      if (parent === null) throw new RetryableError(`${rest.name}: ${node.id} vanished while its ${rest.connection} were read`);
      const next = parent[rest.connection]!;
      if (next.pageInfo.hasNextPage && next.pageInfo.endCursor === after) throw new PermanentError(`${rest.name} for ${node.id}: Shopify answered the same cursor again`);
      nodes.push(...next.nodes);
      pageInfo = next.pageInfo;
    }
    return { ...node, [rest.connection]: { nodes, pageInfo: { hasNextPage: false, endCursor: pageInfo.endCursor } } };
  };

  return {
    settings,
    clock,

    // https://shopify.dev/docs/api/admin-graphql/2026-10/queries/shop
    async shopInfo(shop, accessToken) {
      return parseShopify(shopSchema, await graphql(shop, accessToken, SHOP_QUERY, {}), `shop ${shop}`).shop;
    },

    // https://shopify.dev/docs/api/admin-graphql/2026-10/queries/ordersCount
    async count(shop, accessToken, entity, search) {
      const query = COUNT_QUERIES[entity];
      const data = parseShopify(z.object({ [query.field]: countSchema }), await graphql(shop, accessToken, query, { query: search }), query.name);
      return (data[query.field] as z.infer<typeof countSchema>)?.count ?? null;
    },

    // https://shopify.dev/docs/api/admin-graphql/2026-10/queries/orders (…/products, …/customers)
    async listPage(shop, accessToken, entity, page) {
      const query = PAGE_QUERIES[entity];
      const raw = await graphql(shop, accessToken, query, { first: query.pageSize, after: page.after, query: page.search, sortKey: page.sortKey });
      const connection = parseShopify(z.object({ [query.field]: connectionSchema }), raw, query.name)[query.field] as z.infer<typeof connectionSchema>;
      const nodes: unknown[] = [];
      // One node at a time: each extra page spends the bucket like any other query.
      for (const node of connection.nodes) nodes.push(query.nested ? await completeNested(shop, accessToken, query.nested.rest, node) : node);
      return { nodes, endCursor: connection.pageInfo.endCursor, hasNextPage: connection.pageInfo.hasNextPage };
    },

    // https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/bulkOperationRunQuery
    async startBulk(shop, accessToken, entity, search) {
      const data = parseShopify(bulkRunSchema, await graphql(shop, accessToken, BULK_RUN_MUTATION, { q: bulkQueryOf(entity, search) }), BULK_RUN_MUTATION.name);
      const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
      if (userErrors.length > 0) throw readBulkUserErrors(userErrors, clock.now());
      if (!bulkOperation) throw new PermanentError(`${BULK_RUN_MUTATION.name} for ${shop}: Shopify started no bulk operation and gave no reason`);
      return { id: bulkOperation.id };
    },

    // https://shopify.dev/docs/api/admin-graphql/2026-10/queries/bulkOperations: the app's operations on the shop, newest first.
    async findBulk(shop, accessToken, query, since) {
      // Shopify stamps whole seconds. Nothing started before the read is taken: an older file of the
      // same query (the last read's) would bring older copies, and a sweep after it would remove rows it
      // never wrote. A clock behind Sluice's only costs a second operation.
      const from = new Date(Math.floor(since.getTime() / 1_000) * 1_000);
      const filter = `operation_type:query created_at:>='${from.toISOString().replace(/\.\d{3}Z$/, 'Z')}'`;
      const { bulkOperations } = parseShopify(recentBulkSchema, await graphql(shop, accessToken, FIND_BULK_QUERY, { q: filter }), FIND_BULK_QUERY.name);
      const found = bulkOperations.nodes.find((op) => op.query === query && FINDABLE.has(op.status) && Date.parse(op.createdAt) >= from.getTime());
      return found === undefined ? null : { id: found.id };
    },

    // https://shopify.dev/docs/api/usage/bulk-operations/queries#option-b-poll-a-running-bulk-operation
    async bulkStatus(shop, accessToken, id) {
      const { node } = parseShopify(bulkStatusSchema, await graphql(shop, accessToken, BULK_STATUS_QUERY, { id }), BULK_STATUS_QUERY.name);
      if (!node) throw new BulkResultGoneError(`bulk operation ${id} is unknown to ${shop} (its results are kept 7 days)`);
      return node;
    },

    // https://shopify.dev/docs/api/usage/bulk-operations/queries#download-result-data
    async openBulkResult(url, fromByte, signal) {
      // Only the wait for the answer is timed: the body streams for as long as the reader reads.
      const headersTimeout = new AbortController();
      const timer = setTimeout(() => headersTimeout.abort(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
      const where = `bulk result ${pathOf(url)}`;
      let response: Response;
      try {
        response = await doFetch(url, {
          headers: fromByte > 0 ? { range: `bytes=${fromByte}-` } : {},
          signal: signal ? AbortSignal.any([signal, headersTimeout.signal]) : headersTimeout.signal,
        });
      } catch (cause) {
        if (signal?.aborted) throw signal.reason;
        const reason = headersTimeout.signal.aborted ? `timed out after ${REQUEST_TIMEOUT_MS} ms` : describeCause(cause);
        throw classifyHttpFailure({ status: undefined, retryAfter: null, description: `${where}: ${reason}` }, clock.now());
      } finally {
        clearTimeout(timer);
      }
      if (response.status === 416) {
        // Nothing from `fromByte` on: the reader had the whole file already.
        await response.body?.cancel();
        return { body: new ReadableStream<Uint8Array>({ start: (controller) => controller.close() }), startByte: fromByte };
      }
      if (!response.ok || !response.body) {
        const text = (await response.text().catch(() => '')).slice(0, 300);
        const description = `${response.status} from ${where}: ${text}`;
        // A signed URL past its expiry (or its file removed) answers 400/403/404/410 by storage provider.
        if ([400, 403, 404, 410].includes(response.status)) throw new BulkResultGoneError(`the bulk result file is gone (${description})`);
        throw classifyHttpFailure({ status: response.status, retryAfter: response.headers.get('retry-after'), description }, clock.now());
      }
      return { body: response.body, startByte: response.status === 206 ? rangeStart(response.headers.get('content-range'), where) : 0 };
    },
  };
}

/** Where a 206's body starts: `Content-Range: bytes START-END/TOTAL`. */
function rangeStart(header: string | null, where: string): number {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (!match) throw new RetryableError(`${where}: a partial answer without a readable Content-Range (${header ?? 'none'})`);
  return Number(match[1]);
}

/** An answer read with its schema: a mismatch is permanent (documented-shape.ts). */
function parseShopify<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  return parseDocumented(schema, raw, `shopify ${what}`);
}
