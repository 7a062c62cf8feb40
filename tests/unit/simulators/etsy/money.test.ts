import { describe, expect, it } from '@jest/globals';
import { currencyExponent, money, priceUnit } from '../../../../dev/simulators/etsy/money.js';

describe('money', () => {
  it('renders minor units with divisor 10^exponent', () => {
    expect(money(2500, 'USD')).toEqual({ amount: 2500, divisor: 100, currency_code: 'USD' });
    expect(money(1200, 'JPY')).toEqual({ amount: 1200, divisor: 1, currency_code: 'JPY' });
    expect(money(1500, 'KWD')).toEqual({ amount: 1500, divisor: 1000, currency_code: 'KWD' });
    expect(money(-5, 'EUR')).toEqual({ amount: -5, divisor: 100, currency_code: 'EUR' });
    expect(money(0, 'GBP').amount).toBe(0);
  });

  it('refuses anything but an integer', () => {
    expect(() => money(10.5, 'USD')).toThrow(/not an integer/);
    expect(() => money(Number.NaN, 'USD')).toThrow();
  });

  it('knows the exponents and price steps', () => {
    expect([currencyExponent('USD'), currencyExponent('JPY'), currencyExponent('BHD'), currencyExponent('XYZ')]).toEqual([2, 0, 3, 2]);
    expect([priceUnit('USD'), priceUnit('JPY'), priceUnit('KWD')]).toEqual([100, 100, 1000]);
  });
});
