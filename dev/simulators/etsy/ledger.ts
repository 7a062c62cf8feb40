/**
 * A shop's payment account ledger (https://developers.etsy.com/documentation/reference#operation/getShopPaymentAccountLedgerEntries):
 * each paid receipt books its payment and Etsy's fees, refunds book later, and a weekly deposit
 * empties the balance. `amount` is signed, `balance` the running total after the entry, both
 * integer minor units in the shop's currency. Built from the receipts as they were generated, so
 * the ledger is the same whenever it is first needed.
 */
import { priceUnit } from './money.js';
import { receiptDetail } from './receipt-detail.js';
import { DAY_SECONDS } from './synthetic-shop.js';
import type { LedgerEntryRecord, ShopState } from './shop-state.js';

export interface LedgerKind {
  ledgerType: string;
  referenceType: string | null;
  description: string;
}

export const LEDGER_KINDS = {
  payment: { ledgerType: 'PAYMENT_GROSS', referenceType: 'receipt', description: 'Payment' },
  processingFee: { ledgerType: 'PAYMENT_PROCESSING_FEE', referenceType: 'receipt', description: 'Payment processing fee' },
  transactionFee: { ledgerType: 'TRANSACTION', referenceType: 'receipt', description: 'Transaction fee' },
  refund: { ledgerType: 'REFUND_GROSS', referenceType: 'receipt', description: 'Refund' },
  deposit: { ledgerType: 'DISBURSE2', referenceType: null, description: 'Deposit to your bank account' },
} as const satisfies Record<string, LedgerKind>;

interface Booking {
  time: number;
  order: number;
  amount: number;
  kind: LedgerKind;
  referenceId: string | null;
}

const WEEK_SECONDS = 7 * DAY_SECONDS;

/** Appends an entry of `amount` after the shop's last one (the balance runs on from it). */
export function appendLedgerEntry(shop: ShopState, ledger: LedgerEntryRecord[], time: number, amount: number, kind: LedgerKind, referenceId: string | null): LedgerEntryRecord {
  const balance = (ledger.at(-1)?.balance ?? 0) + amount;
  const entry = { entryId: shop.ledgerIds.next(), created: time, amount, balance, ...kind, referenceId };
  ledger.push(entry);
  return entry;
}

function bookings(shop: ShopState): Booking[] {
  const unit = priceUnit(shop.currency);
  const booked: Booking[] = [];
  for (const record of shop.receipts.slice(0, shop.initialReceiptCount)) {
    const status = record.initialStatus;
    if (status === 'Open' || status === 'Payment Processing' || status === 'Canceled') continue;
    const { grandtotalMinor, subtotalMinor } = receiptDetail(record, shop.listings, shop.currency, false);
    const referenceId = String(record.receiptId);
    const book = (time: number, amount: number, kind: LedgerKind) => booked.push({ time, order: booked.length, amount, kind, referenceId });
    const paidAt = record.created + 60;
    book(paidAt, grandtotalMinor, LEDGER_KINDS.payment);
    book(paidAt, -(Math.floor((grandtotalMinor * 3) / 100) + Math.floor(unit / 4)), LEDGER_KINDS.processingFee);
    book(paidAt, -Math.floor((subtotalMinor * 65) / 1000), LEDGER_KINDS.transactionFee);
    if (status === 'Fully Refunded') book(Math.max(record.updated, paidAt), -grandtotalMinor, LEDGER_KINDS.refund);
    if (status === 'Partially Refunded') book(Math.max(record.updated, paidAt), -Math.floor(grandtotalMinor / 4), LEDGER_KINDS.refund);
  }
  return booked.sort((a, b) => a.time - b.time || a.order - b.order);
}

export function buildLedger(shop: ShopState): LedgerEntryRecord[] {
  const ledger: LedgerEntryRecord[] = [];
  let nextDeposit = shop.createDate + WEEK_SECONDS;
  for (const booking of bookings(shop)) {
    for (; nextDeposit <= booking.time; nextDeposit += WEEK_SECONDS) {
      const balance = ledger.at(-1)?.balance ?? 0;
      if (balance > 0) appendLedgerEntry(shop, ledger, nextDeposit, -balance, LEDGER_KINDS.deposit, null);
    }
    appendLedgerEntry(shop, ledger, booking.time, booking.amount, booking.kind, booking.referenceId);
  }
  return ledger;
}

/** The shop's ledger, built the first time it is asked for. */
export function shopLedger(shop: ShopState): LedgerEntryRecord[] {
  return (shop.ledger ??= buildLedger(shop));
}
