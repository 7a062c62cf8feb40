import { describe, expect, it } from '@jest/globals';
import { parseShopifyMainOptions } from '../../../../dev/simulators/shopify/main-options.js';

describe('parseShopifyMainOptions', () => {
  it('defaults to port 4010 with control routes and the default shops', () => {
    expect(parseShopifyMainOptions([], {})).toEqual({ port: 4010, controlRoutes: true });
  });

  it('sizes every default shop from --orders and friends, and reads the bucket and token style', () => {
    const options = parseShopifyMainOptions(['--orders', '200000', '--bucket', '1000:50', '--expiring-tokens', '1'], { SIM_SEED: '7' });
    expect(options).toMatchObject({ seed: 7, expiringTokens: true });
    expect(options.shops?.map((shop) => [shop.name, shop.orders, shop.bucket])).toEqual([
      ['sim-usd', 200000, { capacity: 1000, restorePerSecond: 50 }],
      ['sim-jpy', 200000, { capacity: 1000, restorePerSecond: 50 }],
      ['sim-kwd', 200000, { capacity: 1000, restorePerSecond: 50 }],
    ]);
  });

  it('fails naming a bad value', () => {
    expect(() => parseShopifyMainOptions(['--bucket', '1000'], {})).toThrow(/--bucket/);
    expect(() => parseShopifyMainOptions(['--orders', 'many'], {})).toThrow(/--orders/);
    expect(() => parseShopifyMainOptions(['--expiring-tokens', 'yes'], {})).toThrow(/--expiring-tokens/);
  });
});
