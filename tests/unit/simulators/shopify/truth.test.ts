import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { minorFromDecimal } from '../../../../lib/commerce/money.js';
import { DEFAULT_SHOPS, startShopifySimulator, type RunningShopifySimulator } from '../../../../dev/simulators/shopify/index.js';
import { decimalFromMinor } from '../../../../dev/simulators/shopify/money-format.js';
import { allNodes, numericId } from './shopify-client.js';

let sim: RunningShopifySimulator;
// A bucket this test never empties: it reads every record of three shops at once.
beforeAll(async () => {
  sim = await startShopifySimulator({ shops: DEFAULT_SHOPS.map((shop) => ({ ...shop, bucket: { capacity: 1_000_000, restorePerSecond: 1_000_000 } })) });
});
afterAll(() => sim.close());

type Money = { shopMoney: { amount: string; currencyCode: string } };
const iso = (time: unknown): string => new Date(time as string).toISOString();
const id = (node: unknown): string | null => (node ? numericId((node as { id: string }).id) : null);

describe('decimalFromMinor', () => {
  it("writes amounts as Shopify does: '20.0', '19.99', whole yen, three-decimal dinars", () => {
    expect([decimalFromMinor(2000, 'USD'), decimalFromMinor(1999, 'USD'), decimalFromMinor(5, 'USD'), decimalFromMinor(0, 'USD')]).toEqual(['20.0', '19.99', '0.05', '0.0']);
    expect([decimalFromMinor(1500, 'JPY'), decimalFromMinor(12_345, 'KWD'), decimalFromMinor(12_300, 'KWD')]).toEqual(['1500', '12.345', '12.3']);
  });
});

describe.each(DEFAULT_SHOPS.map((shop) => [shop.name, shop.currency] as const))('truth of %s (%s)', (shop, currency) => {
  it('is exactly what the API serves: orders and lines, products and variants, customers', async () => {
    const token = sim.issueAccessToken(shop);
    const minor = (money: Money, record: string) => {
      expect(money.shopMoney.currencyCode).toBe(currency);
      return minorFromDecimal(money.shopMoney.amount, money.shopMoney.currencyCode, record);
    };
    const orders = await allNodes(
      sim,
      shop,
      token,
      'orders',
      `id createdAt updatedAt displayFinancialStatus currencyCode totalPriceSet { shopMoney { amount currencyCode } } subtotalPriceSet { shopMoney { amount currencyCode } }
       totalShippingPriceSet { shopMoney { amount currencyCode } } totalTaxSet { shopMoney { amount currencyCode } } totalDiscountsSet { shopMoney { amount currencyCode } }
       lineItems(first: 10) { nodes { id sku title quantity originalUnitPriceSet { shopMoney { amount currencyCode } } product { id } variant { id } } }`,
      '',
      10,
    );
    const products = await allNodes(sim, shop, token, 'products', 'id title status vendor updatedAt variants(first: 10) { nodes { id sku price } }', '', 50);
    const customers = await allNodes(sim, shop, token, 'customers', 'id firstName lastName defaultEmailAddress { emailAddress } numberOfOrders amountSpent { amount currencyCode } updatedAt', '', 100);
    const served = {
      orders: orders.map((o) => ({
        platform_id: id(o),
        status: o.displayFinancialStatus,
        currency: o.currencyCode,
        total_minor: minor(o.totalPriceSet as Money, 'total'),
        subtotal_minor: minor(o.subtotalPriceSet as Money, 'subtotal'),
        shipping_minor: minor(o.totalShippingPriceSet as Money, 'shipping'),
        tax_minor: minor(o.totalTaxSet as Money, 'tax'),
        discount_minor: minor(o.totalDiscountsSet as Money, 'discount'),
        placed_at: iso(o.createdAt),
        platform_updated_at: iso(o.updatedAt),
      })),
      line_items: orders.flatMap((o) =>
        (o.lineItems as { nodes: Record<string, unknown>[] }).nodes.map((line) => ({
          platform_id: id(line),
          order_platform_id: id(o),
          product_platform_id: id(line.product),
          variant_platform_id: id(line.variant),
          sku: line.sku,
          title: line.title,
          quantity: line.quantity,
          unit_price_minor: minor(line.originalUnitPriceSet as Money, 'unit price'),
          currency,
        })),
      ),
      products: products.map((p) => ({ platform_id: id(p), title: p.title, status: p.status, vendor: p.vendor, platform_updated_at: iso(p.updatedAt) })),
      product_variants: products.flatMap((p) =>
        (p.variants as { nodes: Record<string, unknown>[] }).nodes.map((v) => ({ platform_id: id(v), product_platform_id: id(p), sku: v.sku, price_minor: minorFromDecimal(v.price as string, currency, 'price'), currency })),
      ),
      customers: customers.map((c) => ({
        platform_id: id(c),
        email: (c.defaultEmailAddress as { emailAddress: string } | null)?.emailAddress ?? null,
        first_name: c.firstName,
        last_name: c.lastName,
        orders_count: Number(c.numberOfOrders as string),
        amount_spent_minor: minorFromDecimal((c.amountSpent as { amount: string }).amount, currency, 'spent'),
        currency: (c.amountSpent as { currencyCode: string }).currencyCode,
        platform_updated_at: iso(c.updatedAt),
      })),
    };
    const truth = sim.truth(shop);
    expect(served).toEqual(truth);
    // The data has what clients must handle: deleted products, refunds, voids, customers without email.
    expect(truth.line_items.some((line) => line.product_platform_id === null)).toBe(true);
    expect(new Set(truth.orders.map((o) => o.status))).toEqual(new Set(['PAID', 'PENDING', 'AUTHORIZED', 'PARTIALLY_PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'VOIDED', 'EXPIRED']));
    expect(truth.orders.every((o) => o.total_minor === o.subtotal_minor + o.shipping_minor + o.tax_minor && o.total_minor >= 0)).toBe(true);
    expect(truth.customers.some((c) => c.email === null)).toBe(true);
    expect(truth.customers.reduce((sum, c) => sum + c.orders_count, 0)).toBe(truth.orders.length);
  });
});
