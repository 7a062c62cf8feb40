import type { Trx } from '../../db/transaction.js';
import { toDbTime } from '../../db/values.js';
import type { CommerceOwner } from './commerce-owner.js';
import { ownedColumns, upsertOwnedRows } from './upsert-owned-rows.js';

/** An Etsy payment-account ledger entry (DESIGN.md `payments`). */
export interface PaymentRow {
  platformId: string;
  amountMinor: number;
  currency: string;
  balanceMinor: number;
  ledgerType: string;
  referenceType: string | null;
  referenceId: string | null;
  description: string | null;
  entryCreatedAt: Date;
}

/** Idempotent upsert on (tenant_id, platform, platform_id): overlapping ledger windows write each entry once. */
export async function upsertPayments(trx: Trx, owner: CommerceOwner, rows: readonly PaymentRow[], now: Date): Promise<void> {
  await upsertOwnedRows(
    trx,
    'payments',
    rows.map((row) => ({
      ...ownedColumns(owner, row.platformId, now),
      amount_minor: row.amountMinor,
      currency: row.currency,
      balance_minor: row.balanceMinor,
      ledger_type: row.ledgerType,
      reference_type: row.referenceType,
      reference_id: row.referenceId,
      description: row.description,
      entry_created_at: toDbTime(row.entryCreatedAt),
    })),
  );
}
