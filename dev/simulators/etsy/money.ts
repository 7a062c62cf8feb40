/**
 * Etsy's Money object: `{ amount, divisor, currency_code }` with `amount / divisor` the value, e.g.
 * `{ amount: 2500, divisor: 100, currency_code: 'USD' }` for $25.00 and divisor 1 for JPY
 * (https://developers.etsy.com/documentation/reference#tag/Shop-Receipt, "Money"). The simulator
 * keeps every amount as an integer of minor units and renders it here: the amount is the integer,
 * the divisor 10^exponent. Its exponents are the vendor's own table, kept apart from Sluice's
 * lib/commerce on purpose: an oracle must not share the code it checks.
 */

export interface Money {
  amount: number;
  divisor: number;
  currency_code: string;
}

/** ISO 4217 minor-unit exponents of the currencies Etsy shops sell in that are not 2. */
const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, HUF: 2, KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3 };

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

export function money(minor: number, currency: string): Money {
  if (!Number.isSafeInteger(minor)) throw new Error(`money: ${minor} ${currency} is not an integer of minor units`);
  return { amount: minor, divisor: 10 ** currencyExponent(currency), currency_code: currency };
}

/** One unit of a typical price step: a dollar (100 cents), but 100 yen (a yen buys next to nothing). */
export function priceUnit(currency: string): number {
  const exponent = currencyExponent(currency);
  return exponent === 0 ? 100 : 10 ** exponent;
}
