import { describe, expect, it } from '@jest/globals';
import { mapProduct } from '../../../../lib/connectors/printify/products.mapper.js';
import { productSchema } from '../../../../lib/connectors/printify/printify.schemas.js';
import { fixture } from './fixtures.js';

describe('mapProduct', () => {
  it('maps the documented product and keys its variants by product, in US cents', () => {
    const { product, variants } = mapProduct(productSchema.parse(fixture('products-page.json').data[0]));
    expect(product).toEqual({
      platformId: '5d39b159e7c48c000728c89f',
      title: 'Mug 11oz',
      status: null,
      vendor: null,
      printProviderId: '9',
      platformUpdatedAt: new Date('2019-07-25T13:40:59.000Z'),
    });
    expect(variants).toEqual([
      { platformId: '5d39b159e7c48c000728c89f:33719', productPlatformId: '5d39b159e7c48c000728c89f', sku: '866366009', priceMinor: 860, costMinor: 516, currency: 'USD', isEnabled: true },
      { platformId: '5d39b159e7c48c000728c89f:33720', productPlatformId: '5d39b159e7c48c000728c89f', sku: null, priceMinor: 960, costMinor: 616, currency: 'USD', isEnabled: false },
    ]);
  });

  it('two products on the same blueprint share variant ids but get distinct variant rows', () => {
    const raw = productSchema.parse(fixture('products-page.json').data[0]);
    const other = mapProduct({ ...raw, id: '6a0000000000000000000001' });
    expect(other.variants[0]!.platformId).toBe('6a0000000000000000000001:33719');
    expect(mapProduct(raw).variants[0]!.platformId).not.toBe(other.variants[0]!.platformId);
  });
});
