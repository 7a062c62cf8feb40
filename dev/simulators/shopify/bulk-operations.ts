/**
 * Bulk query operations (https://shopify.dev/docs/api/usage/bulk-operations/queries): one running
 * query per shop; CREATED → RUNNING → COMPLETED (or FAILED, CANCELED), then EXPIRED when the
 * results are 7 days old. The query runs at once in the background through the same schema and
 * resolvers as any query (so scopes and the 60-day rule hold), its JSONL written to a temporary
 * directory; it shows COMPLETED once the file is written and it has been polled
 * `pollsToComplete` times (or `msToComplete` has passed), so tests see every state.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute, type DocumentNode, type GraphQLSchema } from 'graphql';
import { writeBulkFile } from './bulk-file.js';
import { checkBulkQuery } from './bulk-query.js';
import { gid, parseGid, type BulkPaging, type RenderContext } from './render.js';
import { rootValue, type BulkOperationsApi, type BulkOperationView, type BulkUserError, type ResolverContext } from './resolvers.js';
import type { ShopData } from './shop-data.js';
import { DAY_MS, shopifyDateTime } from './shop-time.js';
import type { BulkErrorCode } from './types.js';

export const RESULTS_KEPT_MS = 7 * DAY_MS;
/** Root nodes per page of the background run. */
const PAGE_SIZE = 250;

interface Operation {
  id: number;
  shop: string;
  query: string;
  createdMs: number;
  completedMs: number | null;
  polls: number;
  /** 'running' until the file is written (or the run fails). */
  run: 'running' | 'written' | 'failed';
  errorCode: BulkErrorCode | null;
  canceled: boolean;
  expired: boolean;
  progress: { objectCount: number; rootObjectCount: number; fileSize: number };
  /** The result file's name in the URL. */
  token: string;
  path: string;
  done: Promise<void>;
}

export interface BulkOperationsOptions {
  schema: GraphQLSchema;
  now: () => number;
  pollsToComplete: number;
  /** Bulk queries an app may run at once per shop: 5 since API 2026-01, 1 before (the bulk operations guide). */
  maxRunning?: number;
  msToComplete?: number;
}

/** What a download of a result file finds. */
export type ResultFile = { state: 'ready'; path: string; size: number; shop: string } | { state: 'expired' } | null;

class BulkRunFailure extends Error {
  readonly code: BulkErrorCode;

  constructor(code: BulkErrorCode) {
    super(code);
    this.code = code;
  }
}

export class BulkOperations {
  private readonly options: BulkOperationsOptions;
  private readonly operations: Operation[] = [];
  private readonly failNext = new Map<string, BulkErrorCode>();
  private dir: string | null = null;
  private nextId = 4_100_000_000;

  constructor(options: BulkOperationsOptions) {
    this.options = options;
  }

  /** The API the schema uses for one request to `shop`; `baseUrl` is where result files are served. */
  forShop(shop: ShopData, baseUrl: string): BulkOperationsApi {
    const domain = shop.identity.domain;
    const view = (operation: Operation | undefined) => (operation ? this.view(operation, baseUrl) : null);
    return {
      run: (query, groupObjects, context) => this.run(shop, query, groupObjects, context, baseUrl),
      cancel: (id) => this.cancel(domain, id, baseUrl),
      poll: (id) => view(this.find(domain, id, true)),
      list: () => this.operations.filter((operation) => operation.shop === domain).map((operation) => ({ view: this.view(operation, baseUrl), createdMs: operation.createdMs, id: operation.id })),
      current: () => {
        const latest = this.operations.findLast((operation) => operation.shop === domain);
        if (latest) latest.polls += 1;
        return view(latest);
      },
    };
  }

  /** The next operation the shop starts fails with `code` (after running its polls). */
  failNextOperation(domain: string, code: BulkErrorCode): void {
    this.failNext.set(domain, code);
  }

  /** Every completed operation of the shop is EXPIRED now and its file gone. */
  expireResults(domain: string): void {
    for (const operation of this.operations) if (operation.shop === domain && this.status(operation) === 'COMPLETED') this.expire(operation);
  }

  count(domain?: string): number {
    return this.operations.filter((operation) => domain === undefined || operation.shop === domain).length;
  }

  resultFile(token: string): ResultFile {
    const operation = this.operations.find((candidate) => candidate.token === token);
    if (!operation) return null;
    const status = this.status(operation);
    if (status === 'EXPIRED') return { state: 'expired' };
    if (status !== 'COMPLETED' || operation.progress.objectCount === 0) return null;
    return { state: 'ready', path: operation.path, size: operation.progress.fileSize, shop: operation.shop };
  }

  /** Stops running operations and removes every result file. */
  async close(): Promise<void> {
    for (const operation of this.operations) operation.canceled = true;
    await Promise.all(this.operations.map((operation) => operation.done));
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }

  private run(shop: ShopData, query: string, groupObjects: boolean, context: RenderContext, baseUrl: string): { bulkOperation: BulkOperationView | null; userErrors: BulkUserError[] } {
    const domain = shop.identity.domain;
    const runningNow = this.operations.filter((operation) => operation.shop === domain && ['CREATED', 'RUNNING'].includes(this.status(operation)));
    const running = runningNow.length >= (this.options.maxRunning ?? 5) ? runningNow[0] : undefined;
    if (running) {
      const message = `A bulk query operation for this app and shop is already in progress: ${gid('BulkOperation', running.id)}.`;
      return { bulkOperation: null, userErrors: [{ field: null, message, code: 'OPERATION_IN_PROGRESS' }] };
    }
    const checked = checkBulkQuery(this.options.schema, query);
    if ('userErrors' in checked) return { bulkOperation: null, userErrors: checked.userErrors };
    this.dir ??= mkdtempSync(join(tmpdir(), 'shopify-sim-bulk-'));
    const token = randomBytes(16).toString('hex');
    const operation: Operation = {
      id: this.nextId++,
      shop: domain,
      query,
      createdMs: this.options.now(),
      completedMs: null,
      polls: 0,
      run: 'running',
      errorCode: null,
      canceled: false,
      expired: false,
      progress: { objectCount: 0, rootObjectCount: 0, fileSize: 0 },
      token,
      path: join(this.dir, `${token}.jsonl`),
      done: Promise.resolve(),
    };
    const injected = this.failNext.get(domain);
    this.failNext.delete(domain);
    operation.done = injected ? Promise.resolve(this.fail(operation, injected)) : this.write(operation, shop, checked.document, groupObjects, context);
    this.operations.push(operation);
    return { bulkOperation: this.view(operation, baseUrl), userErrors: [] };
  }

  /** Runs the query page by page into the file; a failure is the operation's FAILED errorCode. */
  private async write(operation: Operation, shop: ShopData, document: DocumentNode, groupObjects: boolean, requester: RenderContext): Promise<void> {
    const paging: BulkPaging = { after: null, pageSize: PAGE_SIZE, next: null };
    // The token's scopes and the time it asked: the 60-day rule holds as of the request.
    const context: ResolverContext = { shop, scopes: requester.scopes, nowMs: requester.nowMs, bulk: paging, bulkOperations: this.forShop(shop, '') };
    const nextPage = async () => {
      const result = await execute({ schema: this.options.schema, document, rootValue, contextValue: context });
      const errors = result.errors ?? [];
      if (errors.length > 0) throw new BulkRunFailure(errors.some((error) => error.extensions?.code === 'ACCESS_DENIED') ? 'ACCESS_DENIED' : 'INTERNAL_SERVER_ERROR');
      const data = (result.data ?? {}) as Record<string, unknown>;
      const next = paging.next;
      paging.after = next?.endCursor ?? null;
      return { connection: (Object.values(data)[0] ?? null) as Record<string, unknown> | null, hasNextPage: next?.hasNextPage === true && next.endCursor !== null };
    };
    await new Promise((resolve) => setImmediate(resolve)); // answer the mutation first
    try {
      await writeBulkFile(operation.path, groupObjects, nextPage, operation.progress, () => operation.canceled);
      operation.run = 'written';
      if (operation.canceled || operation.progress.objectCount === 0) rmSync(operation.path, { force: true });
    } catch (error) {
      this.fail(operation, error instanceof BulkRunFailure ? error.code : 'INTERNAL_SERVER_ERROR');
    }
  }

  private fail(operation: Operation, code: BulkErrorCode): void {
    operation.run = 'failed';
    operation.errorCode = code;
    rmSync(operation.path, { force: true });
  }

  private expire(operation: Operation): void {
    operation.expired = true;
    rmSync(operation.path, { force: true });
  }

  private find(domain: string, id: number, poll: boolean): Operation | undefined {
    const operation = this.operations.find((candidate) => candidate.id === id && candidate.shop === domain);
    if (operation && poll) operation.polls += 1;
    return operation;
  }

  private cancel(domain: string, id: string, baseUrl: string): { bulkOperation: BulkOperationView | null; userErrors: BulkUserError[] } {
    const parsed = parseGid(id);
    const operation = parsed?.kind === 'BulkOperation' ? this.find(domain, parsed.id, false) : undefined;
    if (!operation) return { bulkOperation: null, userErrors: [{ field: ['id'], message: 'Bulk operation does not exist' }] };
    const status = this.status(operation);
    if (!['CREATED', 'RUNNING'].includes(status)) {
      return { bulkOperation: this.view(operation, baseUrl), userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${status.toLowerCase()}` }] };
    }
    operation.canceled = true;
    operation.completedMs = this.options.now();
    return { bulkOperation: this.view(operation, baseUrl), userErrors: [] };
  }

  /** The status now; reaching COMPLETED or FAILED stamps completedAt, and old results expire here. */
  private status(operation: Operation): string {
    if (operation.canceled) return 'CANCELED';
    if (operation.expired) return 'EXPIRED';
    const now = this.options.now();
    const { msToComplete, pollsToComplete } = this.options;
    const due = msToComplete !== undefined ? now - operation.createdMs >= msToComplete : operation.polls >= pollsToComplete;
    if (operation.run === 'running' || !due) return operation.polls > 0 || now > operation.createdMs ? 'RUNNING' : 'CREATED';
    operation.completedMs ??= now;
    if (operation.run === 'failed') return 'FAILED';
    if (now - operation.completedMs >= RESULTS_KEPT_MS) {
      this.expire(operation);
      return 'EXPIRED';
    }
    return 'COMPLETED';
  }

  private view(operation: Operation, baseUrl: string): BulkOperationView {
    const status = this.status(operation);
    const { objectCount, rootObjectCount, fileSize } = operation.progress;
    const completed = status === 'COMPLETED';
    return {
      __typename: 'BulkOperation',
      id: gid('BulkOperation', operation.id),
      status,
      errorCode: status === 'FAILED' ? operation.errorCode : null,
      createdAt: shopifyDateTime(operation.createdMs),
      completedAt: operation.completedMs === null ? null : shopifyDateTime(operation.completedMs),
      objectCount: String(objectCount),
      rootObjectCount: String(rootObjectCount),
      fileSize: completed && objectCount > 0 ? String(fileSize) : null,
      // A query that matched nothing completes without a file: url null (PLATFORMS.md).
      url: completed && objectCount > 0 ? `${baseUrl}/bulk/${operation.token}.jsonl` : null,
      partialDataUrl: null,
      query: operation.query,
      type: 'QUERY',
    };
  }
}
