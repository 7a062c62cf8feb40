import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { MoneyMappingError } from '../../../../lib/commerce/money.js';
import { mapLineItem, mapOrder } from '../../../../lib/connectors/shopify/orders.mapper.js';
import { PermanentError } from '../../../../lib/errors.js';
import { fixture } from './fixtures.js';

const bulkLines = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

describe('mapOrder', () => {
  it('maps a paginated query node (USD) with its lines: shop money in cents, GIDs to their numbers', () => {
    expect(mapOrder(fixture('order-usd.json'))).toEqual({
      order: {
        platformId: '5123456789012',
        status: 'PARTIALLY_REFUNDED',
        currency: 'USD',
        totalMinor: 5250,
        subtotalMinor: 4500,
        shippingMinor: 599,
        taxMinor: 151,
        discountMinor: 0,
        placedAt: new Date('2026-03-01T10:15:30.000Z'),
        platformUpdatedAt: new Date('2026-03-02T08:00:00.000Z'),
        externalOrderRef: null,
      },
      lineItems: [
        { platformId: '13000000001', orderPlatformId: '5123456789012', productPlatformId: '8000000001', variantPlatformId: '44000000001', sku: 'MUG-11', title: 'Mug 11oz', quantity: 2, unitPriceMinor: 1500, currency: 'USD', costMinor: null },
        { platformId: '13000000002', orderPlatformId: '5123456789012', productPlatformId: null, variantPlatformId: null, sku: null, title: 'Gift wrap', quantity: 1, unitPriceMinor: 1500, currency: 'USD', costMinor: null },
      ],
    });
  });

  it('maps a bulk line (JPY, no minor unit: "1500" and "1500.0" alike), whose lines come on their own with __parentId', () => {
    const [orderLine, itemLine] = bulkLines('order-bulk-jpy.jsonl');
    const { order, lineItems } = mapOrder(orderLine);
    expect(lineItems).toEqual([]);
    expect(order).toMatchObject({ platformId: '6000000000001', status: 'PAID', currency: 'JPY', totalMinor: 1500, subtotalMinor: 1500, shippingMinor: 0, taxMinor: 136, discountMinor: 0 });
    expect(mapLineItem(itemLine, '6000000000001')).toEqual({
      platformId: '14000000001',
      orderPlatformId: '6000000000001',
      productPlatformId: '8000000002',
      variantPlatformId: '44000000002',
      sku: 'TEA-JP',
      title: '抹茶 Matcha',
      quantity: 3,
      unitPriceMinor: 500,
      currency: 'JPY',
      costMinor: null,
    });
  });

  it('a three-decimal currency (KWD) in thousandths, and a negative amount kept negative', () => {
    const { order } = mapOrder(fixture('order-kwd-refunded.json'));
    expect(order).toMatchObject({ currency: 'KWD', totalMinor: 12345, subtotalMinor: 12000, shippingMinor: 500, taxMinor: -155, discountMinor: 0, status: 'REFUNDED' });
    expect(order.placedAt).toEqual(new Date('2026-05-01T09:00:00.123Z'));
  });

  it('refuses an amount finer than the currency’s minor unit, naming the order and field', () => {
    const raw = fixture('order-usd.json');
    raw.totalTaxSet.shopMoney.amount = '1.515';
    expect(() => mapOrder(raw)).toThrow(MoneyMappingError);
    expect(() => mapOrder(raw)).toThrow(/Order\/5123456789012 totalTaxSet/);
    const jpy = bulkLines('order-bulk-jpy.jsonl')[0];
    jpy.totalPriceSet.shopMoney.amount = '1500.5';
    expect(() => mapOrder(jpy)).toThrow(MoneyMappingError);
    const line = bulkLines('order-bulk-jpy.jsonl')[1];
    line.originalUnitPriceSet.shopMoney.amount = '499.99';
    expect(() => mapLineItem(line, '6000000000001')).toThrow(MoneyMappingError);
  });

  it('refuses shop money in a currency other than the order’s (never mixes currencies in one row)', () => {
    const raw = fixture('order-usd.json');
    raw.totalShippingPriceSet.shopMoney.currencyCode = 'CAD';
    expect(() => mapOrder(raw)).toThrow(/totalShippingPriceSet.*CAD/);
  });

  it('refuses a GID of the wrong type: an order id where a product id belongs', () => {
    const raw = fixture('order-usd.json');
    raw.lineItems.nodes[0].product.id = 'gid://shopify/Order/8000000001';
    expect(() => mapOrder(raw)).toThrow(PermanentError);
    expect(() => mapOrder({ ...fixture('order-usd.json'), id: 'gid://shopify/DraftOrder/1' })).toThrow(PermanentError);
    expect(() => mapOrder({ ...fixture('order-usd.json'), id: '5123456789012' })).toThrow(PermanentError);
  });

  it('refuses a node without the documented shape, naming the record and the field', () => {
    const raw = fixture('order-usd.json');
    delete raw.totalPriceSet;
    expect(() => mapOrder(raw)).toThrow(/shopify order gid:\/\/shopify\/Order\/5123456789012 .*totalPriceSet/);
    expect(() => mapOrder({ ...fixture('order-usd.json'), createdAt: '2026-03-01' })).toThrow(/createdAt/);
  });
});
