/**
 * The rows Sluice must end up with for a shop, in DESIGN.md's table terms, computed from the
 * shop's integers (never by parsing what it serves): order ← Order (total ← totalPriceSet,
 * subtotal ← subtotalPriceSet, shipping ← totalShippingPriceSet, tax ← totalTaxSet, discount ←
 * totalDiscountsSet, status ← displayFinancialStatus), line_items ← lineItems, products and
 * product_variants (all statuses), customers. Ids are the numbers at the end of the GIDs.
 * Without `allOrders`, orders older than 60 days (and their lines) are left out, as a token
 * without `read_all_orders` never sees them.
 */
import { ALL_ORDERS_WINDOW_MS } from './resolvers.js';
import type { ShopData } from './shop-data.js';
import type { ShopifyTruth, TruthCustomer, TruthLineItem, TruthOrder, TruthProduct, TruthVariant } from './types.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export interface TruthOptions {
  /** Include orders older than 60 days (a token with read_all_orders). Default true. */
  allOrders?: boolean;
}

export function shopTruth(shop: ShopData, nowMs: number, options: TruthOptions = {}): ShopifyTruth {
  const currency = shop.identity.currency;
  const since = options.allOrders === false ? nowMs - ALL_ORDERS_WINDOW_MS : -Infinity;
  const orders: TruthOrder[] = [];
  const lineItems: TruthLineItem[] = [];
  const o = shop.order;
  for (let i = 0; i < shop.countOf('Order'); i++) {
    if (o.created.get(i) < since) continue;
    const orderId = String(shop.idOf('Order', i));
    orders.push({
      platform_id: orderId,
      status: shop.orderStatus(i),
      currency,
      total_minor: shop.orderTotal(i),
      subtotal_minor: o.subtotal.get(i),
      shipping_minor: o.shipping.get(i),
      tax_minor: o.tax.get(i),
      discount_minor: o.discount.get(i),
      placed_at: iso(o.created.get(i)),
      platform_updated_at: iso(o.updated.get(i)),
    });
    const [first, end] = shop.orderLines(i);
    for (let line = first; line < end; line++) {
      const deleted = shop.lineProductDeleted(line);
      lineItems.push({
        platform_id: String(shop.idOf('LineItem', line)),
        order_platform_id: orderId,
        product_platform_id: deleted ? null : String(shop.idOf('Product', shop.line.product.get(line))),
        variant_platform_id: deleted ? null : String(shop.idOf('ProductVariant', shop.line.variant.get(line))),
        sku: shop.lineSku(line),
        title: shop.lineTitle(line),
        quantity: shop.line.quantity.get(line),
        unit_price_minor: shop.line.unitPrice.get(line),
        currency,
      });
    }
  }
  const products: TruthProduct[] = [];
  const variants: TruthVariant[] = [];
  for (let p = 0; p < shop.countOf('Product'); p++) {
    if (shop.isRemoved('Product', p)) continue;
    const productId = String(shop.idOf('Product', p));
    products.push({ platform_id: productId, title: shop.productTitle(p), status: shop.productStatus(p), vendor: shop.productVendor(p), platform_updated_at: iso(shop.product.updated.get(p)) });
    const [first, end] = shop.productVariants(p);
    for (let v = first; v < end; v++) {
      variants.push({ platform_id: String(shop.idOf('ProductVariant', v)), product_platform_id: productId, sku: shop.variantSku(v), price_minor: shop.variant.price.get(v), currency });
    }
  }
  const customers: TruthCustomer[] = [];
  for (let c = 0; c < shop.countOf('Customer'); c++) {
    if (shop.isRemoved('Customer', c)) continue;
    const { firstName, lastName } = shop.customerName(c);
    customers.push({
      platform_id: String(shop.idOf('Customer', c)),
      email: shop.customerEmail(c),
      first_name: firstName,
      last_name: lastName,
      orders_count: shop.customer.orders.get(c),
      amount_spent_minor: shop.customer.spent.get(c),
      currency,
      platform_updated_at: iso(shop.customer.updated.get(c)),
    });
  }
  return { orders, line_items: lineItems, products, product_variants: variants, customers };
}
