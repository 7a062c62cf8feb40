import type { Kysely } from 'kysely';
import type { Database } from '../../../../db/database.js';
import type { ConnectorTaskContext, TaskDeps } from '../../../../lib/connectors/connector.js';
import type { EtsyClient, LedgerQuery, OffsetQuery, ReceiptsQuery } from '../../../../lib/connectors/etsy/etsy.client.js';
import type { EtsySettings } from '../../../../lib/connectors/etsy/etsy.config.js';
import type { EtsyLedgerEntry, EtsyListing, EtsyReceipt } from '../../../../lib/connectors/etsy/etsy.schemas.js';
import { PermanentError } from '../../../../lib/errors.js';
import type { Task } from '../../../../lib/queue/repository/index.js';
import { silentLogger } from '../../../../lib/shared/logger.js';

export const SHOP_ID = '40123456';
export const DAY = 86_400;
const usd = (amount: number) => ({ amount, divisor: 100, currency_code: 'USD' });

export function receiptAt(id: number, createdAt: number, updatedAt = createdAt): EtsyReceipt {
  return {
    receipt_id: id,
    status: 'Paid',
    createdAt,
    updatedAt,
    grandtotal: usd(1000),
    subtotal: usd(1000),
    total_shipping_cost: usd(0),
    total_tax_cost: usd(0),
    total_vat_cost: usd(0),
    discount_amt: usd(0),
    transactions: [{ transaction_id: id * 10, title: 't', quantity: 1, listing_id: 1, product_id: null, sku: null, price: usd(1000) }],
  };
}

export function listingAt(id: number, updatedAt: number): EtsyListing {
  return { listingId: id, title: `listing ${id}`, state: 'active', quantity: 1, price: usd(500), updatedAt };
}

export function entryAt(id: number, createdAt: number): EtsyLedgerEntry {
  return { entry_id: id, amount: 100, balance: 100 * id, currency: 'USD', ledger_type: 'PAYMENT_GROSS', reference_type: null, reference_id: null, description: null, createdAt };
}

/** An in-memory Etsy shop answering as the API does (filters inclusive, sorts, offsets, counts), recording each call. */
export class FakeEtsyShop implements EtsyClient {
  receipts: EtsyReceipt[] = [];
  listings: EtsyListing[] = [];
  entries: EtsyLedgerEntry[] = [];
  calls: { method: string; query?: unknown }[] = [];
  /** Runs before each answer (a clock that moves, a record that changes under the walk). */
  onCall: (index: number) => void = () => {};

  readonly createdAt: number;
  constructor(createdAt: number) {
    this.createdAt = createdAt;
  }

  authorizeUrl(): string {
    throw new Error('unused');
  }
  exchangeCode(): never {
    throw new Error('unused');
  }
  refreshAccessToken(): never {
    throw new Error('unused');
  }
  async getMe() {
    return { user_id: 1, shop_id: Number(SHOP_ID) };
  }

  async getShop(_token: string, shopId: string) {
    this.record('getShop');
    return { shopId: Number(shopId), shopName: 'ClayCo', createdAt: this.createdAt };
  }

  async listReceipts(_token: string, _shopId: string, query: ReceiptsQuery) {
    this.record('listReceipts', query);
    const key = (r: EtsyReceipt) => (query.sortOn === 'created' ? r.createdAt : query.sortOn === 'updated' ? r.updatedAt : r.receipt_id);
    const matching = this.receipts
      .filter((r) => within(r.createdAt, query.minCreated, query.maxCreated) && within(r.updatedAt, query.minLastModified, query.maxLastModified))
      .sort((a, b) => key(a) - key(b) || a.receipt_id - b.receipt_id);
    if (query.sortOrder === 'desc') matching.reverse();
    return page(matching, query);
  }

  async listActiveListings(_token: string, _shopId: string, query: OffsetQuery) {
    this.record('listActiveListings', query);
    return page(this.listings.filter((l) => l.state === 'active').sort((a, b) => a.listingId - b.listingId), query);
  }

  async listLedgerEntries(_token: string, _shopId: string, query: LedgerQuery) {
    this.record('listLedgerEntries', query);
    if (query.maxCreated - query.minCreated > 2_678_400) throw new PermanentError('Time window between min_created and max_created must be no more than 2678400 seconds (31 days).');
    return page(this.entries.filter((e) => within(e.createdAt, query.minCreated, query.maxCreated)).sort((a, b) => a.createdAt - b.createdAt || a.entry_id - b.entry_id), query);
  }

  private record(method: string, query?: unknown) {
    this.onCall(this.calls.length);
    this.calls.push(query === undefined ? { method } : { method, query });
  }
}

function within(value: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

function page<T>(matching: T[], query: OffsetQuery) {
  return { count: matching.length, results: matching.slice(query.offset, query.offset + query.limit) };
}

/** A clock the test moves. */
export function movableClock(start: Date) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms), set: (at: Date) => void (now = at.getTime()) };
}

/** A task of kind `kind` for the shop's connection (5, tenant t1) with a commerce payload. */
export function commerceTask(kind: string, payload: Record<string, unknown>): Task {
  return { id: 77, tenantId: 't1', kind, connectionId: 5, payload: { after: null, next: null, ...payload } } as unknown as Task;
}

export interface StepLog {
  checkpoints: unknown[];
}

/** The context a connector task gets, its steps committed by running the write (against no database: the repositories are mocked) and keeping the checkpoint. */
export function taskContext(options: { checkpoint?: unknown; deadline: Date }, log: StepLog): ConnectorTaskContext {
  return {
    deadline: options.deadline,
    checkpoint: options.checkpoint ?? null,
    signal: new AbortController().signal,
    connection: { id: 5, tenantId: 't1', externalAccountId: SHOP_ID } as ConnectorTaskContext['connection'],
    session: {} as ConnectorTaskContext['session'],
    call: (run) => run('111.token'),
    callOnce: (run) => run('111.token'),
    async commitStep(write, checkpoint) {
      await write({} as Parameters<typeof write>[0]);
      log.checkpoints.push(checkpoint);
    },
  };
}

export function taskDeps(client: EtsyClient, clock: { now(): Date }): TaskDeps<EtsySettings, EtsyClient> {
  return { db: {} as Kysely<Database>, clock, logger: silentLogger, client } as unknown as TaskDeps<EtsySettings, EtsyClient>;
}
