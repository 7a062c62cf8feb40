import { describe, expect, it } from '@jest/globals';
import { newOrders, shopOrders, type OrderContext } from '../../../../dev/simulators/printify/synthetic-orders.js';
import { shopProducts } from '../../../../dev/simulators/printify/synthetic-products.js';
import type { PrintifyOrder } from '../../../../dev/simulators/printify/types.js';

const ANCHOR = Date.parse('2026-03-01T12:00:00Z');
const SHOP = { seed: 1, shopId: 1234567, userId: 654321, salesChannel: 'etsy' };
const PRODUCTS = shopProducts(SHOP, 30, ANCHOR, 120);
const CONTEXT: OrderContext = { shop: SHOP, products: PRODUCTS };
const ORDERS = shopOrders(CONTEXT, 600, ANCHOR, 120);
const msOf = (time: string): number => Date.parse(time.replace(' ', 'T'));

describe('shopOrders', () => {
  it('is the same for the same seed and inputs, and different for another seed', () => {
    expect(shopOrders(CONTEXT, 600, ANCHOR, 120)).toEqual(ORDERS);
    const other = shopOrders({ ...CONTEXT, shop: { ...SHOP, seed: 2 } }, 600, ANCHOR, 120);
    expect(other.map((o) => o.id)).not.toEqual(ORDERS.map((o) => o.id));
  });

  it('lists orders newest first with unique 24-hex ids, all created in the window', () => {
    const created = ORDERS.map((o) => o.created_at);
    expect(created).toEqual([...created].sort().reverse());
    expect(new Set(ORDERS.map((o) => o.id)).size).toBe(600);
    for (const order of ORDERS) {
      expect(order.id).toMatch(/^[0-9a-f]{24}$/);
      expect(msOf(order.created_at)).toBeGreaterThanOrEqual(ANCHOR - 120 * 86_400_000);
      expect(msOf(order.created_at)).toBeLessThan(ANCHOR);
    }
  });

  it("prices lines as the docs' example does: cost for the whole quantity, retail price per unit, total_price their retail sum", () => {
    const variants = new Map(PRODUCTS.flatMap((p) => p.variants.map((v) => [`${p.id}:${v.id}`, v] as const)));
    for (const order of ORDERS) {
      for (const line of order.line_items) {
        const variant = variants.get(`${line.product_id}:${line.variant_id}`)!;
        expect(variant.is_enabled).toBe(true);
        expect(line.cost).toBe(variant.cost * line.quantity);
        expect(line.metadata.price).toBe(variant.price);
        expect(line.metadata.sku).toBe(variant.sku);
      }
      expect(order.total_price).toBe(order.line_items.reduce((sum, line) => sum + line.metadata.price * line.quantity, 0));
      expect(order.total_shipping).toBe(order.line_items.reduce((sum, line) => sum + line.shipping_cost, 0));
      expect(order.total_price).toBeGreaterThan(order.line_items.reduce((sum, line) => sum + line.cost, 0)); // retail, above cost
      for (const money of [order.total_price, order.total_shipping, order.total_tax]) expect(Number.isInteger(money)).toBe(true);
    }
    const merchantPays = (o: PrintifyOrder) => o.line_items.reduce((sum, line) => sum + line.cost, 0) + o.total_shipping + o.total_tax;
    expect(ORDERS.filter((o) => o.total_price === merchantPays(o)).length).toBeLessThan(30); // equal only by chance
    expect(ORDERS.some((o) => o.total_tax > 0) && ORDERS.some((o) => o.total_tax === 0)).toBe(true);
    expect(ORDERS.some((o) => o.line_items.length > 1 && o.line_items.some((l) => l.quantity > 1))).toBe(true);
  });

  it('takes lines only from products created before the order', () => {
    const created = new Map(PRODUCTS.map((p) => [p.id, p.created_at]));
    for (const order of ORDERS) for (const line of order.line_items) expect(created.get(line.product_id)! <= order.created_at).toBe(true);
  });

  it('fills times only as far as the status goes, in order, never after the anchor', () => {
    const anchor = new Date(ANCHOR).toISOString().replace('T', ' ').slice(0, 19) + '+00:00';
    for (const order of ORDERS) {
      const sent = ['in-production', 'has-issues', 'partially-fulfilled', 'fulfilled'].includes(order.status);
      expect(order.sent_to_production_at !== null).toBe(sent);
      expect(order.fulfilled_at !== null).toBe(order.status === 'fulfilled');
      expect(order.shipments.length > 0).toBe(['partially-fulfilled', 'fulfilled'].includes(order.status));
      const times = [order.created_at, order.sent_to_production_at, order.fulfilled_at, ...order.shipments.map((s) => s.delivered_at)].filter((t) => t !== null);
      expect(times).toEqual([...times].sort());
      expect(times.every((time) => time <= anchor)).toBe(true);
      for (const line of order.line_items) expect(line.sent_to_production_at).toBe(order.sent_to_production_at);
    }
    const statuses = new Set(ORDERS.map((o) => o.status));
    for (const status of ['fulfilled', 'canceled', 'in-production']) expect(statuses).toContain(status);
    expect(ORDERS.some((o) => o.status === 'fulfilled' && o.shipments[0]?.delivered_at === null)).toBe(true);
    expect(ORDERS.some((o) => o.shipments[0]?.delivered_at)).toBe(true);
  });

  it('links to the given sales orders in turn, with duplicates, cancels and both JSON forms of the id', () => {
    const sales = Array.from({ length: 500 }, (_, i) => String(3_100_000_000 + i));
    const linked = shopOrders(CONTEXT, 600, ANCHOR, 120, sales);
    const refs = linked.map((o) => o.metadata.shop_order_id);
    const known = linked.filter((o) => sales.includes(String(o.metadata.shop_order_id)));
    expect(known.length).toBeGreaterThan(450);
    expect(refs.some((r) => typeof r === 'number') && refs.some((r) => typeof r === 'string')).toBe(true);
    const bySale = Map.groupBy(known, (o) => String(o.metadata.shop_order_id));
    const twice = [...bySale.values()].filter((group) => group.length === 2);
    expect(twice.length).toBeGreaterThan(5);
    expect(twice.some((group) => group.some((o: PrintifyOrder) => o.status === 'canceled' && o.sent_to_production_at === null))).toBe(true);
    expect(linked.some((o) => o.metadata.order_type === 'manual' && !('shop_order_id' in o.metadata))).toBe(true);
  });
});

describe('newOrders', () => {
  it('creates pending orders a second apart ending now, linked to the given sales orders in turn', () => {
    const now = ANCHOR + 3_600_500;
    const added = newOrders(CONTEXT, 600, 3, now, ['111', '222']);
    expect(added.map((o) => o.status)).toEqual(['pending', 'pending', 'pending']);
    expect(added.map((o) => o.created_at)).toEqual(['2026-03-01 12:59:58+00:00', '2026-03-01 12:59:59+00:00', '2026-03-01 13:00:00+00:00']);
    expect(added.map((o) => String(o.metadata.shop_order_id))).toEqual(['111', '222', '111']);
    expect(added.every((o) => o.sent_to_production_at === null && o.shipments.length === 0)).toBe(true);
    expect(new Set([...added, ...ORDERS].map((o) => o.id)).size).toBe(603);
  });
});
