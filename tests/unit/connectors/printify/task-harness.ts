import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/database.js';
import type { Connection } from '../../../../lib/connections/connections.repository.js';
import type { ConnectorTaskContext, TaskHandlerFactory, TaskDeps } from '../../../../lib/connectors/connector.js';
import type { NumberedPage } from '../../../../lib/connectors/pagination/page-numbers.js';
import type { CommerceStore } from '../../../../lib/connectors/printify/commerce-store.js';
import type { PrintifyClient } from '../../../../lib/connectors/printify/printify.client.js';
import type { PrintifySettings } from '../../../../lib/connectors/printify/printify.config.js';
import type { CommercePayload } from '../../../../lib/connectors/sync/commerce-plan.js';
import type { Task } from '../../../../lib/queue/repository/index.js';
import { silentLogger } from '../../../../lib/shared/logger.js';
import { printifySettings } from './settings.js';

export const NOW = new Date('2026-11-29T12:00:00.000Z');
export const CONNECTION = { id: 7, tenantId: 'acme', platform: 'printify', externalAccountId: '5432' } as Connection;

/** One store call as the task made it, in order; `step` is the commitStep it belongs to. */
export type StoreCall =
  | { step: number; call: 'upsertOrders'; orders: string[]; lineItems: string[] }
  | { step: number; call: 'upsertProducts'; products: string[]; variants: string[] }
  | { step: number; call: 'advanceSyncCursor'; entity: string; value: string }
  | { step: number; call: 'markCompletedRead'; entity: string; scannedUntil: string; fullReadAt: string | null }
  | { step: number; call: 'deleteProductsNotSeenSince'; readStart: string };

export interface RunOptions<T> {
  /** The vendor's list, newest first; `pageSize` a page. */
  list: T[];
  pageSize: number;
  payload: Partial<CommercePayload>;
  checkpoint?: unknown;
  cursor?: Date | null;
  /** The cursor row's full_read_at (default: a day before NOW, so a sync with a cursor stops at its lookback). */
  fullReadAt?: Date | null;
  env?: Record<string, string>;
  /** Runs before each page is served (e.g. a new order arrives and shifts the pages). */
  beforePage?: (page: number, list: T[]) => void;
  /** The deadline passes once this many pages were fetched. */
  deadlineAfterPages?: number;
}

/**
 * Runs a Printify task against a list served in pages (as the client would return them) and a
 * store that records its calls; commitStep runs the step's writes and keeps its checkpoint.
 */
export async function runTask<T>(factory: (store: CommerceStore) => TaskHandlerFactory<PrintifySettings, PrintifyClient>, kind: 'orders' | 'products', options: RunOptions<T>) {
  const fetched: number[] = [];
  const checkpoints: unknown[] = [];
  const calls: StoreCall[] = [];
  let step = 0;
  let clockMs = NOW.getTime();
  const deadline = new Date(NOW.getTime() + 60_000);
  const list = [...options.list];
  const serve = async (_token: string, shopId: string, page: number): Promise<NumberedPage<T>> => {
    if (shopId !== CONNECTION.externalAccountId) throw new Error(`asked for shop ${shopId}`);
    options.beforePage?.(page, list);
    fetched.push(page);
    if (options.deadlineAfterPages !== undefined && fetched.length >= options.deadlineAfterPages) clockMs = deadline.getTime();
    const lastPage = Math.max(1, Math.ceil(list.length / options.pageSize));
    return { page, items: list.slice((page - 1) * options.pageSize, page * options.pageSize), nextPage: page < lastPage ? page + 1 : null, total: list.length };
  };
  const client = { listOrders: serve, listProducts: serve } as unknown as PrintifyClient;
  const store = {
    upsertOrders: async (_trx: unknown, owner: unknown, orders: { platformId: string }[], lineItems: { platformId: string }[]) => {
      expectOwner(owner);
      calls.push({ step, call: 'upsertOrders', orders: orders.map((o) => o.platformId), lineItems: lineItems.map((l) => l.platformId) });
    },
    upsertProducts: async (_trx: unknown, owner: unknown, products: { platformId: string }[], variants: { platformId: string }[]) => {
      expectOwner(owner);
      calls.push({ step, call: 'upsertProducts', products: products.map((p) => p.platformId), variants: variants.map((v) => v.platformId) });
    },
    deleteProductsNotSeenSince: async (_trx: unknown, owner: unknown, readStart: Date) => {
      expectOwner(owner);
      calls.push({ step, call: 'deleteProductsNotSeenSince', readStart: readStart.toISOString() });
    },
    getSyncState: async (_db: unknown, connectionId: number, entity: string) => {
      if (connectionId !== CONNECTION.id || entity !== kind) throw new Error(`cursor of ${connectionId}/${entity}`);
      const cursor = options.cursor ?? null;
      return cursor === null ? null : { cursor, scannedUntil: null, fullReadAt: options.fullReadAt === undefined ? new Date(NOW.getTime() - 86_400_000) : options.fullReadAt };
    },
    advanceSyncCursor: async (_trx: unknown, connectionId: number, entity: string, value: Date) => {
      if (connectionId !== CONNECTION.id) throw new Error(`cursor of connection ${connectionId}`);
      calls.push({ step, call: 'advanceSyncCursor', entity, value: value.toISOString() });
    },
    markCompletedRead: async (_trx: unknown, connectionId: number, entity: string, read: { scannedUntil: Date; fullReadAt: Date | null }) => {
      if (connectionId !== CONNECTION.id) throw new Error(`cursor of connection ${connectionId}`);
      calls.push({ step, call: 'markCompletedRead', entity, scannedUntil: read.scannedUntil.toISOString(), fullReadAt: read.fullReadAt?.toISOString() ?? null });
    },
  } as unknown as CommerceStore;
  const deps = { db: {} as Kysely<Database>, clock: { now: () => new Date(clockMs) }, logger: silentLogger, settings: printifySettings(options.env), client } as unknown as TaskDeps<PrintifySettings, PrintifyClient>;
  const context = {
    deadline,
    checkpoint: options.checkpoint ?? null,
    connection: CONNECTION,
    call: <R>(run: (token: string) => Promise<R>) => run('tok'),
    commitStep: async (write: (trx: unknown) => Promise<void>, checkpoint: unknown) => {
      step += 1;
      await write({});
      checkpoints.push(checkpoint);
    },
  } as unknown as ConnectorTaskContext;
  const payload: CommercePayload = { entity: kind, mode: 'backfill', since: null, until: null, after: null, next: null, ...options.payload };
  const task = { id: 1, tenantId: 'acme', kind: `printify.${kind}`, payload } as unknown as Task;
  const error = await factory(store)(deps)(task, context).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  return { fetched, checkpoints, calls, error };
}

function expectOwner(owner: unknown): void {
  const { tenantId, platform, connectionId } = owner as { tenantId: string; platform: string; connectionId: number };
  if (tenantId !== 'acme' || platform !== 'printify' || connectionId !== CONNECTION.id) throw new Error(`wrong owner ${JSON.stringify(owner)}`);
}
