import { describe, expect, it } from '@jest/globals';
import { lineItemsTruth, orderTruth, productTruth, variantsTruth } from '../../../../dev/simulators/printify/truth.js';
import type { PrintifyOrder, PrintifyProduct } from '../../../../dev/simulators/printify/types.js';

/** The order of https://developers.printify.com/#retrieve-an-order-by-id, trimmed. */
const DOCS_ORDER: PrintifyOrder = {
  id: '5a96f649b2439217d070f507',
  address_to: {},
  line_items: [
    {
      product_id: '5b05842f3921c9547531758d',
      quantity: 1,
      variant_id: 17887,
      print_provider_id: 5,
      cost: 1050,
      shipping_cost: 400,
      status: 'fulfilled',
      metadata: { title: '18K gold plated Necklace', price: 2200, variant_label: 'Golden indigocoin', sku: '168699843', country: 'United States' },
      sent_to_production_at: '2017-04-18 13:24:28+00:00',
      fulfilled_at: '2017-04-18 13:24:28+00:00',
    },
  ],
  metadata: { order_type: 'external', shop_order_id: 1370762297, shop_order_label: '1370762297', shop_fulfilled_at: '2017-04-18 13:24:28+00:00' },
  total_price: 2200,
  total_shipping: 400,
  total_tax: 0,
  status: 'fulfilled',
  shipping_method: 1,
  is_printify_express: false,
  is_economy_shipping: false,
  shipments: [{ carrier: 'usps', number: '94001116990045395649372', url: 'http://example.com/94001116990045395649372', delivered_at: '2017-04-20 10:00:00+00:00' }],
  created_at: '2017-04-18 13:24:28+00:00',
  sent_to_production_at: '2017-04-18 13:24:28+00:00',
  fulfilled_at: '2017-04-18 13:24:28+00:00',
  printify_connect: { url: 'https://example.com/printify_connect_hash', id: 'printify_connect_hash' },
};

describe('orderTruth', () => {
  it("stores what the merchant pays (cost + shipping + tax), not the retail total_price, and the ref as a string", () => {
    expect(orderTruth(DOCS_ORDER)).toEqual({
      platform_id: '5a96f649b2439217d070f507',
      status: 'fulfilled',
      currency: 'USD',
      total_minor: 1450,
      subtotal_minor: 1050,
      shipping_minor: 400,
      tax_minor: 0,
      discount_minor: 0,
      placed_at: '2017-04-18T13:24:28.000Z',
      platform_updated_at: '2017-04-20T10:00:00.000Z',
      external_order_ref: '1370762297',
    });
  });

  it('takes the newest of the times that are set, and no ref for a manual order', () => {
    const young: PrintifyOrder = { ...DOCS_ORDER, status: 'in-production', fulfilled_at: null, shipments: [], sent_to_production_at: '2017-04-19 08:00:00+00:00', metadata: { order_type: 'manual', shop_fulfilled_at: null } };
    expect(orderTruth(young)).toMatchObject({ platform_updated_at: '2017-04-19T08:00:00.000Z', external_order_ref: null });
    const fresh: PrintifyOrder = { ...young, sent_to_production_at: null, metadata: { ...DOCS_ORDER.metadata, shop_order_id: '77' } };
    expect(orderTruth(fresh)).toMatchObject({ platform_updated_at: '2017-04-18T13:24:28.000Z', external_order_ref: '77' });
  });
});

describe('lineItemsTruth', () => {
  it('names lines by order and position, keys the variant by product, and keeps the line cost as sent', () => {
    const twoLines = { ...DOCS_ORDER, line_items: [DOCS_ORDER.line_items[0]!, { ...DOCS_ORDER.line_items[0]!, quantity: 2, cost: 2100 }] };
    expect(lineItemsTruth(twoLines)).toEqual([
      { platform_id: '5a96f649b2439217d070f507:0', order_platform_id: '5a96f649b2439217d070f507', product_platform_id: '5b05842f3921c9547531758d', variant_platform_id: '5b05842f3921c9547531758d:17887', sku: '168699843', title: '18K gold plated Necklace', quantity: 1, unit_price_minor: 2200, currency: 'USD', cost_minor: 1050 },
      expect.objectContaining({ platform_id: '5a96f649b2439217d070f507:1', quantity: 2, unit_price_minor: 2200, cost_minor: 2100 }),
    ]);
  });
});

describe('productTruth and variantsTruth', () => {
  const product = {
    id: 'p1',
    title: 'Mug',
    updated_at: '2026-01-02 03:04:05+00:00',
    print_provider_id: 1,
    variants: [
      { id: 33719, sku: '1', cost: 454, price: 1299, title: 'White / 11oz', grams: 450, is_enabled: true, is_default: true, is_available: true },
      { id: 33720, sku: '2', cost: 625, price: 1599, title: 'White / 15oz', grams: 560, is_enabled: false, is_default: false, is_available: true },
    ],
  } as PrintifyProduct;

  it('maps the product with no status or vendor, and every variant keyed by product', () => {
    expect(productTruth(product)).toEqual({ platform_id: 'p1', title: 'Mug', status: null, vendor: null, print_provider_id: '1', platform_updated_at: '2026-01-02T03:04:05.000Z' });
    expect(variantsTruth(product)).toEqual([
      { platform_id: 'p1:33719', product_platform_id: 'p1', sku: '1', price_minor: 1299, cost_minor: 454, currency: 'USD', is_enabled: true },
      { platform_id: 'p1:33720', product_platform_id: 'p1', sku: '2', price_minor: 1599, cost_minor: 625, currency: 'USD', is_enabled: false },
    ]);
  });
});
