import { describe, expect, it } from '@jest/globals';
import { mulberry32 } from '../../../../dev/simulators/_shared/seeded-random.js';
import { applyStatus, lifecycleSteps, markDelivered, newShipment } from '../../../../dev/simulators/printify/order-lifecycle.js';
import { newOrders } from '../../../../dev/simulators/printify/synthetic-orders.js';
import { shopProducts } from '../../../../dev/simulators/printify/synthetic-products.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const SHOP = { seed: 1, shopId: 1, userId: 1, salesChannel: 'etsy' };
const pending = () => newOrders({ shop: SHOP, products: shopProducts(SHOP, 5, T0, 30) }, 0, 1, T0)[0]!;
const shipment = () => newShipment(mulberry32(1));

describe('applyStatus', () => {
  it('sets the production and fulfilment times and a shipment as the status implies, never moving one already set', () => {
    const order = pending();
    applyStatus(order, 'on-hold', T0 + 1000, shipment);
    expect([order.status, order.sent_to_production_at, order.shipments.length]).toEqual(['on-hold', null, 0]);
    applyStatus(order, 'in-production', T0 + 60_000, shipment);
    expect(order.sent_to_production_at).toBe('2026-03-01 12:01:00+00:00');
    applyStatus(order, 'fulfilled', T0 + 120_000, shipment);
    expect([order.sent_to_production_at, order.fulfilled_at]).toEqual(['2026-03-01 12:01:00+00:00', '2026-03-01 12:02:00+00:00']);
    expect(order.shipments).toHaveLength(1);
    expect(order.metadata.shop_fulfilled_at).toBe(order.fulfilled_at);
    expect(order.line_items.every((l) => l.status === 'fulfilled' && l.fulfilled_at === order.fulfilled_at)).toBe(true);
    applyStatus(order, 'fulfilled', T0 + 999_000, shipment);
    expect(order.fulfilled_at).toBe('2026-03-01 12:02:00+00:00');
    expect(order.shipments).toHaveLength(1);
  });

  it('ships only the first line of a partially fulfilled order, and cancels every line', () => {
    const order = pending();
    order.line_items.push({ ...order.line_items[0]!, metadata: { ...order.line_items[0]!.metadata } });
    applyStatus(order, 'partially-fulfilled', T0, shipment);
    expect(order.line_items.map((l) => l.status)).toEqual(['fulfilled', 'in-production']);
    expect(order.fulfilled_at).toBeNull();
    expect(order.shipments).toHaveLength(1);
    applyStatus(order, 'canceled', T0, shipment);
    expect(order.line_items.map((l) => l.status)).toEqual(['canceled', 'canceled']);
  });
});

describe('markDelivered', () => {
  it('delivers the undelivered shipments only', () => {
    const order = pending();
    order.shipments.push(shipment(), { ...shipment(), delivered_at: '2026-01-01 00:00:00+00:00' });
    markDelivered(order, T0);
    expect(order.shipments.map((s) => s.delivered_at)).toEqual(['2026-03-01 12:00:00+00:00', '2026-01-01 00:00:00+00:00']);
  });
});

describe('newShipment', () => {
  it("has a carrier, a tracking number and that carrier's tracking link", () => {
    const random = mulberry32(9);
    for (let i = 0; i < 40; i++) {
      const { carrier, number, url, delivered_at } = newShipment(random);
      expect(['usps', 'ups', 'fedex', 'dhl']).toContain(carrier);
      expect(url).toContain(number);
      expect(delivered_at).toBeNull();
    }
  });
});

describe('lifecycleSteps', () => {
  it('never puts a step or a delivery before creation or after now, and keeps steps in time order', () => {
    for (let seed = 0; seed < 2000; seed++) {
      const created = T0 - (seed % 40) * 86_400_000 - seed * 1000;
      const { steps, deliveredMs } = lifecycleSteps(mulberry32(seed), created, T0, 1 + (seed % 3));
      const times = [...steps.map((s) => s.atMs), ...(deliveredMs === null ? [] : [deliveredMs])];
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.every((t) => t >= created - 1000 && t <= T0)).toBe(true);
      if (deliveredMs !== null) expect(steps.at(-1)?.status).toBe('fulfilled');
    }
  });

  it('leaves young orders waiting and old ones fulfilled, mostly', () => {
    const young = Array.from({ length: 300 }, (_, s) => lifecycleSteps(mulberry32(s), T0 - 3_600_000, T0, 1).steps.at(-1)!.status);
    expect(young.filter((s) => ['pending', 'on-hold', 'payment-not-received', 'sending-to-production'].includes(s)).length).toBeGreaterThan(250);
    const old = Array.from({ length: 300 }, (_, s) => lifecycleSteps(mulberry32(s), T0 - 60 * 86_400_000, T0, 1).steps.at(-1)!.status);
    expect(old.filter((s) => s === 'fulfilled').length).toBeGreaterThan(270);
    expect(old).not.toContain('has-issues');
  });
});
