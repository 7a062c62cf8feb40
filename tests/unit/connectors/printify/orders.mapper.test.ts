import { describe, expect, it } from '@jest/globals';
import { mapOrder } from '../../../../lib/connectors/printify/orders.mapper.js';
import { orderSchema, type PrintifyOrder } from '../../../../lib/connectors/printify/printify.schemas.js';
import { PermanentError } from '../../../../lib/errors.js';
import { fixture } from './fixtures.js';

const documented = (): PrintifyOrder => orderSchema.parse(fixture('orders-page.json').data[0]);

describe('mapOrder', () => {
  it('maps the documented order to what the merchant pays Printify, not the retail total_price', () => {
    const { order, lineItems } = mapOrder(documented());
    // total_price is 2200 (the retail price); the merchant pays the line cost 1050 + shipping 400 + tax 0.
    expect(order).toEqual({
      platformId: '5a96f649b2439217d070f507',
      status: 'fulfilled',
      currency: 'USD',
      totalMinor: 1450,
      subtotalMinor: 1050,
      shippingMinor: 400,
      taxMinor: 0,
      discountMinor: 0,
      placedAt: new Date('2017-04-18T13:24:28.000Z'),
      platformUpdatedAt: new Date('2017-04-18T13:24:28.000Z'),
      externalOrderRef: '1370762297',
    });
    expect(lineItems).toEqual([
      {
        platformId: '5a96f649b2439217d070f507:0',
        orderPlatformId: '5a96f649b2439217d070f507',
        productPlatformId: '5b05842f3921c9547531758d',
        variantPlatformId: '5b05842f3921c9547531758d:17887',
        sku: '168699843',
        title: '18K gold plated Necklace',
        quantity: 1,
        unitPriceMinor: 2200,
        currency: 'USD',
        costMinor: 1050,
      },
    ]);
  });

  it('sums every line cost (each for its whole quantity) with shipping and tax; lines keyed by position', () => {
    const raw = documented();
    const second = { ...raw.line_items[0]!, variant_id: 17888, quantity: 3, cost: 3150 };
    const { order, lineItems } = mapOrder({ ...raw, line_items: [raw.line_items[0]!, second], total_shipping: 650, total_tax: 123 });
    expect([order.subtotalMinor, order.shippingMinor, order.taxMinor, order.totalMinor]).toEqual([4200, 650, 123, 4973]);
    expect(lineItems.map((line) => [line.platformId, line.variantPlatformId, line.costMinor])).toEqual([
      ['5a96f649b2439217d070f507:0', '5b05842f3921c9547531758d:17887', 1050],
      ['5a96f649b2439217d070f507:1', '5b05842f3921c9547531758d:17888', 3150],
    ]);
  });

  it('takes platform_updated_at from the newest of created, sent to production, fulfilled and shipments, in UTC', () => {
    const raw: PrintifyOrder = {
      ...documented(),
      created_at: '2026-03-01 10:00:00+00:00',
      sent_to_production_at: '2026-03-02 09:00:00+00:00',
      fulfilled_at: null,
      shipments: [{ delivered_at: '2026-03-09 23:30:00-02:00' }, { shipped_at: '2026-03-05 08:00:00+00:00' }],
    };
    const { order } = mapOrder(raw);
    expect(order.placedAt.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(order.platformUpdatedAt.toISOString()).toBe('2026-03-10T01:30:00.000Z');
  });

  it('reads shop_order_id sent as a string the same as a number; none is NULL', () => {
    const raw = documented();
    expect(mapOrder({ ...raw, metadata: { shop_order_id: '1370762297' } }).order.externalOrderRef).toBe('1370762297');
    expect(mapOrder({ ...raw, metadata: { shop_order_id: 1370762297 } }).order.externalOrderRef).toBe('1370762297');
    expect(mapOrder({ ...raw, metadata: null }).order.externalOrderRef).toBeNull();
    expect(mapOrder({ ...raw, metadata: { shop_order_id: ' ' } }).order.externalOrderRef).toBeNull();
  });

  it('refuses a shop_order_id that lost digits as a JSON number, naming the order', () => {
    expect(() => mapOrder({ ...documented(), metadata: { shop_order_id: 2 ** 53 + 2 } })).toThrow(/printify order 5a96f649b2439217d070f507 metadata.shop_order_id/);
  });

  it('refuses a time it cannot read, naming the order and field', () => {
    expect(() => mapOrder({ ...documented(), fulfilled_at: 'yesterday' })).toThrow(new PermanentError('printify order 5a96f649b2439217d070f507 fulfilled_at: "yesterday" is not a Printify time (YYYY-MM-DD HH:MM:SS+00:00)'));
  });

  it('the schema refuses fractional cents rather than rounding them', () => {
    const raw = fixture('orders-page.json').data[0];
    expect(orderSchema.safeParse({ ...raw, total_shipping: 400.5 }).success).toBe(false);
    expect(orderSchema.safeParse({ ...raw, line_items: [{ ...raw.line_items[0], cost: 10.5 }] }).success).toBe(false);
  });
});
