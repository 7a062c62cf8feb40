/**
 * What the simulator keeps per shop. Receipts are compact records (ids, times, status, a seed):
 * their transactions and amounts are derived from the seed when needed (receipt-detail.ts), so a
 * shop of 100,000 receipts costs a few megabytes. Times are unix seconds, money minor units.
 */
import type { IdSequence } from './synthetic-shop.js';
import type { RawMoney, ReceiptMoneyField, ReceiptStatus } from './types.js';

export interface ListingProduct {
  productId: number;
  sku: string;
  /** What a buyer paid for this product (transactions record it); the listing's price is the cheapest. */
  priceMinor: number;
}

export interface ListingRecord {
  listingId: number;
  title: string;
  /** Titles it had before renames, each with the unix second it ended: a transaction keeps the title it was sold under. */
  formerTitles?: { title: string; until: number }[];
  state: string;
  /** Current price (updateListing may change it; sold transactions keep theirs). */
  priceMinor: number;
  quantity: number;
  products: ListingProduct[];
  created: number;
  updated: number;
}

/** Amounts `updateReceipt` set, replacing the derived ones. */
export interface MoneyOverrides {
  shippingMinor?: number;
  taxMinor?: number;
  vatMinor?: number;
  discountMinor?: number;
}

export interface ReceiptRecord {
  receiptId: number;
  /** Seeds the receipt's transactions and amounts. */
  seed: number;
  created: number;
  updated: number;
  status: ReceiptStatus;
  /** As generated: the ledger is built from the shop's first receipts as they were. */
  initialStatus: ReceiptStatus;
  buyerUserId: number;
  /** Transactions get consecutive ids from here. */
  firstTransactionId: number;
  lineCount: number;
  overrides: MoneyOverrides | null;
  /** Money fields served as these raw objects instead (corruptReceiptMoney); unset on a sound receipt. */
  rawMoney?: Partial<Record<ReceiptMoneyField, RawMoney>>;
}

export interface LedgerEntryRecord {
  entryId: number;
  created: number;
  /** Signed, minor units. */
  amount: number;
  balance: number;
  ledgerType: string;
  referenceType: string | null;
  referenceId: string | null;
  description: string;
}

export interface ShopState {
  name: string;
  shopId: number;
  userId: number;
  currency: string;
  /** Unix seconds: `create_date`, where the shop's history starts. */
  createDate: number;
  grantScopes: readonly string[] | null;
  listings: ListingRecord[];
  /** Ascending by receipt id (ids grow with every receipt added). */
  receipts: ReceiptRecord[];
  /** How many receipts were generated at creation (the ledger's receipts). */
  initialReceiptCount: number;
  /** Built on first use from the initial receipts, then appended to. */
  ledger: LedgerEntryRecord[] | null;
  /** The shop's own entry ids, so that building the ledger late gives the same ids. */
  ledgerIds: IdSequence;
  /** Bumped by every change, so sorted indexes and cached queries know when they are stale. */
  version: number;
}

/** Whether the buyer has paid: `was_paid` filters on it, `is_paid` shows it. */
export function isPaidStatus(status: ReceiptStatus): boolean {
  return status !== 'Open' && status !== 'Payment Processing' && status !== 'Canceled';
}
