import type { Trx } from '../../db/transaction.js';
import { toDbTime } from '../../db/values.js';
import type { CommerceOwner } from './commerce-owner.js';
import { ownedColumns, upsertOwnedRows } from './upsert-owned-rows.js';

/** An Etsy listing as the mapper hands it over (DESIGN.md `listings`). */
export interface ListingRow {
  platformId: string;
  title: string;
  state: string;
  priceMinor: number;
  currency: string;
  quantity: number;
  platformUpdatedAt: Date;
}

/** Idempotent upsert on (tenant_id, platform, platform_id): a re-read replaces the listing's values. */
export async function upsertListings(trx: Trx, owner: CommerceOwner, rows: readonly ListingRow[], now: Date): Promise<void> {
  await upsertOwnedRows(
    trx,
    'listings',
    rows.map((row) => ({
      ...ownedColumns(owner, row.platformId, now),
      title: row.title,
      state: row.state,
      price_minor: row.priceMinor,
      currency: row.currency,
      quantity: row.quantity,
      platform_updated_at: toDbTime(row.platformUpdatedAt),
    })),
  );
}

/**
 * The final step of a complete read of the connection's active listings: a listing it did not
 * write has left `active` (sold out, deactivated, deleted) and leaves the table, which holds the
 * active ones (DESIGN.md). Every row a read writes gets `updated_at` ≥ the read's start.
 */
export async function deleteListingsNotSeenSince(trx: Trx, owner: CommerceOwner, readStart: Date): Promise<void> {
  await trx
    .deleteFrom('listings')
    .where('tenant_id', '=', owner.tenantId)
    .where('platform', '=', owner.platform)
    .where('connection_id', '=', owner.connectionId)
    .where('updated_at', '<', toDbTime(readStart))
    .execute();
}
