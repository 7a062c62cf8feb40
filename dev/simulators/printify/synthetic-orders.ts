/**
 * A shop's deterministic synthetic orders in Printify's shape
 * (https://developers.printify.com/#retrieve-a-list-of-orders). Order i's lines, totals, address
 * and history are a pure function of (seed, shop, i), the shop's products and the anchor time.
 * Money follows the documented example: a line's `cost` is what the merchant pays for its whole
 * quantity, `metadata.price` the retail price of one unit, and `total_price` their retail sum —
 * not what the merchant pays, which is Σ cost + total_shipping + total_tax.
 */
import { intBetween, mulberry32, pick, seedOf } from '../_shared/seeded-random.js';
import { BLUEPRINT_BY_ID } from './catalogue.js';
import { objectId } from './object-id.js';
import { applyStatus, lifecycleSteps, markDelivered, newShipment } from './order-lifecycle.js';
import { DAY_MS, printifyTime, secondsOf } from './printify-time.js';
import { asSent, randomSalesOrderId, salesOrderLinks } from './sales-order-links.js';
import type { ShopSeed } from './synthetic-products.js';
import type { PrintifyLineItem, PrintifyOrder, PrintifyProduct } from './types.js';

export interface OrderContext {
  shop: ShopSeed & { salesChannel: string };
  /** The shop's products, oldest first: an order's lines come from those created before it. */
  products: readonly PrintifyProduct[];
}

const FIRST_NAMES = ['Ava', 'Liam', 'Mia', 'Noah', 'Zoe', 'Ethan', 'Chloe', 'Lucas', 'Ivy', 'Owen'];
const LAST_NAMES = ['Smith', 'Garcia', 'Chen', 'Okafor', 'Novak', 'Rossi', 'Kim', 'Patel', 'Larsen', 'Moreau'];
const PLACES: readonly [city: string, region: string, zip: string][] = [
  ['Austin', 'TX', '78701'], ['Portland', 'OR', '97205'], ['Columbus', 'OH', '43215'], ['Denver', 'CO', '80202'],
  ['Raleigh', 'NC', '27601'], ['Madison', 'WI', '53703'], ['Tucson', 'AZ', '85701'], ['Albany', 'NY', '12207'],
];

const orderRandom = (shop: ShopSeed, index: number): (() => number) => mulberry32(seedOf(shop.seed, shop.shopId, 'order', index));

/**
 * The shop's order history, newest first: `count` orders created over the `historyDays` before
 * `anchorMs` (one in each equal slice of the window), each as far along its lifecycle as `anchorMs` allows.
 */
export function shopOrders(context: OrderContext, count: number, anchorMs: number, historyDays: number, salesOrderIds?: readonly string[]): PrintifyOrder[] {
  const { shop } = context;
  const span = historyDays * DAY_MS;
  const links = salesOrderLinks(count, salesOrderIds, shop.salesChannel, [String(shop.seed), String(shop.shopId)]);
  const latestForSale = new Map<string, PrintifyOrder>();
  const orders: PrintifyOrder[] = [];
  links.forEach(({ shopOrderId, cancelsPrevious }, index) => {
    const random = orderRandom(shop, index);
    const createdMs = secondsOf(anchorMs - span + ((index + random()) * span) / count);
    const order = pendingOrder(context, index, createdMs, shopOrderId, random);
    const { steps, deliveredMs } = lifecycleSteps(random, createdMs, anchorMs, order.line_items.length);
    for (const step of steps) applyStatus(order, step.status, step.atMs, () => newShipment(random));
    if (deliveredMs !== null) markDelivered(order, deliveredMs);
    if (shopOrderId !== undefined) {
      const previous = latestForSale.get(String(shopOrderId));
      if (cancelsPrevious && previous) cancelBeforeProduction(previous);
      latestForSale.set(String(shopOrderId), order);
    }
    orders.push(order);
  });
  return orders.reverse();
}

/**
 * `count` new pending orders created just now (a second apart, the last at `nowMs`), oldest first,
 * numbered from `firstIndex`. With `salesOrderIds`, order k fulfils salesOrderIds[k] (wrapping round).
 */
export function newOrders(context: OrderContext, firstIndex: number, count: number, nowMs: number, salesOrderIds?: readonly string[]): PrintifyOrder[] {
  return Array.from({ length: count }, (_, k) => {
    const random = orderRandom(context.shop, firstIndex + k);
    const saleId = salesOrderIds?.length ? salesOrderIds[k % salesOrderIds.length] : undefined;
    const shopOrderId = saleId === undefined ? randomSalesOrderId(random, context.shop.salesChannel) : asSent(saleId, random);
    return pendingOrder(context, firstIndex + k, secondsOf(nowMs) - (count - 1 - k) * 1000, shopOrderId, random);
  });
}

/** A canceled-and-re-placed order never reached production: no production times, no shipment. */
function cancelBeforeProduction(order: PrintifyOrder): void {
  Object.assign(order, { status: 'canceled', sent_to_production_at: null, fulfilled_at: null, shipments: [] });
  if (order.metadata.order_type === 'external') order.metadata.shop_fulfilled_at = null;
  for (const line of order.line_items) Object.assign(line, { status: 'canceled', sent_to_production_at: null, fulfilled_at: null });
}

function pendingOrder(context: OrderContext, index: number, createdMs: number, shopOrderId: number | string | undefined, random: () => number): PrintifyOrder {
  const { shop } = context;
  const id = objectId(createdMs, String(shop.seed), String(shop.shopId), 'order', String(index));
  const lineCount = 1 + (random() < 0.25 ? 1 : 0) + (random() < 0.07 ? 1 : 0);
  const lineItems = Array.from({ length: lineCount }, (_, position) => lineItem(context, createdMs, position, random));
  const subtotal = lineItems.reduce((sum, line) => sum + line.cost, 0);
  const totalShipping = lineItems.reduce((sum, line) => sum + line.shipping_cost, 0);
  // Printify charges sales tax on cost and shipping where the destination requires it: basis points, rounded down.
  const totalTax = random() < 0.3 ? Math.floor(((subtotal + totalShipping) * intBetween(random, 400, 1000)) / 10_000) : 0;
  const [firstName, lastName, [city, region, zip]] = [pick(random, FIRST_NAMES), pick(random, LAST_NAMES), pick(random, PLACES)];
  const metadata: PrintifyOrder['metadata'] =
    shopOrderId === undefined
      ? { order_type: 'manual', shop_fulfilled_at: null }
      : { order_type: 'external', shop_order_id: shopOrderId, shop_order_label: String(shopOrderId), shop_fulfilled_at: null };
  return {
    id,
    address_to: {
      first_name: firstName,
      last_name: lastName,
      email: `${firstName}.${lastName}@example.com`.toLowerCase(),
      phone: `555 01${intBetween(random, 10, 99)}`,
      country: 'US',
      region,
      address1: `${intBetween(random, 1, 9999)} Main St`,
      city,
      zip,
    },
    line_items: lineItems,
    metadata,
    total_price: lineItems.reduce((sum, line) => sum + line.metadata.price * line.quantity, 0),
    total_shipping: totalShipping,
    total_tax: totalTax,
    status: 'pending',
    shipping_method: 1,
    is_printify_express: false,
    is_economy_shipping: false,
    shipments: [],
    created_at: printifyTime(createdMs),
    sent_to_production_at: null,
    fulfilled_at: null,
    printify_connect: { url: `https://printify.com/app/printify-connect/${id}`, id },
  };
}

/** One line: an enabled variant of a product made before the order; Printify's first-item shipping on the first line only. */
function lineItem(context: OrderContext, createdMs: number, position: number, random: () => number): PrintifyLineItem {
  const made = Math.max(1, madeBy(context.products, printifyTime(createdMs)));
  const product = context.products[Math.floor(random() * made)];
  if (!product) throw new Error(`shop ${context.shop.shopId} has orders but no products`);
  const variant = pick(random, product.variants.filter((candidate) => candidate.is_enabled));
  const blueprint = BLUEPRINT_BY_ID.get(product.blueprint_id);
  if (!blueprint) throw new Error(`product ${product.id} has unknown blueprint ${product.blueprint_id}`);
  const roll = random();
  const quantity = roll < 0.85 ? 1 : roll < 0.97 ? 2 : 3;
  const shippedItems = position === 0 ? blueprint.firstItemShipping + (quantity - 1) * blueprint.additionalItemShipping : quantity * blueprint.additionalItemShipping;
  return {
    product_id: product.id,
    quantity,
    variant_id: variant.id,
    print_provider_id: product.print_provider_id,
    cost: variant.cost * quantity,
    shipping_cost: shippedItems,
    status: 'pending',
    metadata: { title: product.title, price: variant.price, variant_label: variant.title, sku: variant.sku, country: 'United States' },
    sent_to_production_at: null,
    fulfilled_at: null,
  };
}

/** How many of the products (oldest first) were created by `time`: Printify times sort as text. */
function madeBy(products: readonly PrintifyProduct[], time: string): number {
  let [low, high] = [0, products.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((products[middle]?.created_at ?? '') <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}
