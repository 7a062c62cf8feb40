/**
 * Deterministic synthetic shops: the same seed and shop specs give the same ids, listings, receipts
 * and times on every run. Ids come from simulator-wide sequences with random gaps, so they are
 * unique across shops and grow with time, as Etsy's do; receipts are spread evenly over the shop's
 * history (ascending by construction, so no sort is needed to build 100,000 of them).
 */
import { mulberry32, seedOf } from '../_shared/seeded-random.js';
import { currencyExponent, priceUnit } from './money.js';
import type { ListingRecord, ReceiptRecord, ShopState } from './shop-state.js';
import type { EtsyShopSpec, ReceiptStatus } from './types.js';

export const DAY_SECONDS = 86_400;

/** Increasing ids with gaps of 1..maxGap (other sellers' records fall in between). */
export class IdSequence {
  private last: number;
  private readonly random: () => number;
  private readonly maxGap: number;

  constructor(start: number, maxGap: number, seed: number) {
    this.last = start;
    this.maxGap = maxGap;
    this.random = mulberry32(seed);
  }

  next(): number {
    return this.nextBlock(1);
  }

  /** The first of `count` consecutive ids (one receipt's transactions). */
  nextBlock(count: number): number {
    const first = this.last + 1 + Math.floor(this.random() * this.maxGap);
    this.last = first + count - 1;
    return first;
  }
}

export interface IdSequences {
  shop: IdSequence;
  user: IdSequence;
  listing: IdSequence;
  product: IdSequence;
  receipt: IdSequence;
  transaction: IdSequence;
}

/** Ids of Etsy's magnitudes: 8-digit shops, 9-digit users, 10-digit listings, receipts and transactions. */
export function idSequences(seed: number): IdSequences {
  const sequence = (name: string, start: number, maxGap: number) => new IdSequence(start, maxGap, seedOf(seed, 'ids', name));
  return {
    shop: sequence('shop', 20_000_000, 5_000_000),
    user: sequence('user', 400_000_000, 50_000_000),
    listing: sequence('listing', 1_100_000_000, 3_000),
    product: sequence('product', 11_000_000_000, 3_000),
    receipt: sequence('receipt', 2_900_000_000, 40),
    transaction: sequence('transaction', 3_700_000_000, 40),
  };
}

export const DEFAULT_SHOPS: readonly EtsyShopSpec[] = [
  { name: 'SimUsdShop', currency: 'USD', receipts: 240, listings: 24, historyDays: 400 },
  { name: 'SimJpyShop', currency: 'JPY', receipts: 90, listings: 12, historyDays: 200 },
];

const ADJECTIVES = ['Hand-thrown', 'Linen', 'Walnut', 'Indigo', 'Hammered', 'Botanical', 'Tiny', 'Vintage', 'Woven', 'Speckled', 'Minimal', 'Rustic'];
const NOUNS = ['Mug', 'Tote Bag', 'Ring', 'Print', 'Candle', 'Planter', 'Scarf', 'Notebook', 'Bowl', 'Earrings', 'Coaster Set', 'Pendant'];

function generateListing(shopSeed: number, index: number, ids: IdSequences, currency: string, createDate: number, nowSeconds: number): ListingRecord {
  const random = mulberry32(seedOf(shopSeed, 'listing', index));
  const listingId = ids.listing.next();
  const title = `${ADJECTIVES[Math.floor(random() * ADJECTIVES.length)]} ${NOUNS[Math.floor(random() * NOUNS.length)]} No. ${index + 1}`;
  const unit = priceUnit(currency);
  const basePrice = (5 + Math.floor(random() * 115)) * unit - (currencyExponent(currency) > 0 ? 1 : 0);
  const productCount = random() < 0.3 ? 2 : 1;
  const products = Array.from({ length: productCount }, (_, k) => ({
    productId: ids.product.next(),
    sku: `SKU-${listingId}-${k + 1}`,
    priceMinor: basePrice + k * 2 * unit,
  }));
  const created = createDate + Math.floor(random() * Math.max(1, nowSeconds - createDate - DAY_SECONDS));
  const updated = created + Math.floor(random() * (nowSeconds - created));
  // The first listing stays active, so every shop has one to show.
  const state = index === 0 || random() < 0.85 ? 'active' : 'inactive';
  return { listingId, title, state, priceMinor: basePrice, quantity: 1 + Math.floor(random() * 50), products, created, updated };
}

/** Recent receipts are still being fulfilled; older ones mostly completed, some canceled or refunded. */
function drawStatus(random: () => number, ageSeconds: number): ReceiptStatus {
  const roll = random();
  if (ageSeconds < 3 * DAY_SECONDS) return roll < 0.8 ? 'Paid' : roll < 0.9 ? 'Open' : 'Payment Processing';
  if (roll < 0.82) return 'Completed';
  if (roll < 0.87) return 'Canceled';
  if (roll < 0.92) return 'Fully Refunded';
  if (roll < 0.96) return 'Partially Refunded';
  return 'Paid';
}

/** When the receipt last changed after it was placed: shipping completes it days later, refunds and cancellations later still. */
function drawUpdated(random: () => number, status: ReceiptStatus, created: number, nowSeconds: number): number {
  const later = (minDays: number, maxDays: number) => created + Math.floor((minDays + random() * (maxDays - minDays)) * DAY_SECONDS);
  const updated = { Open: created, 'Payment Processing': created, Paid: created + Math.floor(random() * 300), Completed: later(1, 14) }[status as string] ?? later(2, 30);
  return Math.min(updated, nowSeconds);
}

export interface NewReceipt {
  created: number;
  updated: number;
  status: ReceiptStatus;
  seed: number;
}

export function receiptRecord(fields: NewReceipt, ids: IdSequences): ReceiptRecord {
  const random = mulberry32(fields.seed);
  const lineCount = 1 + Math.floor(random() ** 2 * 3);
  const firstTransactionId = ids.transaction.nextBlock(lineCount);
  return {
    receiptId: ids.receipt.next(),
    seed: seedOf(fields.seed, 'detail'),
    created: fields.created,
    updated: fields.updated,
    status: fields.status,
    initialStatus: fields.status,
    buyerUserId: 100_000_000 + Math.floor(random() * 900_000_000),
    firstTransactionId,
    lineCount,
    overrides: null,
  };
}

/** `ordinal`: the shop's place in the options, which keeps its ledger entry ids apart from other shops'. */
export function generateShop(spec: EtsyShopSpec, ordinal: number, seed: number, nowSeconds: number, ids: IdSequences): ShopState {
  if (spec.listings < 1) throw new Error(`etsy simulator: shop ${spec.name} needs at least one listing`);
  const shopSeed = seedOf(seed, 'shop', spec.name);
  const random = mulberry32(shopSeed);
  const createDate = nowSeconds - spec.historyDays * DAY_SECONDS - Math.floor(random() * 3600);
  const listings = Array.from({ length: spec.listings }, (_, index) => generateListing(shopSeed, index, ids, spec.currency, createDate, nowSeconds));
  // Orders start a day after opening and stop an hour before now.
  const start = createDate + Math.min(DAY_SECONDS, Math.floor((nowSeconds - createDate) / 4));
  const span = Math.max(1, nowSeconds - 3600 - start);
  const receipts = Array.from({ length: spec.receipts }, (_, index) => {
    const receiptSeed = seedOf(shopSeed, 'receipt', index);
    const draw = mulberry32(receiptSeed);
    const created = start + Math.floor(((index + draw()) * span) / spec.receipts);
    const status = drawStatus(draw, nowSeconds - created);
    return receiptRecord({ created, updated: drawUpdated(draw, status, created, nowSeconds), status, seed: receiptSeed }, ids);
  });
  return {
    name: spec.name,
    shopId: ids.shop.next(),
    userId: ids.user.next(),
    currency: spec.currency,
    createDate,
    grantScopes: spec.grantScopes ?? null,
    listings,
    receipts,
    initialReceiptCount: receipts.length,
    ledger: null,
    ledgerIds: new IdSequence(9_000_000_000 + ordinal * 1_000_000_000, 40, seedOf(shopSeed, 'ledger')),
    version: 0,
  };
}
