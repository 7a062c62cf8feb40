/**
 * One shop's records as integers in columns (column.ts): orders with their lines, products with
 * their variants, customers. Text (titles, names, SKUs) is derived from the seed when asked for,
 * so 200,000 orders take a few tens of MB. Entity `i` has id `base + i + 1`, so ids grow with `i`.
 * Indexes are 0-based positions; ids are what the API serves (the number at the end of a GID).
 */
import { currencyExponent } from '../../../lib/commerce/money.js';
import { mulberry32, pick, seedOf } from '../_shared/seeded-random.js';
import { Column } from './column.js';
import { wholeSecond } from './shop-time.js';
import type { CustomerChanges, FinancialStatus, ProductChanges, ProductStatus } from './types.js';
import { FINANCIAL_STATUSES, PRODUCT_STATUSES } from './types.js';

export type EntityKind = 'Order' | 'LineItem' | 'Product' | 'ProductVariant' | 'Customer';

/** Id bases per kind; a shop's `number` (1, 2, …) spaces shops apart so ids never repeat across shops. */
const ID_BASE: Record<EntityKind, { base: number; perShop: number }> = {
  Order: { base: 5_000_000_000_000, perShop: 100_000_000 },
  LineItem: { base: 13_000_000_000_000, perShop: 1_000_000_000 },
  Product: { base: 8_000_000_000_000, perShop: 10_000_000 },
  ProductVariant: { base: 44_000_000_000_000, perShop: 100_000_000 },
  Customer: { base: 7_000_000_000_000, perShop: 100_000_000 },
};

export interface ShopIdentity {
  /** `{name}.myshopify.com` */
  domain: string;
  name: string;
  title: string;
  currency: string;
  timezone: string;
  /** 1-based position among the simulator's shops. */
  number: number;
  seed: number;
}

/** A time-stamped entity table, as connections page it. */
export interface EntityTable {
  readonly kind: EntityKind;
  count(): number;
  id(index: number): number;
  createdMs(index: number): number;
  updatedMs(index: number): number;
}

const ADJECTIVES = ['Classic', 'Linen', 'Woven', 'Copper', 'Cedar', 'Indigo', 'Quiet', 'Bright', 'Salt', 'Amber', 'Stone', 'Maple'];
const NOUNS = ['Mug', 'Tote', 'Candle', 'Scarf', 'Notebook', 'Bowl', 'Print', 'Apron', 'Lamp', 'Blanket', 'Planter', 'Journal'];
const VENDORS = ['Northwind Goods', 'Harbor & Pine', 'Studio Kiln', 'Loom House', 'Sim Supply Co'];
const FIRST_NAMES = ['Ava', 'Liam', 'Mia', 'Noah', 'Zoe', 'Ethan', 'Yuki', 'Omar', 'Sara', 'Kenji', 'Fatima', 'Lucas'];
const LAST_NAMES = ['Smith', 'Garcia', 'Chen', 'Okafor', 'Novak', 'Rossi', 'Tanaka', 'Al-Sabah', 'Patel', 'Larsen', 'Moreau', 'Kim'];

export class ShopData {
  readonly identity: ShopIdentity;
  readonly exponent: number;
  /** Products at indexes ≥ this were deleted: only old line items still name them. */
  liveProducts = 0;

  readonly order = {
    created: new Column(),
    updated: new Column(),
    status: new Column(),
    customer: new Column(),
    subtotal: new Column(),
    shipping: new Column(),
    tax: new Column(),
    discount: new Column(),
    /** Index of the order's first line; its lines run to the next order's first. */
    lineStart: new Column(),
  };
  readonly line = { product: new Column(), variant: new Column(), quantity: new Column(), unitPrice: new Column() };
  readonly product = { created: new Column(), updated: new Column(), status: new Column(), variantStart: new Column() };
  readonly variant = { product: new Column(), price: new Column() };
  readonly customer = { created: new Column(), updated: new Column(), orders: new Column(), spent: new Column() };

  private readonly productEdits = new Map<number, ProductChanges>();
  private readonly customerEdits = new Map<number, CustomerChanges>();
  /** Products and customers deleted at the shop: gone from every list, count, lookup and the truth (old order lines keep their ids). */
  private readonly removed = { Product: new Set<number>(), Customer: new Set<number>() };
  private readonly sorted = new Map<string, Int32Array>();

  constructor(identity: ShopIdentity) {
    this.identity = identity;
    this.exponent = currencyExponent(identity.currency);
  }

  // ---- ids ----

  idOf(kind: EntityKind, index: number): number {
    const { base, perShop } = ID_BASE[kind];
    return base + this.identity.number * perShop + index + 1;
  }

  /** The index of `id` among this shop's `kind`, or -1 when it is not one of them. */
  indexOf(kind: EntityKind, id: number): number {
    const index = id - this.idOf(kind, 0);
    return Number.isSafeInteger(index) && index >= 0 && index < this.countOf(kind) ? index : -1;
  }

  countOf(kind: EntityKind): number {
    if (kind === 'Order') return this.order.created.length;
    if (kind === 'LineItem') return this.line.product.length;
    if (kind === 'Product') return this.liveProducts;
    if (kind === 'ProductVariant') return this.variant.product.length;
    return this.customer.created.length;
  }

  // ---- orders ----

  orderStatus(index: number): FinancialStatus {
    return FINANCIAL_STATUSES[this.order.status.get(index)]!;
  }

  orderTotal(index: number): number {
    return this.order.subtotal.get(index) + this.order.shipping.get(index) + this.order.tax.get(index);
  }

  /** [first, end) line indexes of the order. */
  orderLines(index: number): [number, number] {
    const start = this.order.lineStart.get(index);
    const end = index + 1 < this.order.lineStart.length ? this.order.lineStart.get(index + 1) : this.line.product.length;
    return [start, end];
  }

  /** The order of a line (binary search over the orders' first lines). */
  lineOrder(line: number): number {
    let [low, high] = [0, this.order.lineStart.length - 1];
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.order.lineStart.get(middle) <= line) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** Whether a line's product was deleted (its product and variant are then null). */
  lineProductDeleted(line: number): boolean {
    return this.line.product.get(line) >= this.liveProducts;
  }

  /** A line keeps the title it was sold with (Shopify's LineItem.title), whatever the product is called now. */
  lineTitle(line: number): string {
    return this.soldTitle(this.line.product.get(line));
  }

  lineSku(line: number): string | null {
    const product = this.line.product.get(line);
    const variant = this.line.variant.get(line);
    if (variant >= 0) return this.variantSku(variant);
    // Deleted products' lines keep the SKU they were sold with, when they had one.
    return product % 2 === 0 ? `OLD-${this.identity.name.toUpperCase()}-${product + 1}` : null;
  }

  // ---- products ----

  productTitle(index: number): string {
    return this.productEdits.get(index)?.title ?? this.soldTitle(index);
  }

  /** The product's title as generated: what its order lines were sold with. */
  private soldTitle(index: number): string {
    const random = mulberry32(seedOf(this.identity.seed, this.identity.name, 'product-text', index));
    return `${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} ${index + 1}`;
  }

  productVendor(index: number): string {
    return this.productEdits.get(index)?.vendor ?? pick(mulberry32(seedOf(this.identity.seed, this.identity.name, 'vendor', index)), VENDORS);
  }

  productStatus(index: number): ProductStatus {
    return this.productEdits.get(index)?.status ?? PRODUCT_STATUSES[this.product.status.get(index)]!;
  }

  /** [first, end) variant indexes of a live product. */
  productVariants(index: number): [number, number] {
    const start = this.product.variantStart.get(index);
    const end = index + 1 < this.product.variantStart.length ? this.product.variantStart.get(index + 1) : this.variant.product.length;
    return [start, end];
  }

  variantSku(variant: number): string {
    const product = this.variant.product.get(variant);
    return `${this.identity.name.toUpperCase()}-P${product + 1}-V${variant - this.product.variantStart.get(product) + 1}`;
  }

  /** `changes` applied, `updatedAt` moved to `nowMs`. */
  updateProduct(index: number, changes: ProductChanges, nowMs: number): void {
    if (changes.status !== undefined && !PRODUCT_STATUSES.includes(changes.status)) throw new Error(`unknown product status ${changes.status}`);
    this.productEdits.set(index, { ...this.productEdits.get(index), ...changes });
    this.product.updated.set(index, wholeSecond(nowMs));
    this.invalidate('Product');
  }

  // ---- customers ----

  customerName(index: number): { firstName: string; lastName: string } {
    const random = mulberry32(seedOf(this.identity.seed, this.identity.name, 'customer-text', index));
    const [first, last] = [pick(random, FIRST_NAMES), pick(random, LAST_NAMES)];
    const edits = this.customerEdits.get(index);
    return { firstName: edits?.firstName ?? first, lastName: edits?.lastName ?? last };
  }

  /** Null for one customer in 20 (no default address), or as edited. */
  customerEmail(index: number): string | null {
    const edits = this.customerEdits.get(index);
    if (edits && edits.email !== undefined) return edits.email;
    if (index % 20 === 7) return null;
    const { firstName, lastName } = this.customerName(index);
    return `${firstName}.${lastName}.${index + 1}@example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
  }

  updateCustomer(index: number, changes: CustomerChanges, nowMs: number): void {
    // Names are derived before edits apply, so the edit must not reuse them.
    this.customerEdits.set(index, { ...this.customerEdits.get(index), ...changes });
    this.customer.updated.set(index, wholeSecond(nowMs));
    this.invalidate('Customer');
  }

  /** Counts an order on its customer (numberOfOrders, amountSpent) and moves the customer's updatedAt. */
  chargeCustomer(customer: number, order: number): void {
    if (customer < 0) return;
    const c = this.customer;
    c.orders.set(customer, c.orders.get(customer) + 1);
    if (countsAsSpent(this.orderStatus(order))) c.spent.set(customer, c.spent.get(customer) + this.orderTotal(order));
    c.updated.set(customer, Math.max(c.updated.get(customer), this.order.created.get(order)));
  }

  // ---- sorting ----

  table(kind: 'Order' | 'Product' | 'Customer'): EntityTable {
    const columns = kind === 'Order' ? this.order : kind === 'Product' ? this.product : this.customer;
    return {
      kind,
      count: () => this.countOf(kind),
      id: (index) => this.idOf(kind, index),
      createdMs: (index) => columns.created.get(index),
      updatedMs: (index) => columns.updated.get(index),
    };
  }

  /** Indexes of `kind` ascending by (`key`, id), cached until the entity's data changes. */
  sortedBy(kind: 'Order' | 'Product' | 'Customer', key: 'id' | 'created' | 'updated'): Int32Array {
    const cacheKey = `${kind}:${key}`;
    const cached = this.sorted.get(cacheKey);
    if (cached) return cached;
    const table = this.table(kind);
    const indexes = Int32Array.from({ length: table.count() }, (_, i) => i);
    // Ids grow with the index, so the index breaks ties as the id would.
    if (key !== 'id') {
      const value = key === 'created' ? table.createdMs : table.updatedMs;
      const values = Float64Array.from(indexes, (i) => value(i));
      indexes.sort((a, b) => values[a]! - values[b]! || a - b);
    }
    this.sorted.set(cacheKey, indexes);
    return indexes;
  }

  isRemoved(kind: 'Order' | 'Product' | 'Customer', index: number): boolean {
    return kind !== 'Order' && this.removed[kind].has(index);
  }

  /** Deletes a product (with its variants) or a customer, as the merchant does in the admin. */
  remove(kind: 'Product' | 'Customer', index: number): void {
    this.removed[kind].add(index);
    this.invalidate(kind);
  }

  invalidate(kind: 'Order' | 'Product' | 'Customer'): void {
    for (const key of this.sorted.keys()) if (key.startsWith(`${kind}:`)) this.sorted.delete(key);
  }
}

/** What amountSpent adds up: orders whose money was taken and not all given back. */
export const countsAsSpent = (status: FinancialStatus): boolean => !['VOIDED', 'EXPIRED', 'REFUNDED', 'PENDING'].includes(status);
