/**
 * A shop's deterministic synthetic history: each record is a pure function of (seed, shop, index)
 * and the anchor time, written straight into the shop's columns (200,000 orders in about a second).
 * Products and customers predate the orders; one line in twelve is of a product since deleted
 * (served with `product: null`); totals are never negative (a refund changes the status, while
 * totalPriceSet stays the original total, as Shopify's does).
 */
import { intBetween, mulberry32, seedOf } from '../_shared/seeded-random.js';
import { DAY_MS, wholeSecond } from './shop-time.js';
import { countsAsSpent, ShopData, type ShopIdentity } from './shop-data.js';
import { FINANCIAL_STATUSES, type FinancialStatus, type ShopifyShopSpec } from './types.js';

/** Cumulative odds of each financial status: mostly paid, with every refund and failure kind present. */
const STATUS_ODDS: readonly [FinancialStatus, number][] = [
  ['PAID', 0.55],
  ['PENDING', 0.6],
  ['AUTHORIZED', 0.65],
  ['PARTIALLY_PAID', 0.68],
  ['PARTIALLY_REFUNDED', 0.78],
  ['REFUNDED', 0.88],
  ['VOIDED', 0.95],
  ['EXPIRED', 1],
];

/** Prices in minor units per currency exponent: [min, max, step]. Three decimals get odd fils (12.345). */
const PRICE_RANGES: Record<number, [number, number, number]> = { 0: [300, 30_000, 10], 2: [300, 15_000, 1], 3: [1_000, 50_000, 1] };
const SHIPPING: Record<number, number> = { 0: 800, 2: 499, 3: 1_500 };

const randomFor = (shop: ShopData, kind: string, index: number) => mulberry32(seedOf(shop.identity.seed, shop.identity.name, kind, index));

function price(shop: ShopData, random: () => number): number {
  const [min, max, step] = PRICE_RANGES[shop.exponent] ?? PRICE_RANGES[2]!;
  return Math.round(intBetween(random, min, max) / step) * step;
}

export function buildShop(identity: ShopIdentity, spec: ShopifyShopSpec, anchorMs: number): ShopData {
  const shop = new ShopData(identity);
  const span = spec.historyDays * DAY_MS;
  const start = anchorMs - span;
  const deleted = spec.products > 0 ? Math.max(2, Math.ceil(spec.products / 10)) : 0;
  for (let p = 0; p < spec.products + deleted; p++) {
    const random = randomFor(shop, 'product', p);
    // Products exist before the first order, up to a year earlier; updated any time since.
    const created = wholeSecond(start - random() * 365 * DAY_MS);
    shop.product.created.push(created);
    shop.product.updated.push(wholeSecond(created + random() * (anchorMs - created)));
    const status = random();
    shop.product.status.push(status < 0.8 ? 0 : status < 0.9 ? 1 : 2);
    shop.product.variantStart.push(shop.variant.product.length);
    const variants = p < spec.products ? intBetween(random, 1, 3) : 0;
    for (let v = 0; v < variants; v++) {
      shop.variant.product.push(p);
      shop.variant.price.push(price(shop, random));
    }
  }
  shop.liveProducts = spec.products;
  for (let c = 0; c < spec.customers; c++) {
    const random = randomFor(shop, 'customer', c);
    const created = wholeSecond(start - random() * 180 * DAY_MS);
    shop.customer.created.push(created);
    shop.customer.updated.push(created);
    shop.customer.orders.push(0);
    shop.customer.spent.push(0);
  }
  for (let i = 0; i < spec.orders; i++) {
    const random = randomFor(shop, 'order', i);
    const created = wholeSecond(start + ((i + random()) * span) / spec.orders);
    appendOrder(shop, random, created, anchorMs);
  }
  return shop;
}

/** `count` new orders created now (a second apart, the last at `nowMs`); their indexes. */
export function addOrders(shop: ShopData, count: number, nowMs: number): number[] {
  const added: number[] = [];
  for (let k = 0; k < count; k++) {
    const index = shop.countOf('Order');
    const created = wholeSecond(nowMs) - (count - 1 - k) * 1000;
    added.push(appendOrder(shop, randomFor(shop, 'order', index), created, created));
  }
  shop.invalidate('Order');
  shop.invalidate('Customer');
  return added;
}

/** Writes one order created at `createdMs`, last updated by `latestMs` at the latest; its index. */
function appendOrder(shop: ShopData, random: () => number, createdMs: number, latestMs: number): number {
  const liveProducts = shop.liveProducts;
  const deleted = shop.product.created.length - liveProducts;
  const lineCount = liveProducts > 0 ? intBetween(random, 1, 5) : 0;
  let linesTotal = 0;
  const lineStart = shop.line.product.length;
  for (let l = 0; l < lineCount; l++) {
    const gone = deleted > 0 && random() < 1 / 12;
    const product = gone ? liveProducts + intBetween(random, 0, deleted - 1) : intBetween(random, 0, liveProducts - 1);
    const [first, end] = gone ? [-1, 0] : shop.productVariants(product);
    const variant = gone ? -1 : intBetween(random, first, end - 1);
    const unit = gone ? price(shop, random) : shop.variant.price.get(variant);
    const quantity = intBetween(random, 1, 3);
    shop.line.product.push(product);
    shop.line.variant.push(variant);
    shop.line.quantity.push(quantity);
    shop.line.unitPrice.push(unit);
    linesTotal += unit * quantity;
  }
  const discount = random() < 0.3 ? Math.round(linesTotal * 0.1) : 0;
  const subtotal = linesTotal - discount;
  const shipping = random() < 0.7 ? (SHIPPING[shop.exponent] ?? 499) : 0;
  const tax = Math.round(subtotal * (shop.exponent === 0 ? 0.1 : 0.08));
  const roll = random();
  const status = STATUS_ODDS.find(([, odds]) => roll < odds)?.[0] ?? 'PAID';
  const customerCount = shop.customer.created.length;
  const customer = customerCount > 0 ? intBetween(random, 0, customerCount - 1) : -1;
  // Paid orders change for a few days (fulfilment, refunds); never past the anchor.
  const updated = status === 'PENDING' ? createdMs : wholeSecond(Math.min(latestMs, createdMs + random() * 5 * DAY_MS));
  const o = shop.order;
  o.created.push(createdMs);
  o.updated.push(Math.max(createdMs, updated));
  o.status.push(FINANCIAL_STATUSES.indexOf(status));
  o.customer.push(customer);
  o.subtotal.push(subtotal);
  o.shipping.push(shipping);
  o.tax.push(tax);
  o.discount.push(discount);
  const index = o.lineStart.push(lineStart);
  shop.chargeCustomer(customer, index);
  return index;
}

/** A new financial status, `updatedAt` moved to `nowMs`; the customer's amountSpent follows. */
export function updateOrderStatus(shop: ShopData, index: number, status: FinancialStatus, nowMs: number): void {
  if (!FINANCIAL_STATUSES.includes(status)) throw new Error(`unknown financial status ${status}`);
  const customer = shop.order.customer.get(index);
  const spentBefore = shop.orderTotal(index) * Number(countsAsSpent(shop.orderStatus(index)));
  shop.order.status.set(index, FINANCIAL_STATUSES.indexOf(status));
  shop.order.updated.set(index, Math.max(shop.order.updated.get(index), wholeSecond(nowMs)));
  if (customer >= 0) {
    const spentAfter = shop.orderTotal(index) * Number(countsAsSpent(shop.orderStatus(index)));
    shop.customer.spent.set(customer, shop.customer.spent.get(customer) - spentBefore + spentAfter);
    shop.customer.updated.set(customer, Math.max(shop.customer.updated.get(customer), wholeSecond(nowMs)));
    shop.invalidate('Customer');
  }
  shop.invalidate('Order');
}

