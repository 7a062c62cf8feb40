import { sqlFlavorOf } from '../../db/sql-flavor.js';
import type { Trx } from '../../db/transaction.js';
import { toDbTime } from '../../db/values.js';
import { chunks } from '../shared/chunks.js';
import { relinkCogs, type SalesOrderRef } from './cogs-linking.js';
import type { CommerceOwner } from './commerce-owner.js';
import { markFinancialDaysDirty } from './daily-financials.repository.js';
import { dayOfDbTime, isSalesOrder, PRINTIFY } from './sales-orders.js';
import { ownedColumns, upsertOwnedRows } from './upsert-owned-rows.js';

/** A sales order (Etsy receipt, Shopify order) or a Printify fulfilment order (DESIGN.md `orders`). */
export interface OrderRow {
  platformId: string;
  status: string;
  currency: string;
  totalMinor: number;
  subtotalMinor: number;
  shippingMinor: number;
  taxMinor: number;
  discountMinor: number;
  placedAt: Date;
  platformUpdatedAt: Date;
  /** Printify: `metadata.shop_order_id`, the sales order it fulfils; null on sales orders. */
  externalOrderRef: string | null;
}

/** An order's line (DESIGN.md `line_items`); Printify: `platformId` = `{order_id}:{position}`. */
export interface LineItemRow {
  platformId: string;
  orderPlatformId: string;
  productPlatformId: string | null;
  variantPlatformId: string | null;
  sku: string | null;
  title: string | null;
  quantity: number;
  unitPriceMinor: number | null;
  currency: string;
  costMinor: number | null;
}

/** Orders per read-before-write statement. */
const BATCH = 500;

/**
 * Upserts orders and their line items on (tenant_id, platform, platform_id); then recomputes COGS of every
 * sales order it touches (sales rows written, and the sales orders old and new refs of Printify rows point at)
 * and marks their placed_at days dirty for daily_financials. Idempotent.
 *
 * The line items given for an order are its whole set: lines of that order stored before and
 * missing now are deleted. An order given without lines keeps the lines it has. The `cogs_*`
 * columns are never written from the incoming row, only by COGS linking. A sales order's day is
 * marked dirty when the order is new or a column `daily_financials` reads (status, currency,
 * total, placed_at) changed — both days when placed_at moved — or when its COGS changed; an
 * unchanged re-read (a sync's overlap) marks nothing.
 *
 * An order older than the stored one (its `platform_updated_at` is earlier: a concurrent task of
 * the same entity committed a newer snapshot first) is left out whole: its row, its lines, its
 * COGS relink and its days (see upsertOwnedRows).
 */
export async function upsertOrders(trx: Trx, owner: CommerceOwner, orders: readonly OrderRow[], lineItems: readonly LineItemRow[], now: Date): Promise<void> {
  // A JavaScript caller may hand over Printify's numeric shop_order_id: refs are compared as strings.
  const given = orders.map((order) => ({ ...order, externalOrderRef: order.externalOrderRef === null ? null : String(order.externalOrderRef) }));
  const before = await readStored(trx, owner, given.map((order) => order.platformId));
  const stale = new Set(given.filter((order) => isOlder(order, before.get(order.platformId))).map((order) => order.platformId));
  const incoming = given.filter((order) => !stale.has(order.platformId));

  await upsertOwnedRows(
    trx,
    'orders',
    incoming.map((order) => ({
      ...ownedColumns(owner, order.platformId, now),
      status: order.status,
      currency: order.currency,
      total_minor: order.totalMinor,
      subtotal_minor: order.subtotalMinor,
      shipping_minor: order.shippingMinor,
      tax_minor: order.taxMinor,
      discount_minor: order.discountMinor,
      placed_at: toDbTime(order.placedAt),
      platform_updated_at: toDbTime(order.platformUpdatedAt),
      external_order_ref: order.externalOrderRef,
    })),
  );
  await replaceLineItems(trx, owner, lineItems.filter((line) => !stale.has(line.orderPlatformId)), now);

  const { changedDays } = await relinkCogs(trx, owner.tenantId, await salesOrdersToRelink(trx, owner, incoming, before), now);
  await markFinancialDaysDirty(trx, owner.tenantId, [...changedFinancialDays(owner, incoming, before), ...changedDays], now);
}

/**
 * Upserts line items on (tenant_id, platform, platform_id) and deletes none: for a read that
 * hands over an order's lines in several pieces (a Shopify bulk file is not grouped, so a line
 * may come chunks before or after its order), with the order itself written by upsertOrders
 * without lines. A line whose order is not stored yet is fine (no foreign key). Lines carry no
 * version: unlike upsertOrders, a line of an order whose stored row is newer is written anyway.
 */
export async function upsertLineItems(trx: Trx, owner: CommerceOwner, lineItems: readonly LineItemRow[], now: Date): Promise<void> {
  await upsertOwnedRows(
    trx,
    'line_items',
    lineItems.map((line) => ({
      ...ownedColumns(owner, line.platformId, now),
      order_platform_id: line.orderPlatformId,
      product_platform_id: line.productPlatformId,
      variant_platform_id: line.variantPlatformId,
      sku: line.sku,
      title: line.title,
      quantity: line.quantity,
      unit_price_minor: line.unitPriceMinor,
      currency: line.currency,
      cost_minor: line.costMinor,
    })),
  );
}

/** The lines given are their orders' whole set: each order's stored lines not given are deleted. */
async function replaceLineItems(trx: Trx, owner: CommerceOwner, lineItems: readonly LineItemRow[], now: Date): Promise<void> {
  await upsertLineItems(trx, owner, lineItems, now);
  const linesOf = new Map<string, string[]>();
  for (const line of lineItems) linesOf.set(line.orderPlatformId, [...(linesOf.get(line.orderPlatformId) ?? []), line.platformId]);
  for (const slice of chunks([...linesOf.keys()], 100)) {
    await trx
      .deleteFrom('line_items')
      .where('tenant_id', '=', owner.tenantId)
      .where('platform', '=', owner.platform)
      .where('order_platform_id', 'in', slice)
      .where(
        'platform_id',
        'not in',
        slice.flatMap((order) => linesOf.get(order)!),
      )
      .execute();
  }
}

/** Whether the stored row is newer than this snapshot of it (equal is not older: it overwrites). */
function isOlder(order: OrderRow, stored: StoredOrder | undefined): boolean {
  return stored !== undefined && toDbTime(order.platformUpdatedAt) < stored.platformUpdatedAt;
}

/** What an order was before this write: what its financials and COGS depended on, and its version. */
interface StoredOrder {
  status: string;
  currency: string;
  totalMinor: number;
  placedAt: string;
  platformUpdatedAt: string;
  externalOrderRef: string | null;
  /** Printify rows: the sales channel of the shop that stored the row. */
  salesChannel: string | null;
}

/**
 * Read with the rows locked on MySQL (FOR UPDATE reads the newest committed version): a
 * concurrent write of the same order that committed meanwhile must not leave its ref unrelinked,
 * nor have its newer lines replaced by an older snapshot's.
 */
async function readStored(trx: Trx, owner: CommerceOwner, platformIds: readonly string[]): Promise<Map<string, StoredOrder>> {
  const stored = new Map<string, StoredOrder>();
  const mysql = sqlFlavorOf(trx) === 'mysql';
  for (const slice of chunks(platformIds, BATCH)) {
    const rows = await trx
      .selectFrom('orders')
      .select(['platform_id', 'status', 'currency', 'total_minor', 'placed_at', 'platform_updated_at', 'external_order_ref', 'connection_id'])
      .where('tenant_id', '=', owner.tenantId)
      .where('platform', '=', owner.platform)
      .where('platform_id', 'in', slice)
      .$if(mysql, (qb) => qb.forUpdate())
      .execute();
    const channels = owner.platform === PRINTIFY ? await salesChannels(trx, [...new Set(rows.map((row) => Number(row.connection_id)))]) : new Map<number, string | null>();
    for (const row of rows) {
      stored.set(row.platform_id, {
        status: row.status,
        currency: row.currency,
        totalMinor: Number(row.total_minor),
        placedAt: row.placed_at,
        platformUpdatedAt: row.platform_updated_at,
        externalOrderRef: row.external_order_ref,
        salesChannel: channels.get(Number(row.connection_id)) ?? null,
      });
    }
  }
  return stored;
}

async function salesChannels(trx: Trx, connectionIds: readonly number[]): Promise<Map<number, string | null>> {
  if (connectionIds.length === 0) return new Map();
  const rows = await trx.selectFrom('connections').select(['id', 'sales_channel']).where('id', 'in', connectionIds).execute();
  return new Map(rows.map((row) => [Number(row.id), row.sales_channel === null ? null : row.sales_channel.toLowerCase()]));
}

/**
 * Sales orders whose COGS this write may change: the sales orders written; for Printify rows,
 * the sales orders their refs point at now and pointed at before (through their shops' sales
 * channels), so a re-pointed or canceled Printify order leaves its old sales order too.
 */
async function salesOrdersToRelink(trx: Trx, owner: CommerceOwner, orders: readonly OrderRow[], before: ReadonlyMap<string, StoredOrder>): Promise<SalesOrderRef[]> {
  if (owner.platform !== PRINTIFY) {
    return orders.filter((order) => isSalesOrder(owner.platform, order.externalOrderRef)).map((order) => ({ platform: owner.platform, platformId: order.platformId }));
  }
  const channel = (await salesChannels(trx, [owner.connectionId])).get(owner.connectionId) ?? null;
  const refs: SalesOrderRef[] = [];
  for (const order of orders) {
    if (channel !== null && order.externalOrderRef !== null) refs.push({ platform: channel, platformId: order.externalOrderRef });
    const old = before.get(order.platformId);
    if (old?.salesChannel && old.externalOrderRef !== null) refs.push({ platform: old.salesChannel, platformId: old.externalOrderRef });
  }
  return refs;
}

/** The `placed_at` days of sales orders that are new or changed in what `daily_financials` reads. */
function changedFinancialDays(owner: CommerceOwner, orders: readonly OrderRow[], before: ReadonlyMap<string, StoredOrder>): string[] {
  const days: string[] = [];
  for (const order of orders) {
    const placedAt = toDbTime(order.placedAt);
    const old = before.get(order.platformId);
    const wasSales = old !== undefined && isSalesOrder(owner.platform, old.externalOrderRef);
    const isSales = isSalesOrder(owner.platform, order.externalOrderRef);
    const same =
      old !== undefined &&
      wasSales === isSales &&
      old.status === order.status &&
      old.currency === order.currency &&
      old.totalMinor === order.totalMinor &&
      old.placedAt === placedAt;
    if (same) continue;
    if (isSales) days.push(dayOfDbTime(placedAt));
    if (wasSales) days.push(dayOfDbTime(old.placedAt));
  }
  return days;
}
