import { describe, expect, it } from '@jest/globals';
import { parseEtsyMainOptions, parseShops } from '../../../../dev/simulators/etsy/main-options.js';

describe('parseEtsyMainOptions', () => {
  it('defaults to port 8086 with control routes', () => {
    expect(parseEtsyMainOptions([], {})).toEqual({ port: 8086, controlRoutes: true });
  });

  it('reads flags and falls back to the environment', () => {
    const argv = ['--seed', '9', '--shops', 'Big:USD:100000:50:1000', '--rate', '150', '--fault-rates', 'serverError=0.1'];
    expect(parseEtsyMainOptions(argv, { SIM_DAILY_LIMIT: '100000', SIM_API_KEY: 'k', SIM_SHARED_SECRET: 's', PORT: '0' })).toEqual({
      port: 0,
      controlRoutes: true,
      seed: 9,
      shops: [{ name: 'Big', currency: 'USD', receipts: 100_000, listings: 50, historyDays: 1000 }],
      ratePerSecond: 150,
      dailyLimit: 100_000,
      apiKey: 'k',
      sharedSecret: 's',
      faultRates: { serverError: 0.1 },
    });
  });

  it('names a bad value', () => {
    expect(() => parseEtsyMainOptions(['--rate', '0'], {})).toThrow(/--rate \(SIM_RATE\)/);
    expect(() => parseShops('Big:usd:1:1:1')).toThrow(/name:currency:receipts:listings:historyDays/);
    expect(() => parseShops('Big:USD:1:0:1')).toThrow();
  });
});
