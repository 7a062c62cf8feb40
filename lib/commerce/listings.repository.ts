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
