import { fc, test } from '@fast-check/jest';
import { describe, expect, it } from '@jest/globals';
import { PermanentError } from '../../../lib/errors.js';
import { currencyExponent, minorFromDecimal, minorFromMoney, MoneyMappingError } from '../../../lib/commerce/money.js';

const MAX = Number.MAX_SAFE_INTEGER; // 2^53 − 1

/** A minor-unit integer written as a decimal with `exponent` fraction digits, by string work alone. */
function decimalOf(minor: number, exponent: number): string {
  const digits = Math.abs(minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return minor < 0 ? `-${whole}` : whole;
}

const currency = fc.constantFrom('USD', 'EUR', 'GBP', 'JPY', 'KRW', 'KWD', 'BHD', 'OMR', 'JOD', 'TND', 'LYD', 'IQD', 'XYZ');
const minor = fc.integer({ min: -MAX, max: MAX });

describe('currencyExponent', () => {
  it.each([
    ['USD', 2], ['EUR', 2], ['GBP', 2], ['JPY', 0], ['KRW', 0], ['KWD', 3], ['BHD', 3], ['OMR', 3], ['JOD', 3], ['TND', 3], ['LYD', 3], ['IQD', 3], ['usd', 2], ['jpy', 0], ['XYZ', 2],
  ])('%s has %i minor digits (unknown codes: 2)', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
  });
});

describe('minorFromMoney (Etsy money objects)', () => {
  test.prop([minor, currency])('amount over 10^exponent round-trips to the same minor units', (m, code) => {
    expect(minorFromMoney({ amount: m, divisor: 10 ** currencyExponent(code), currency_code: code }, 'r')).toBe(m);
  });

  test.prop([fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), currency, fc.integer({ min: 0, max: 3 })])(
    'a divisor finer than the currency converts when the extra digits are zeros',
    (m, code, extra) => {
      const divisor = 10 ** (currencyExponent(code) + extra);
      expect(minorFromMoney({ amount: m * 10 ** extra, divisor, currency_code: code }, 'r')).toBe(m);
    },
  );

  test.prop([fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.constantFrom('USD', 'KWD')])('a coarser divisor scales up: 25 / 1 USD is 2500 cents', (whole, code) => {
    expect(minorFromMoney({ amount: whole, divisor: 1, currency_code: code }, 'r')).toBe(whole * 10 ** currencyExponent(code));
  });

  test.prop([fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).filter((m) => m % 10 !== 0), currency])('digits finer than the currency are refused, never rounded', (m, code) => {
    expect(() => minorFromMoney({ amount: m, divisor: 10 ** (currencyExponent(code) + 1), currency_code: code }, 'r')).toThrow(MoneyMappingError);
  });

  it('reads the documented shapes: 25.00 USD, 2500 JPY, 1.234 KWD, a refund of −3.50 EUR', () => {
    expect(minorFromMoney({ amount: 2500, divisor: 100, currency_code: 'USD' }, 'r')).toBe(2500);
    expect(minorFromMoney({ amount: 2500, divisor: 1, currency_code: 'JPY' }, 'r')).toBe(2500);
    expect(minorFromMoney({ amount: 1234, divisor: 1000, currency_code: 'KWD' }, 'r')).toBe(1234);
    expect(minorFromMoney({ amount: -350, divisor: 100, currency_code: 'EUR' }, 'r')).toBe(-350);
    expect(minorFromMoney({ amount: 0, divisor: 100, currency_code: 'USD' }, 'r')).toBe(0);
  });

  it('refuses 10.005 USD, naming the record, as a permanent error', () => {
    const convert = () => minorFromMoney({ amount: 10005, divisor: 1000, currency_code: 'USD' }, 'etsy receipt 123 grandtotal');
    expect(convert).toThrow(new MoneyMappingError('etsy receipt 123 grandtotal: 10.005 USD is not a whole number of cents'));
    expect(convert).toThrow(PermanentError);
  });

  it('refuses 12.5 JPY and 1.2345 KWD', () => {
    expect(() => minorFromMoney({ amount: 125, divisor: 10, currency_code: 'JPY' }, 'r')).toThrow('r: 12.5 JPY is not a whole number of JPY');
    expect(() => minorFromMoney({ amount: 12345, divisor: 10000, currency_code: 'KWD' }, 'r')).toThrow('r: 1.2345 KWD is not a whole number of thousandths');
  });

  it.each([
    [{ amount: 10.5, divisor: 100 }, 'amount 10.5 is not an integer'],
    [{ amount: Number.NaN, divisor: 100 }, 'amount NaN is not an integer'],
    [{ amount: 2 ** 53, divisor: 100 }, 'amount 9007199254740992 is not an integer below 2^53'],
    [{ amount: 100, divisor: 0 }, 'divisor 0 is not a power of ten'],
    [{ amount: 100, divisor: 3 }, 'divisor 3 is not a power of ten'],
    [{ amount: 100, divisor: 50 }, 'divisor 50 is not a power of ten'],
    [{ amount: 100, divisor: -100 }, 'divisor -100 is not a power of ten'],
    [{ amount: 100, divisor: 0.1 }, 'divisor 0.1 is not a power of ten'],
    [{ amount: 100, divisor: 100.5 }, 'divisor 100.5 is not a power of ten'],
  ])('refuses %j', (money, message) => {
    expect(() => minorFromMoney({ ...money, currency_code: 'USD' }, 'etsy listing 9 price')).toThrow(new MoneyMappingError(`etsy listing 9 price: ${message}`));
  });

  it('refuses a result beyond 2^53 − 1 instead of losing digits', () => {
    expect(minorFromMoney({ amount: MAX, divisor: 100, currency_code: 'USD' }, 'r')).toBe(MAX);
    expect(() => minorFromMoney({ amount: 2 ** 50, divisor: 1, currency_code: 'USD' }, 'r')).toThrow('r: 1125899906842624 USD is more than 2^53 − 1 cents');
  });

  it('refuses a currency code that is not three letters', () => {
    expect(() => minorFromMoney({ amount: 1, divisor: 100, currency_code: '' }, 'r')).toThrow("r: currency '' is not an ISO 4217 code");
  });
});

describe('minorFromDecimal (Shopify decimal strings)', () => {
  test.prop([minor, currency])('the decimal written with the currency’s digits round-trips', (m, code) => {
    expect(minorFromDecimal(decimalOf(m, currencyExponent(code)), code, 'r')).toBe(m);
  });

  test.prop([minor, currency, fc.integer({ min: 1, max: 6 })])('trailing zeros change nothing; fewer digits are padded', (m, code, zeros) => {
    const exponent = currencyExponent(code);
    const written = decimalOf(m, exponent);
    const padded = exponent === 0 ? `${written}.${'0'.repeat(zeros)}` : `${written}${'0'.repeat(zeros)}`;
    expect(minorFromDecimal(padded, code, 'r')).toBe(m);
  });

  test.prop([fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).filter((m) => m % 10 !== 0), currency])('a digit finer than the currency is refused', (m, code) => {
    expect(() => minorFromDecimal(decimalOf(m, currencyExponent(code) + 1), code, 'r')).toThrow(MoneyMappingError);
  });

  it('reads "20.0", "-3.5", "1000", "0.00" and JPY "1500"', () => {
    expect(minorFromDecimal('20.0', 'USD', 'r')).toBe(2000);
    expect(minorFromDecimal('-3.5', 'EUR', 'r')).toBe(-350);
    expect(minorFromDecimal('1000', 'USD', 'r')).toBe(100000);
    expect(minorFromDecimal('0.00', 'USD', 'r')).toBe(0);
    expect(minorFromDecimal('-0.00', 'USD', 'r')).toBe(0);
    expect(Object.is(minorFromDecimal('-0.00', 'USD', 'r'), -0)).toBe(false);
    expect(minorFromDecimal('1500', 'JPY', 'r')).toBe(1500);
    expect(minorFromDecimal('1500.0', 'JPY', 'r')).toBe(1500);
    expect(minorFromDecimal('1.234', 'KWD', 'r')).toBe(1234);
  });

  it('refuses 10.005 USD and 1500.5 JPY, naming the record', () => {
    expect(() => minorFromDecimal('10.005', 'USD', 'shopify order 7 totalPriceSet')).toThrow(new MoneyMappingError('shopify order 7 totalPriceSet: 10.005 USD is not a whole number of cents'));
    expect(() => minorFromDecimal('1500.5', 'JPY', 'r')).toThrow('r: 1500.5 JPY is not a whole number of JPY');
  });

  it('handles values up to 2^53 − 1 minor units exactly and refuses beyond', () => {
    expect(minorFromDecimal('90071992547409.91', 'USD', 'r')).toBe(MAX);
    expect(minorFromDecimal('-90071992547409.91', 'USD', 'r')).toBe(-MAX);
    expect(() => minorFromDecimal('90071992547409.92', 'USD', 'r')).toThrow('r: 90071992547409.92 USD is more than 2^53 − 1 cents');
  });

  it.each(['', '.5', '5.', '1e3', '1,000.00', ' 20.0', '20.0 ', '+20', '--1', 'NaN', 'Infinity', '0x10', '١٢'])('refuses %j as not a decimal', (text) => {
    expect(() => minorFromDecimal(text, 'USD', 'r')).toThrow(new MoneyMappingError(`r: ${JSON.stringify(text)} is not a decimal amount`));
  });
});
