import type { PaymentRow } from '../../commerce/payments.repository.js';
import { dateOfEpochSeconds } from './etsy-time.js';
import type { EtsyLedgerEntry } from './etsy.schemas.js';

/**
 * Pure: a payment-account ledger entry → its `payments` row. Etsy already sends `amount` and
 * `balance` as integers in the currency's minor units (PLATFORMS.md), so they are stored as sent
 * (the schema refuses a fraction or an integer beyond exact doubles).
 */
export function mapLedgerEntry(entry: EtsyLedgerEntry): PaymentRow {
  return {
    platformId: String(entry.entry_id),
    amountMinor: entry.amount,
    currency: entry.currency,
    balanceMinor: entry.balance,
    ledgerType: entry.ledger_type,
    referenceType: entry.reference_type,
    referenceId: entry.reference_id,
    description: entry.description,
    entryCreatedAt: dateOfEpochSeconds(entry.createdAt),
  };
}
