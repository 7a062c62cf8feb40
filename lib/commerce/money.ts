import { PermanentError } from '../errors.js';

/**
 * Vendor money → integer minor units (DESIGN.md "Tables": `*_minor` beside `currency`), exactly
 * or not at all: the arithmetic is BigInt on the digits, never a float, and a value with
 * digits finer than the currency's minor unit, or beyond 2^53 − 1 minor units, is a mapping
 * error naming the record (the task dies with it) rather than a rounding.
 */

/** A vendor value that does not convert exactly: permanent, since a retry reads the same value. */
export class MoneyMappingError extends PermanentError {
  override readonly name = 'MoneyMappingError';
}

/**
 * ISO 4217 minor-unit digits where they are not 2 (List One, https://www.six-group.com/en/products-services/financial-information/data-standards.html).
 * An unknown code counts as 2, the common case.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  // 0 digits
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // 3 digits
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // 4 digits
  CLF: 4, UYW: 4,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

const MAX_MINOR = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * An Etsy money object (`{amount, divisor, currency_code}`, https://developers.etsy.com/documentation/reference#tag/Shop-Receipt):
 * `amount / divisor` in the currency. The divisor is 10^k; it need not match the currency's
 * exponent (a finer one converts when the extra digits are zeros).
 */
export function minorFromMoney(money: { amount: number; divisor: number; currency_code: string }, record: string): number {
  const { amount, divisor, currency_code: currency } = money;
  if (!Number.isInteger(amount)) throw new MoneyMappingError(`${record}: amount ${amount} is not an integer`);
  if (!Number.isSafeInteger(amount)) throw new MoneyMappingError(`${record}: amount ${amount} is not an integer below 2^53`);
  const places = powerOfTen(divisor);
  if (places === undefined) throw new MoneyMappingError(`${record}: divisor ${divisor} is not a power of ten`);
  return toMinor(BigInt(amount), places, currency, record);
}

/** A decimal string such as Shopify's `"20.0"`, `"-3.5"` or `"1000"` (https://shopify.dev/docs/api/admin-graphql/latest/scalars/Decimal). */
export function minorFromDecimal(amount: string, currency: string, record: string): number {
  const parts = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(amount);
  if (!parts) throw new MoneyMappingError(`${record}: ${JSON.stringify(amount)} is not a decimal amount`);
  const [, sign, whole, fraction = ''] = parts;
  const digits = BigInt(`${whole}${fraction}`);
  return toMinor(sign === '-' ? -digits : digits, fraction.length, currency, record);
}

/** `digits × 10^−places` of `currency` in its minor units, exactly. */
function toMinor(digits: bigint, places: number, currency: string, record: string): number {
  if (!/^[A-Za-z]{3}$/.test(currency)) throw new MoneyMappingError(`${record}: currency '${currency}' is not an ISO 4217 code`);
  const code = currency.toUpperCase();
  const exponent = currencyExponent(code);
  const shown = () => `${decimalText(digits, places)} ${code}`;
  let minor: bigint;
  if (places <= exponent) {
    minor = digits * 10n ** BigInt(exponent - places);
  } else {
    const scale = 10n ** BigInt(places - exponent);
    if (digits % scale !== 0n) throw new MoneyMappingError(`${record}: ${shown()} is not a whole number of ${unitName(code, exponent)}`);
    minor = digits / scale;
  }
  if (minor > MAX_MINOR || minor < -MAX_MINOR) throw new MoneyMappingError(`${record}: ${shown()} is more than 2^53 − 1 ${unitName(code, exponent)}`);
  return Number(minor);
}

/** k when `divisor` is exactly 10^k (k ≥ 0), else undefined. */
function powerOfTen(divisor: number): number | undefined {
  if (!Number.isSafeInteger(divisor) || divisor < 1) return undefined;
  let places = 0;
  for (let rest = divisor; rest !== 1; rest /= 10) {
    if (rest % 10 !== 0) return undefined;
    places++;
  }
  return places;
}

/** The value as written for a person: 10005 with 3 places is `10.005`. */
function decimalText(digits: bigint, places: number): string {
  const negative = digits < 0n;
  const text = (negative ? -digits : digits).toString().padStart(places + 1, '0');
  const shown = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
  return negative ? `-${shown}` : shown;
}

function unitName(code: string, exponent: number): string {
  if (exponent === 0) return code;
  if (exponent === 2) return 'cents';
  if (exponent === 3) return 'thousandths';
  return `${code} minor units`;
}
