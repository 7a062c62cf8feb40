import { describe, expect, it } from '@jest/globals';
import { BLUEPRINTS } from '../../../../dev/simulators/printify/catalogue.js';
import { retailPrice, shopProducts, skuOf } from '../../../../dev/simulators/printify/synthetic-products.js';

const ANCHOR = Date.parse('2026-03-01T12:00:00Z');
const SHOP = { seed: 1, shopId: 1234567, userId: 654321 };
const PRODUCTS = shopProducts(SHOP, 40, ANCHOR, 90);

describe('shopProducts', () => {
  it('is the same for the same seed and shop, and different for another seed', () => {
    expect(shopProducts(SHOP, 40, ANCHOR, 90)).toEqual(PRODUCTS);
    expect(shopProducts({ ...SHOP, seed: 2 }, 40, ANCHOR, 90).map((p) => p.id)).not.toEqual(PRODUCTS.map((p) => p.id));
  });

  it('gives products 24-hex ids whose first 4 bytes are the creation second, oldest first, all before the anchor', () => {
    const times = PRODUCTS.map((p) => p.created_at);
    expect([...times].sort()).toEqual(times);
    for (const product of PRODUCTS) {
      expect(product.id).toMatch(/^[0-9a-f]{24}$/);
      const createdMs = Date.parse(product.created_at.replace(' ', 'T'));
      expect(parseInt(product.id.slice(0, 8), 16) * 1000).toBe(createdMs);
      expect(createdMs).toBeLessThan(ANCHOR);
      expect(product.updated_at >= product.created_at).toBe(true);
      expect(product.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+00:00$/);
    }
    expect(new Set(PRODUCTS.map((p) => p.id)).size).toBe(PRODUCTS.length);
    expect(Date.parse(PRODUCTS[0]!.created_at.replace(' ', 'T'))).toBe(ANCHOR - 120 * 86_400_000); // the first one opens the window
  });

  it('shares catalogue variant ids between products on the same blueprint, each product keeping its own SKU and price', () => {
    const byBlueprint = Map.groupBy(PRODUCTS, (p) => p.blueprint_id);
    const [first, second] = [...byBlueprint.values()].find((group) => group.length >= 2) ?? [];
    expect(first && second).toBeTruthy();
    const sharedId = first!.variants[0]!.id;
    expect(second!.variants.map((v) => v.id)).toContain(sharedId);
    const [a, b] = [first!, second!].map((p) => p.variants.find((v) => v.id === sharedId)!);
    expect(a!.sku).not.toBe(b!.sku);
    expect(a!.cost).toBe(b!.cost); // the provider's base cost is the catalogue's
  });

  it('lists every variant of the blueprint, at least one enabled, the first enabled as default, retail above cost', () => {
    for (const product of PRODUCTS) {
      const blueprint = BLUEPRINTS.find((b) => b.id === product.blueprint_id)!;
      expect(product.variants.map((v) => v.id)).toEqual(blueprint.variants.map((v) => v.id));
      expect(product.print_provider_id).toBe(blueprint.printProviderId);
      const enabled = product.variants.filter((v) => v.is_enabled);
      expect(enabled.length).toBeGreaterThan(0);
      expect(product.variants.filter((v) => v.is_default)).toEqual([enabled[0]]);
      for (const variant of product.variants) {
        expect(variant.price % 100).toBe(99);
        expect(variant.price).toBeGreaterThan(variant.cost);
        expect(variant.sku).toMatch(/^\d+$/);
      }
    }
  });
});

describe('retailPrice and skuOf', () => {
  it('adds the markup, rounds up to the dollar and takes a cent off, in integer cents', () => {
    expect(retailPrice(1129, 60)).toBe(1899); // 1806.4 → 1899
    expect(retailPrice(1000, 100)).toBe(1999); // exactly 2000 → 20.00 → 1999
    expect(retailPrice(454, 40)).toBe(699);
  });

  it('is stable per product and variant', () => {
    expect(skuOf('abc', 1)).toBe(skuOf('abc', 1));
    expect(skuOf('abc', 1)).not.toBe(skuOf('abc', 2));
    expect(skuOf('abc', 1)).not.toBe(skuOf('abd', 1));
  });
});
