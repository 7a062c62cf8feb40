import { describe, expect, it } from '@jest/globals';
import { ShopData } from '../../../../dev/simulators/printify/shop-data.js';

const ANCHOR = Date.parse('2026-03-01T12:00:00Z');
const ENTRY = { id: 2345678, account: 'alice', userId: 123456, spec: { title: 'Shop', sales_channel: 'etsy', orders: 50, products: 8, historyDays: 30 } };
const fresh = () => new ShopData(ENTRY, 1, ANCHOR);

describe('ShopData', () => {
  it('keeps orders and products newest first, findable by id', () => {
    const data = fresh();
    expect(data.orders).toHaveLength(50);
    expect(data.products).toHaveLength(8);
    expect(data.orders.map((o) => o.created_at)).toEqual(data.orders.map((o) => o.created_at).sort().reverse());
    expect(data.products.map((p) => p.created_at)).toEqual(data.products.map((p) => p.created_at).sort().reverse());
    expect(data.order(data.orders[7]!.id)).toBe(data.orders[7]);
    expect(data.product(data.products[3]!.id)).toBe(data.products[3]);
    expect(data.order('nope')).toBeUndefined();
  });

  it('puts added orders at the top, and the truth follows', () => {
    const data = fresh();
    const added = data.addOrders(2, ANCHOR + 60_000, ['42']);
    expect(data.orders.slice(0, 2).map((o) => o.id)).toEqual([added[1]!.id, added[0]!.id]);
    expect(data.truth().orders.slice(0, 2).map((o) => o.external_order_ref)).toEqual(['42', '42']);
    added[0]!.status = 'canceled'; // a copy: the shop's order is untouched
    expect(data.order(added[0]!.id)?.status).toBe('pending');
  });

  it('moves an order on: times, shipment, delivery, and a new sales order link', () => {
    const data = fresh();
    const [order] = data.addOrders(1, ANCHOR, []);
    const id = order!.id;
    data.updateOrder(id, { status: 'in-production' }, ANCHOR + 3_600_000);
    const fulfilled = data.updateOrder(id, { status: 'fulfilled' }, ANCHOR + 7_200_000);
    expect([fulfilled.sent_to_production_at, fulfilled.fulfilled_at]).toEqual(['2026-03-01 13:00:00+00:00', '2026-03-01 14:00:00+00:00']);
    expect(fulfilled.shipments).toHaveLength(1);
    const delivered = data.updateOrder(id, { delivered: true, shop_order_id: '999' }, ANCHOR + 86_400_000);
    expect(delivered.shipments[0]!.delivered_at).toBe('2026-03-02 12:00:00+00:00');
    expect(delivered.metadata).toMatchObject({ order_type: 'external', shop_order_id: '999', shop_order_label: '999' });
    expect(data.truth().orders.find((o) => o.platform_id === id)).toMatchObject({ status: 'fulfilled', platform_updated_at: '2026-03-02T12:00:00.000Z', external_order_ref: '999' });
    expect(data.updateOrder(id, { shop_order_id: null }, ANCHOR).metadata).toEqual({ order_type: 'manual', shop_fulfilled_at: null });
  });

  it('refuses an unknown order, and delivering an order with no shipment', () => {
    const data = fresh();
    const [order] = data.addOrders(1, ANCHOR);
    expect(() => data.updateOrder('nope', { status: 'fulfilled' }, ANCHOR)).toThrow(/no order nope/);
    expect(() => data.updateOrder(order!.id, { delivered: true }, ANCHOR)).toThrow(/no shipment/);
  });
});
