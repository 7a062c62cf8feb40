import { describe, expect, it } from '@jest/globals';
import { orderChangesFrom } from '../../../../dev/simulators/printify/control-routes.js';
import { parsePrintifyMainOptions } from '../../../../dev/simulators/printify/main-options.js';

describe('parsePrintifyMainOptions', () => {
  it('defaults to port 8087 with control routes and the default account', () => {
    expect(parsePrintifyMainOptions([], {})).toEqual({ port: 8087, controlRoutes: true });
  });

  it('reads every flag, building the one account and shop from the shop flags', () => {
    const argv = ['--port', '0', '--seed', '7', '--account', 'shop-owner', '--token', 'pat', '--sales-channel', 'shopify', '--orders', '20000', '--products', '300', '--history-days', '365', '--app-id', 'my-app', '--rate', '120', '--latency', '5', '--fault-rates', 'serverError=0.1', '--fault-seed', '3', '--timeout-ms', '500'];
    expect(parsePrintifyMainOptions(argv, {})).toEqual({
      port: 0,
      controlRoutes: true,
      seed: 7,
      appId: 'my-app',
      ratePerMinute: 120,
      latencyMs: 5,
      faultRates: { serverError: 0.1 },
      faultSeed: 3,
      faultTimeoutMs: 500,
      accounts: [{ name: 'shop-owner', personalToken: 'pat', shops: [{ title: 'Sim Etsy Shop', sales_channel: 'shopify', orders: 20000, products: 300, historyDays: 365 }] }],
    });
  });

  it('falls back to the environment, fills the rest of the shop from the defaults, and names a bad value', () => {
    expect(parsePrintifyMainOptions([], { SIM_ORDERS: '5' }).accounts).toEqual([{ name: 'merchant', shops: [{ title: 'Sim Etsy Shop', sales_channel: 'etsy', orders: 5, products: 12, historyDays: 90 }] }]);
    expect(() => parsePrintifyMainOptions(['--products', '0'], {})).toThrow(/--products \(SIM_PRODUCTS\) must be an integer ≥ 1/);
    expect(() => parsePrintifyMainOptions(['--videos', '1'], {})).toThrow(/Unknown option/);
  });
});

describe('orderChangesFrom', () => {
  it('reads status, delivered and a new link (null unlinks), refusing an unknown status', () => {
    expect(orderChangesFrom(new URLSearchParams('status=fulfilled&delivered=1&shop_order_id=12'))).toEqual({ status: 'fulfilled', delivered: true, shop_order_id: '12' });
    expect(orderChangesFrom(new URLSearchParams('shop_order_id=null'))).toEqual({ shop_order_id: null });
    expect(orderChangesFrom(new URLSearchParams(''))).toEqual({});
    expect(() => orderChangesFrom(new URLSearchParams('status=shipped'))).toThrow(/status must be one of/);
  });
});
