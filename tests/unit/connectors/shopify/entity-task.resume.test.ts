import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/database.js';
import type { ConnectorTaskContext, TaskDeps } from '../../../../lib/connectors/connector.js';
import type { BulkOperationState, ShopifyClient, ShopifyPage } from '../../../../lib/connectors/shopify/shopify.client.js';
import type { ShopifySettings } from '../../../../lib/connectors/shopify/shopify.config.js';
import { DeadlineReachedError, RetryableError } from '../../../../lib/errors.js';
import type { Task } from '../../../../lib/queue/repository/index.js';
import { silentLogger } from '../../../../lib/shared/logger.js';

// The Shopify entity task's bulk route when it breaks off: the rows are another module's
// (entity-writes, tested with the repositories), so the records are counted here; the cursor
// writes are recorded. Each run is one claim of the task, resumed from the checkpoint the last
// one committed.
const cursors: string[] = [];
const reads: string[] = [];
jest.unstable_mockModule('../../../../lib/commerce/sync-cursors.repository.js', () => ({
  getSyncState: async () => null,
  advanceSyncCursor: async (_trx: unknown, _id: number, _entity: string, value: Date) => void cursors.push(value.toISOString()),
  markCompletedRead: async (_trx: unknown, _id: number, _entity: string, read: { scannedUntil: Date }) => void reads.push(read.scannedUntil.toISOString()),
}));
const written: string[] = [];
const records = (nodes: readonly unknown[]) => ({
  records: nodes.length,
  updatedAts: [],
  write: async () => void written.push(...nodes.map((node) => (node as { id: string }).id)),
});
jest.unstable_mockModule('../../../../lib/connectors/shopify/entity-writes.js', () => ({
  ENTITY_RECORDS: {
    orders: { entity: 'orders', childKeys: {}, needsShopCurrency: false, fromPage: (nodes: unknown[]) => records(nodes), fromChunk: (chunk: { parents: unknown[] }) => records(chunk.parents) },
  },
}));
const { createEntityTask, BULK_CHUNK_LINES } = await import('../../../../lib/connectors/shopify/entity.task.js');

const NOW = new Date('2026-11-29T12:00:00.000Z');
const ORDERS = BULK_CHUNK_LINES + 500; // two chunks
const orderId = (i: number) => `gid://shopify/Order/${i + 1}`;
const FILE = Array.from({ length: ORDERS }, (_, i) => `${JSON.stringify({ id: orderId(i) })}\n`).join('');

/** A store's orders as the client serves them; each test shapes how the bulk route behaves. */
class FakeStore {
  calls: string[] = [];
  status: BulkOperationState['status'] = 'COMPLETED';
  statusGone = false;
  /** The file's body from a byte: its lines up to `cutAtLine`, then the stream errors (a dropped connection) or just ends. */
  cutAtLine: number | null = null;
  cutWith: 'error' | 'end' = 'error';
  openDelayMs = 0;
  client(): ShopifyClient {
    return {
      settings: { syncOverlapMinutes: 5, fullResyncDays: 7 } as ShopifySettings,
      clock: { now: () => NOW },
      shopInfo: async () => ({ name: 'Store', currencyCode: 'USD', myshopifyDomain: 'store.myshopify.com' }),
      count: async () => ORDERS,
      findBulk: async () => null,
      startBulk: async () => {
        this.calls.push('startBulk');
        return { id: 'gid://shopify/BulkOperation/1' };
      },
      bulkStatus: async (_shop, _token, id) => {
        this.calls.push('bulkStatus');
        if (this.statusGone) throw new (await import('../../../../lib/connectors/shopify/shopify.client.js')).BulkResultGoneError(`bulk operation ${id} is unknown`);
        return { id, status: this.status, errorCode: null, objectCount: ORDERS, url: this.status === 'COMPLETED' ? 'https://storage.example/f.jsonl?sig=secret' : null, partialDataUrl: null };
      },
      openBulkResult: async (url, fromByte, signal) => {
        this.calls.push(`open@${fromByte}`);
        if (this.openDelayMs > 0) {
          await new Promise((resolve) => setTimeout(resolve, this.openDelayMs));
          signal?.throwIfAborted();
        }
        expect(url).toContain('sig=secret');
        const bytes = Buffer.from(FILE).subarray(fromByte);
        const cut = this.cutAtLine === null ? null : Buffer.byteLength(FILE.split('\n').slice(0, this.cutAtLine).join('\n') + '\n') - fromByte;
        const mode = this.cutWith;
        let sent = false;
        return {
          startByte: fromByte,
          body: new ReadableStream<Uint8Array>({
            // Pulled, not pushed: an error pushed behind the data would discard it (a stream's queue is cleared on error).
            pull(controller) {
              if (sent) {
                if (mode === 'error' && cut !== null) controller.error(new RetryableError('connection reset mid-file'));
                else controller.close();
                return;
              }
              sent = true;
              controller.enqueue(new Uint8Array(cut === null ? bytes : bytes.subarray(0, cut)));
            },
          }),
        };
      },
      listPage: async (): Promise<ShopifyPage> => {
        this.calls.push('listPage');
        return { nodes: Array.from({ length: ORDERS }, (_, i) => ({ id: orderId(i) })), endCursor: null, hasNextPage: false };
      },
    };
  }
}

const task = { id: 7, tenantId: 't1', kind: 'shopify.orders', connectionId: 5, payload: { entity: 'orders', mode: 'backfill', since: null, until: NOW.toISOString(), after: null, next: null } } as unknown as Task;

let store: FakeStore;
let checkpoints: unknown[];
beforeEach(() => {
  store = new FakeStore();
  checkpoints = [];
  cursors.length = 0;
  reads.length = 0;
  written.length = 0;
});

/** One claim of the task, from the last committed checkpoint. */
function claim(options: { deadline?: Date; now?: () => Date } = {}) {
  const deps = { db: {} as Kysely<Database>, clock: { now: options.now ?? (() => NOW) }, logger: silentLogger, settings: { syncOverlapMinutes: 5, fullResyncDays: 7 }, client: store.client() } as unknown as TaskDeps<ShopifySettings, ShopifyClient>;
  const context: ConnectorTaskContext = {
    deadline: options.deadline ?? new Date(NOW.getTime() + 60_000),
    checkpoint: checkpoints.at(-1) ?? null,
    signal: new AbortController().signal,
    connection: { id: 5, tenantId: 't1', externalAccountId: 'store.myshopify.com', scopes: 'read_orders read_all_orders' } as ConnectorTaskContext['connection'],
    session: {} as ConnectorTaskContext['session'],
    call: (run) => run('token'),
    callOnce: (run) => run('token'),
    async commitStep(write, checkpoint) {
      await write({} as Parameters<typeof write>[0]);
      checkpoints.push(structuredClone(checkpoint));
    },
  };
  return createEntityTask('orders')(deps)(task, context);
}
const last = () => checkpoints.at(-1) as { progress: { done: number; total: number }; step: Record<string, unknown> };

describe('shopify entity task: the bulk route broken off', () => {
  it('keeps the operation id, never the signed URL, in its checkpoints', async () => {
    await claim();
    expect(JSON.stringify(checkpoints)).not.toContain('sig=secret');
    expect(last()).toMatchObject({ progress: { done: ORDERS, total: ORDERS }, step: { phase: 'finished' } });
    expect(cursors).toHaveLength(1);
  });

  it('a file dropped mid-way resumes at its last committed chunk, with a fresh URL and a ranged request', async () => {
    store.cutAtLine = BULK_CHUNK_LINES + 10;
    await expect(claim()).rejects.toThrow('connection reset mid-file');
    expect(last()).toMatchObject({ progress: { done: BULK_CHUNK_LINES }, step: { phase: 'download', line: BULK_CHUNK_LINES } });
    const byte = last().step['byte'] as number;
    store.cutAtLine = null;
    store.calls = [];
    await claim();
    expect(store.calls).toEqual(['bulkStatus', `open@${byte}`]);
    expect(new Set(written).size).toBe(ORDERS);
    expect(last()).toMatchObject({ progress: { done: ORDERS, total: ORDERS }, step: { phase: 'finished' } });
  });

  it('a file that ends short but cleanly is not a complete read: the task fails to resume there, no cursor set', async () => {
    store.cutAtLine = BULK_CHUNK_LINES + 10;
    store.cutWith = 'end';
    await expect(claim()).rejects.toThrow(RetryableError);
    expect(last().step).toMatchObject({ phase: 'download', line: BULK_CHUNK_LINES + 10 });
    expect(cursors).toEqual([]);
    expect(reads).toEqual([]);
  });

  it('an operation Shopify no longer knows, met mid-file, falls back to pages and counts progress afresh', async () => {
    store.cutAtLine = BULK_CHUNK_LINES + 10;
    await expect(claim()).rejects.toThrow('connection reset mid-file');
    expect(last().progress.done).toBe(BULK_CHUNK_LINES);
    store.statusGone = true;
    store.calls = [];
    await claim();
    expect(store.calls).toEqual(['bulkStatus', 'listPage']);
    expect(last()).toMatchObject({ progress: { done: ORDERS, total: ORDERS }, step: { phase: 'finished' } });
  });

  it('the deadline reached while the file is being opened resumes there without spending an attempt (DeadlineReachedError)', async () => {
    // The poll leaves 1 ms before the deadline; the file answers later than that.
    store.openDelayMs = 30;
    const error = await claim({ deadline: new Date(NOW.getTime() + 1) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineReachedError);
    expect(last().step).toMatchObject({ phase: 'download', line: 0 });
  });
});
