import { sql, type Expression, type SqlBool } from 'kysely';
import type { DbTime } from '../../db/values.js';

/**
 * Which `orders` rows are sales orders (DESIGN.md "Tables"): Etsy receipts and Shopify orders,
 * i.e. every row that is not a Printify fulfilment order and points at no other order. COGS
 * is computed for them, and only they count in `daily_financials`.
 */
export const PRINTIFY = 'printify';

export function isSalesOrder(platform: string, externalOrderRef: string | null): boolean {
  return platform !== PRINTIFY && externalOrderRef === null;
}

/** The same rule in SQL, over the `orders` row named `alias`. */
export function salesOrderCondition(alias: string): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.external_order_ref`)} is null and ${sql.ref(`${alias}.platform`)} <> ${PRINTIFY})`;
}

/** The UTC day (`YYYY-MM-DD`) of a stored `YYYY-MM-DD HH:MM:SS.mmm` time. */
export function dayOfDbTime(time: DbTime): string {
  return time.slice(0, 10);
}
