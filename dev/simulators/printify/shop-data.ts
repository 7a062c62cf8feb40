/**
 * One shop's orders and products, generated on first use and kept newest first (the order the API
 * lists them in: orders by created_at, products by creation), with the changes tests make to them.
 */
import { mulberry32, seedOf } from '../_shared/seeded-random.js';
import type { ShopEntry } from './accounts.js';
import { applyStatus, markDelivered, newShipment } from './order-lifecycle.js';
import { newOrders, shopOrders, type OrderContext } from './synthetic-orders.js';
import { shopProducts } from './synthetic-products.js';
import { shopTruth } from './truth.js';
import type { PrintifyOrder, PrintifyOrderChanges, PrintifyProduct, PrintifyTruth } from './types.js';

/** Newest first; an id breaks a tie of times. */
const newerFirst = (a: { created_at: string; id: string }, b: { created_at: string; id: string }): number =>
  a.created_at === b.created_at ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.created_at < b.created_at ? 1 : -1;

export class ShopData {
  readonly orders: PrintifyOrder[];
  readonly products: PrintifyProduct[];
  private readonly ordersById: Map<string, PrintifyOrder>;
  private readonly productsById: Map<string, PrintifyProduct>;
  private readonly context: OrderContext;
  private nextIndex: number;

  constructor(shop: ShopEntry, seed: number, anchorMs: number) {
    const { spec } = shop;
    const shopSeed = { seed, shopId: shop.id, userId: shop.userId };
    const oldestFirst = shopProducts(shopSeed, spec.products, anchorMs, spec.historyDays);
    this.context = { shop: { ...shopSeed, salesChannel: spec.sales_channel }, products: oldestFirst };
    this.products = [...oldestFirst].sort(newerFirst);
    this.orders = shopOrders(this.context, spec.orders, anchorMs, spec.historyDays, spec.salesOrderIds).sort(newerFirst);
    this.ordersById = new Map(this.orders.map((order) => [order.id, order]));
    this.productsById = new Map(this.products.map((product) => [product.id, product]));
    this.nextIndex = spec.orders;
  }

  order(id: string): PrintifyOrder | undefined {
    return this.ordersById.get(id);
  }

  product(id: string): PrintifyProduct | undefined {
    return this.productsById.get(id);
  }

  /** `count` new pending orders created at `nowMs`; copies of them. */
  addOrders(count: number, nowMs: number, salesOrderIds?: readonly string[]): PrintifyOrder[] {
    const added = newOrders(this.context, this.nextIndex, count, nowMs, salesOrderIds);
    this.nextIndex += count;
    for (const order of added) {
      this.orders.splice(this.insertionPoint(order), 0, order);
      this.ordersById.set(order.id, order);
    }
    return structuredClone(added);
  }

  /** Applies `changes` as of `nowMs`; a copy of the order after them. Throws on an unknown order. */
  updateOrder(id: string, changes: PrintifyOrderChanges, nowMs: number): PrintifyOrder {
    const order = this.ordersById.get(id);
    if (!order) throw new Error(`no order ${id} in shop ${this.context.shop.shopId}`);
    if (changes.shop_order_id !== undefined) {
      const ref = changes.shop_order_id;
      const { shop_fulfilled_at } = order.metadata;
      order.metadata = ref === null ? { order_type: 'manual', shop_fulfilled_at: null } : { order_type: 'external', shop_order_id: ref, shop_order_label: String(ref), shop_fulfilled_at };
    }
    if (changes.status !== undefined) {
      const random = mulberry32(seedOf(order.id, 'shipment', order.shipments.length));
      applyStatus(order, changes.status, nowMs, () => newShipment(random));
    }
    if (changes.delivered) {
      if (order.shipments.length === 0) throw new Error(`order ${id} has no shipment to deliver`);
      markDelivered(order, nowMs);
    }
    return structuredClone(order);
  }

  truth(): PrintifyTruth {
    return shopTruth(this.orders, this.products);
  }

  private insertionPoint(order: PrintifyOrder): number {
    let [low, high] = [0, this.orders.length];
    while (low < high) {
      const middle = (low + high) >> 1;
      if (newerFirst(this.orders[middle] ?? order, order) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
