import type { Trx } from '../../db/transaction.js';
import { toDbTime } from '../../db/values.js';
import type { CommerceOwner } from './commerce-owner.js';
import { ownedColumns, upsertOwnedRows } from './upsert-owned-rows.js';

/** A Shopify customer (DESIGN.md `customers`). */
export interface CustomerRow {
  platformId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  ordersCount: number;
  amountSpentMinor: number;
  currency: string;
  platformUpdatedAt: Date;
}

/** Idempotent upsert on (tenant_id, platform, platform_id). */
export async function upsertCustomers(trx: Trx, owner: CommerceOwner, rows: readonly CustomerRow[], now: Date): Promise<void> {
  await upsertOwnedRows(
    trx,
    'customers',
    rows.map((row) => ({
      ...ownedColumns(owner, row.platformId, now),
      email: row.email,
      first_name: row.firstName,
      last_name: row.lastName,
      orders_count: row.ordersCount,
      amount_spent_minor: row.amountSpentMinor,
      currency: row.currency,
      platform_updated_at: toDbTime(row.platformUpdatedAt),
    })),
  );
}

/**
 * The final step of a complete read of the connection's customers, started at `readStart`: those
 * it did not write were deleted (or redacted) at the vendor — every row a read writes gets
 * `updated_at` ≥ its start (ownedColumns). A row the read did not write because the stored one
 * is newer than the read's copy (upsertOwnedRows keeps the newer) changed at the vendor at or
 * after `readStart`: it was alive then, and stays.
 */
export async function deleteCustomersNotSeenSince(trx: Trx, owner: CommerceOwner, readStart: Date): Promise<void> {
  await trx
    .deleteFrom('customers')
    .where('tenant_id', '=', owner.tenantId)
    .where('platform', '=', owner.platform)
    .where('connection_id', '=', owner.connectionId)
    .where('updated_at', '<', toDbTime(readStart))
    .where('platform_updated_at', '<', toDbTime(readStart))
    .execute();
}
