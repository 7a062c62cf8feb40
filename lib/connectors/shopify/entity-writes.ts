import type { Trx } from '../../../db/transaction.js';
import type { CommerceOwner } from '../../commerce/commerce-owner.js';
import { deleteCustomersNotSeenSince, upsertCustomers } from '../../commerce/customers.repository.js';
import { upsertLineItems, upsertOrders } from '../../commerce/orders.repository.js';
import { deleteProductsNotSeenSinceUnlessNewer, upsertProducts, upsertVariants } from '../../commerce/products.repository.js';
import type { BulkChunk } from './bulk-jsonl.js';
import { mapCustomer } from './customers.mapper.js';
import { idFromGid } from './gid.js';
import { mapLineItem, mapOrder } from './orders.mapper.js';
import { mapProduct, mapVariant } from './products.mapper.js';
import type { ShopifyEntity } from './shopify.client.js';

/** A batch of records mapped to rows, ready to write in the step's transaction. */
export interface MappedRecords {
  /** Top-level records (orders, products, customers): what progress counts. */
  records: number;
  /** Their `updatedAt`s: the cursor is the newest committed. */
  updatedAts: Date[];
  write(trx: Trx, owner: CommerceOwner, now: Date): Promise<void>;
}

/**
 * How each entity's records become rows (DESIGN.md commerce tables), from the two shapes they
 * come in. A page of a paginated query holds whole records (an order with all its lines, a
 * product with all its variants): lines or variants stored and no longer sent are deleted. A
 * chunk of an ungrouped bulk file (API 2026-01+) holds parents and children in any order: the
 * children found beside their parent and the orphans are upserted on their own, deleting
 * nothing (a backfill adds history; the next paginated sync of a record sends its whole set).
 */
export interface EntityRecords {
  entity: ShopifyEntity;
  /** The bulk file's child GID types → the parent's connection field (bulk-jsonl reassembly). */
  childKeys: Record<string, string>;
  /** Variants carry a price without currency: the shop's. */
  needsShopCurrency: boolean;
  fromPage(nodes: readonly unknown[], shopCurrency: string | null): MappedRecords;
  fromChunk(chunk: BulkChunk, shopCurrency: string | null): MappedRecords;
  /**
   * After a complete read of the whole catalogue (no filter): removes the connection's rows it
   * did not write — records deleted at Shopify, which no updated_at query returns — but for rows
   * stored newer than the bulk file's snapshot (changed at Shopify since the read began). Orders have
   * none: they are read by creation windows, and Shopify archives orders rather than deleting them.
   */
  sweep?(trx: Trx, owner: CommerceOwner, readStart: Date): Promise<void>;
}

const orders: EntityRecords = {
  entity: 'orders',
  childKeys: { LineItem: 'lineItems' },
  needsShopCurrency: false,
  fromPage(nodes) {
    const mapped = nodes.map(mapOrder);
    return {
      records: mapped.length,
      updatedAts: mapped.map((m) => m.order.platformUpdatedAt),
      write: (trx, owner, now) => upsertOrders(trx, owner, mapped.map((m) => m.order), mapped.flatMap((m) => m.lineItems), now),
    };
  },
  fromChunk(chunk) {
    const mapped = chunk.parents.map(mapOrder);
    const lines = [...mapped.flatMap((m) => m.lineItems), ...chunk.orphans.map((o) => mapLineItem(o.record, idFromGid(o.parentId, 'Order')))];
    return {
      records: mapped.length,
      updatedAts: mapped.map((m) => m.order.platformUpdatedAt),
      async write(trx, owner, now) {
        // Orders given without lines keep the lines they have; the lines are upserted alone.
        if (mapped.length > 0) await upsertOrders(trx, owner, mapped.map((m) => m.order), [], now);
        if (lines.length > 0) await upsertLineItems(trx, owner, lines, now);
      },
    };
  },
};

const products: EntityRecords = {
  entity: 'products',
  childKeys: { ProductVariant: 'variants' },
  needsShopCurrency: true,
  fromPage(nodes, currency) {
    const mapped = nodes.map((node) => mapProduct(node, shopCurrencyOf(currency)));
    return {
      records: mapped.length,
      updatedAts: mapped.map((m) => m.product.platformUpdatedAt),
      write: (trx, owner, now) => upsertProducts(trx, owner, mapped.map((m) => m.product), mapped.flatMap((m) => m.variants), now),
    };
  },
  fromChunk(chunk, currency) {
    const shopCurrency = shopCurrencyOf(currency);
    const mapped = chunk.parents.map((node) => mapProduct(node, shopCurrency));
    const variants = [...mapped.flatMap((m) => m.variants), ...chunk.orphans.map((o) => mapVariant(o.record, idFromGid(o.parentId, 'Product'), shopCurrency))];
    return {
      records: mapped.length,
      updatedAts: mapped.map((m) => m.product.platformUpdatedAt),
      async write(trx, owner, now) {
        if (mapped.length > 0) await upsertProducts(trx, owner, mapped.map((m) => m.product), [], now);
        if (variants.length > 0) await upsertVariants(trx, owner, variants, now);
      },
    };
  },
  sweep: deleteProductsNotSeenSinceUnlessNewer,
};

const customers: EntityRecords = {
  entity: 'customers',
  childKeys: {},
  needsShopCurrency: false,
  fromPage(nodes) {
    const rows = nodes.map(mapCustomer);
    return { records: rows.length, updatedAts: rows.map((r) => r.platformUpdatedAt), write: (trx, owner, now) => upsertCustomers(trx, owner, rows, now) };
  },
  fromChunk(chunk) {
    return customers.fromPage(chunk.parents, null);
  },
  sweep: deleteCustomersNotSeenSince,
};

export const ENTITY_RECORDS: Readonly<Record<ShopifyEntity, EntityRecords>> = { orders, products, customers };

function shopCurrencyOf(currency: string | null): string {
  if (currency === null) throw new Error('the shop currency is read before variants are mapped');
  return currency;
}
