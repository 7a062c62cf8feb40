/**
 * Minor units → Shopify's Decimal text (https://shopify.dev/docs/api/admin-graphql/latest/scalars/Decimal):
 * trailing zeros dropped but one fractional digit kept, as Shopify sends it ("20.0", "19.9",
 * "12.345"); a currency without minor units is sent whole ("1500"). Clients must parse all of these.
 */
import { currencyExponent } from '../../../lib/commerce/money.js';

export function decimalFromMinor(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new Error(`${minor} is not a whole number of minor units`);
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, -exponent);
  const fraction = digits.slice(-exponent).replace(/0+$/, '') || '0';
  return `${sign}${whole}.${fraction}`;
}
