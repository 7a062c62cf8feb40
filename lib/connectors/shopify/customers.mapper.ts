import type { CustomerRow } from '../../commerce/customers.repository.js';
import { minorFromDecimal } from '../../commerce/money.js';
import { PermanentError } from '../../errors.js';
import { idFromGid } from './gid.js';
import { customerSchema, parseShopifyNode } from './shopify.records.js';

/**
 * Pure: a Customer node → its `customers` row. `numberOfOrders` is an UnsignedInt64 sent as a
 * string: a count past 2^53 − 1 would not survive as a number and is refused rather than
 * rounded. The email is the default address, null when the customer has none.
 */
export function mapCustomer(node: unknown): CustomerRow {
  const raw = parseShopifyNode(customerSchema, node, 'customer');
  const record = `shopify customer ${raw.id}`;
  const ordersCount = Number(raw.numberOfOrders);
  if (!Number.isSafeInteger(ordersCount)) throw new PermanentError(`${record} numberOfOrders: ${raw.numberOfOrders} is beyond exact integers`);
  return {
    platformId: idFromGid(raw.id, 'Customer'),
    email: raw.defaultEmailAddress?.emailAddress ?? null,
    firstName: raw.firstName,
    lastName: raw.lastName,
    ordersCount,
    amountSpentMinor: minorFromDecimal(raw.amountSpent.amount, raw.amountSpent.currencyCode, `${record} amountSpent`),
    currency: raw.amountSpent.currencyCode,
    platformUpdatedAt: new Date(raw.updatedAt),
  };
}
