import { describe, expect, it } from '@jest/globals';
import { mulberry32 } from '../../../../dev/simulators/_shared/seeded-random.js';
import { asSent, randomSalesOrderId, salesOrderLinks } from '../../../../dev/simulators/printify/sales-order-links.js';

describe('salesOrderLinks', () => {
  it('links orders to the sales orders in the order given, most of them to a new one', () => {
    const sales = Array.from({ length: 100 }, (_, i) => String(1000 + i));
    const links = salesOrderLinks(100, sales, 'etsy', ['s']);
    const fresh = links.map((l) => String(l.shopOrderId)).filter((id, i, all) => sales.includes(id) && all.indexOf(id) === i);
    expect(fresh).toEqual([...fresh].sort());
    expect(fresh.length).toBeGreaterThan(70);
    expect(salesOrderLinks(100, sales, 'etsy', ['s'])).toEqual(links);
  });

  it('makes a second order for the previous sale now and then, canceling the first in about half of them', () => {
    const links = salesOrderLinks(2000, Array.from({ length: 2000 }, (_, i) => String(5000 + i)), 'etsy', ['t']);
    const repeats = links.filter((link, i) => i > 0 && link.shopOrderId !== undefined && links.slice(0, i).some((l) => String(l.shopOrderId) === String(link.shopOrderId)));
    expect(repeats.length).toBeGreaterThan(100);
    expect(repeats.filter((l) => l.cancelsPrevious).length).toBeGreaterThan(40);
    expect(links.filter((l) => !repeats.includes(l)).every((l) => !l.cancelsPrevious)).toBe(true);
    expect(links.filter((l) => l.shopOrderId === undefined).length).toBeGreaterThan(20);
  });

  it("without sales orders, gives ids of the channel's kind", () => {
    const etsy = salesOrderLinks(200, undefined, 'etsy', ['u']).map((l) => l.shopOrderId).filter((id) => id !== undefined);
    expect(etsy.every((id) => /^\d{10}$/.test(String(id)))).toBe(true);
    const shopify = salesOrderLinks(200, undefined, 'shopify', ['u']).map((l) => l.shopOrderId).filter((id) => id !== undefined);
    expect(shopify.every((id) => /^\d{13}$/.test(String(id)))).toBe(true);
  });
});

describe('randomSalesOrderId and asSent', () => {
  it('draws whole numbers in the channel range', () => {
    const random = mulberry32(3);
    for (let i = 0; i < 100; i++) expect(Number.isSafeInteger(randomSalesOrderId(random, 'shopify'))).toBe(true);
    expect(String(randomSalesOrderId(random, 'custom_integration'))).toMatch(/^\d{9}$/);
  });

  it('sends numeric ids as numbers mostly and as strings sometimes, anything else always as a string', () => {
    const random = mulberry32(4);
    const sent = Array.from({ length: 200 }, () => asSent('3456789012', random));
    expect(sent.filter((s) => s === 3456789012).length).toBeGreaterThan(120);
    expect(sent.filter((s) => s === '3456789012').length).toBeGreaterThan(20);
    expect(asSent('A-17', random)).toBe('A-17');
    expect(asSent('0123', random)).toBe('0123');
    expect(asSent('99999999999999999999', random)).toBe('99999999999999999999');
  });
});
