/**
 * The rows Sluice must store for what the simulator serves, by DESIGN.md's rules for Printify,
 * computed from the simulator's own integers: a test compares the database with these.
 * A Printify order is a fulfilment order: its total is what the merchant pays Printify
 * (Σ line cost + shipping + tax), never the retail `total_price`.
 */
import { isoFromPrintifyTime } from './printify-time.js';
import type { PrintifyOrder, PrintifyProduct, PrintifyTruth, TruthLineItem, TruthOrder, TruthProduct, TruthVariant } from './types.js';

export function orderTruth(order: PrintifyOrder): TruthOrder {
  const subtotal = order.line_items.reduce((sum, line) => sum + line.cost, 0);
  const times = [order.created_at, order.sent_to_production_at, order.fulfilled_at, ...order.shipments.map((shipment) => shipment.delivered_at)];
  // Printify times sort as text, so the newest is the greatest string.
  const newest = times.reduce<string>((max, time) => (time !== null && time > max ? time : max), order.created_at);
  const ref = order.metadata.shop_order_id;
  return {
    platform_id: order.id,
    status: order.status,
    currency: 'USD',
    total_minor: subtotal + order.total_shipping + order.total_tax,
    subtotal_minor: subtotal,
    shipping_minor: order.total_shipping,
    tax_minor: order.total_tax,
    discount_minor: 0,
    placed_at: isoFromPrintifyTime(order.created_at),
    platform_updated_at: isoFromPrintifyTime(newest),
    external_order_ref: ref === undefined ? null : String(ref),
  };
}

/** Line items have no id at Printify: `{order_id}:{position}`. */
export function lineItemsTruth(order: PrintifyOrder): TruthLineItem[] {
  return order.line_items.map((line, position) => ({
    platform_id: `${order.id}:${position}`,
    order_platform_id: order.id,
    product_platform_id: line.product_id,
    variant_platform_id: `${line.product_id}:${line.variant_id}`,
    sku: line.metadata.sku,
    title: line.metadata.title,
    quantity: line.quantity,
    unit_price_minor: line.metadata.price,
    currency: 'USD',
    cost_minor: line.cost,
  }));
}

export function productTruth(product: PrintifyProduct): TruthProduct {
  return {
    platform_id: product.id,
    title: product.title,
    status: null,
    vendor: null,
    print_provider_id: String(product.print_provider_id),
    platform_updated_at: isoFromPrintifyTime(product.updated_at),
  };
}

/** Variant ids are catalogue ids shared across products: keyed `{product_id}:{variant_id}`. */
export function variantsTruth(product: PrintifyProduct): TruthVariant[] {
  return product.variants.map((variant) => ({
    platform_id: `${product.id}:${variant.id}`,
    product_platform_id: product.id,
    sku: variant.sku,
    price_minor: variant.price,
    cost_minor: variant.cost,
    currency: 'USD',
    is_enabled: variant.is_enabled,
  }));
}

/** In the order the API lists them: newest first. */
export function shopTruth(orders: readonly PrintifyOrder[], products: readonly PrintifyProduct[]): PrintifyTruth {
  return {
    orders: orders.map(orderTruth),
    line_items: orders.flatMap(lineItemsTruth),
    products: products.map(productTruth),
    product_variants: products.flatMap(variantsTruth),
  };
}
