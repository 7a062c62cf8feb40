import { describe, expect, it } from '@jest/globals';
import { MoneyMappingError } from '../../../../lib/commerce/money.js';
import { mapProduct, mapVariant } from '../../../../lib/connectors/shopify/products.mapper.js';
import { PermanentError } from '../../../../lib/errors.js';
import { fixture } from './fixtures.js';

describe('mapProduct', () => {
  it('maps a product with its variants: status as sent, prices in the shop’s currency', () => {
    expect(mapProduct(fixture('product.json'), 'USD')).toEqual({
      product: { platformId: '8000000001', title: 'Mug 11oz', status: 'ACTIVE', vendor: 'Acme Ceramics', printProviderId: null, platformUpdatedAt: new Date('2026-02-20T14:00:00.000Z') },
      variants: [
        { platformId: '44000000001', productPlatformId: '8000000001', sku: 'MUG-11', priceMinor: 1500, costMinor: null, currency: 'USD', isEnabled: true },
        { platformId: '44000000003', productPlatformId: '8000000001', sku: null, priceMinor: 1750, costMinor: null, currency: 'USD', isEnabled: true },
      ],
    });
  });

  it('a bulk product line has no variants; each variant line maps on its own (JPY, KWD)', () => {
    const { variants: _nested, ...line } = fixture('product.json');
    expect(mapProduct({ ...line, status: 'DRAFT' }, 'JPY').variants).toEqual([]);
    const variant = { id: 'gid://shopify/ProductVariant/5', sku: 'X', price: '1500.0', __parentId: 'gid://shopify/Product/8000000001' };
    expect(mapVariant(variant, '8000000001', 'JPY')).toMatchObject({ platformId: '5', productPlatformId: '8000000001', priceMinor: 1500, currency: 'JPY' });
    expect(mapVariant({ ...variant, price: '1500' }, '8000000001', 'JPY').priceMinor).toBe(1500);
    expect(mapVariant({ ...variant, price: '12.345' }, '8000000001', 'KWD').priceMinor).toBe(12345);
  });

  it('refuses a sub-minor price and a variant GID of the wrong type', () => {
    expect(() => mapVariant({ id: 'gid://shopify/ProductVariant/5', sku: null, price: '9.999' }, '1', 'USD')).toThrow(MoneyMappingError);
    expect(() => mapVariant({ id: 'gid://shopify/Product/5', sku: null, price: '9.99' }, '1', 'USD')).toThrow(PermanentError);
    const raw = fixture('product.json');
    raw.variants.nodes[1].price = '17.505';
    expect(() => mapProduct(raw, 'USD')).toThrow(/ProductVariant\/44000000003 price/);
  });
});
