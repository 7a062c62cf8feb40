/**
 * The JSON resources as Etsy Open API v3 sends them (https://developers.etsy.com/documentation/reference):
 * Shop, ShopReceipt with its embedded ShopReceiptTransaction[], ShopListing and
 * PaymentAccountLedgerEntry. Times are unix seconds (Etsy sends both the old `create_timestamp`
 * and the newer `created_timestamp` names); money is a Money object, ledger amounts plain integers.
 * Fields Sluice never reads carry plausible constant values.
 */
import { mulberry32 } from '../_shared/seeded-random.js';
import { money } from './money.js';
import { receiptDetail, type LineDetail } from './receipt-detail.js';
import { isPaidStatus, type LedgerEntryRecord, type ListingRecord, type ReceiptRecord, type ShopState } from './shop-state.js';
import type { ReceiptMoneyField } from './types.js';

const BUYERS = ['Ada Moreno', 'Kenji Sato', 'Priya Nair', 'Lars Berg', 'Chloé Martin', 'Tomás Silva', 'Mia Wong', 'Omar Haddad'];
const CITIES: [string, string, string, string][] = [
  ['Portland', 'OR', '97205', 'US'],
  ['Austin', 'TX', '78701', 'US'],
  ['Toronto', 'ON', 'M5V 2T6', 'CA'],
  ['Osaka', 'Osaka', '530-0001', 'JP'],
  ['Lyon', '', '69002', 'FR'],
];

export function shopResource(shop: ShopState): Record<string, unknown> {
  const active = shop.listings.filter((listing) => listing.state === 'active').length;
  const updated = shop.listings.reduce((latest, listing) => Math.max(latest, listing.updated), shop.createDate);
  return {
    shop_id: shop.shopId,
    user_id: shop.userId,
    shop_name: shop.name,
    create_date: shop.createDate,
    created_timestamp: shop.createDate,
    title: `${shop.name}: handmade goods (simulated)`,
    announcement: null,
    currency_code: shop.currency,
    is_vacation: false,
    vacation_message: null,
    update_date: updated,
    updated_timestamp: updated,
    listing_active_count: active,
    digital_listing_count: 0,
    login_name: shop.name.toLowerCase(),
    url: `https://www.etsy.com/shop/${shop.name}`,
    num_favorers: 0,
    languages: ['en-US'],
    transaction_sold_count: shop.receipts.reduce((sum, receipt) => sum + receipt.lineCount, 0),
    is_shop_us_based: shop.currency === 'USD',
  };
}

function transactionResource(shop: ShopState, record: ReceiptRecord, line: LineDetail): Record<string, unknown> {
  const paid = isPaidStatus(record.status);
  const shipped = record.status === 'Completed';
  return {
    transaction_id: line.transactionId,
    title: line.title,
    description: `${line.title}, made by ${shop.name}.`,
    seller_user_id: shop.userId,
    buyer_user_id: record.buyerUserId,
    create_timestamp: record.created,
    created_timestamp: record.created,
    paid_timestamp: paid ? record.created + 60 : null,
    shipped_timestamp: shipped ? record.updated : null,
    quantity: line.quantity,
    listing_image_id: line.listingId + 7,
    receipt_id: record.receiptId,
    is_digital: false,
    file_data: '',
    listing_id: line.listingId,
    transaction_type: 'listing',
    product_id: line.productId,
    sku: line.sku,
    price: money(line.priceMinor, shop.currency),
    shipping_cost: money(line.shippingMinor, shop.currency),
    variations: [],
    product_data: [],
    shipping_profile_id: shop.shopId + 1,
    min_processing_days: 1,
    max_processing_days: 3,
    shipping_method: null,
    shipping_upgrade: null,
    expected_ship_date: record.created + 3 * 86_400,
    buyer_coupon: 0,
    shop_coupon: 0,
  };
}

export function transactionResources(shop: ShopState, record: ReceiptRecord): Record<string, unknown>[] {
  return receiptDetail(record, shop.listings, shop.currency).lines.map((line) => transactionResource(shop, record, line));
}

export function receiptResource(shop: ShopState, record: ReceiptRecord): Record<string, unknown> {
  const detail = receiptDetail(record, shop.listings, shop.currency);
  const random = mulberry32(record.seed ^ 0x5bd1e995);
  const name = BUYERS[Math.floor(random() * BUYERS.length)]!;
  const [city, state, zip, country] = CITIES[Math.floor(random() * CITIES.length)]!;
  const firstLine = `${1 + Math.floor(random() * 999)} Market Street`;
  const amount = (minor: number) => money(minor, shop.currency);
  const raw = record.rawMoney ?? {};
  const field = (name: ReceiptMoneyField, minor: number) => (raw[name] ? { ...raw[name], currency_code: shop.currency } : amount(minor));
  return {
    receipt_id: record.receiptId,
    receipt_type: 0,
    seller_user_id: shop.userId,
    seller_email: null,
    buyer_user_id: record.buyerUserId,
    buyer_email: null, // only with the email_r scope, which Sluice does not ask for
    name,
    first_line: firstLine,
    second_line: null,
    city,
    state,
    zip,
    status: record.status,
    formatted_address: `${name}\n${firstLine}\n${city}${state ? `, ${state}` : ''} ${zip}\n${country}`,
    country_iso: country,
    payment_method: 'cc',
    payment_email: null,
    message_from_seller: null,
    message_from_buyer: null,
    message_from_payment: null,
    is_paid: isPaidStatus(record.status),
    is_shipped: record.status === 'Completed',
    create_timestamp: record.created,
    created_timestamp: record.created,
    update_timestamp: record.updated,
    updated_timestamp: record.updated,
    is_gift: false,
    gift_message: '',
    gift_sender: '',
    grandtotal: field('grandtotal', detail.grandtotalMinor),
    subtotal: field('subtotal', detail.subtotalMinor),
    total_price: field('total_price', detail.totalPriceMinor),
    total_shipping_cost: field('total_shipping_cost', detail.shippingMinor),
    total_tax_cost: field('total_tax_cost', detail.taxMinor),
    total_vat_cost: field('total_vat_cost', detail.vatMinor),
    discount_amt: field('discount_amt', detail.discountMinor),
    gift_wrap_price: amount(0),
    shipments: [],
    transactions: detail.lines.map((line) => transactionResource(shop, record, line)),
    refunds: [],
  };
}

export function listingResource(shop: ShopState, listing: ListingRecord): Record<string, unknown> {
  return {
    listing_id: listing.listingId,
    user_id: shop.userId,
    shop_id: shop.shopId,
    title: listing.title,
    description: `${listing.title}, made by ${shop.name}.`,
    state: listing.state,
    creation_timestamp: listing.created,
    created_timestamp: listing.created,
    ending_timestamp: listing.updated + 120 * 86_400,
    original_creation_timestamp: listing.created,
    last_modified_timestamp: listing.updated,
    updated_timestamp: listing.updated,
    state_timestamp: listing.updated,
    quantity: listing.quantity,
    shop_section_id: null,
    featured_rank: -1,
    url: `https://www.etsy.com/listing/${listing.listingId}`,
    num_favorers: 0,
    non_taxable: false,
    is_taxable: true,
    is_customizable: false,
    is_personalizable: false,
    listing_type: 'physical',
    tags: [],
    materials: [],
    shipping_profile_id: shop.shopId + 1,
    who_made: 'i_did',
    when_made: 'made_to_order',
    is_supply: false,
    is_private: false,
    has_variations: listing.products.length > 1,
    should_auto_renew: true,
    language: 'en-US',
    price: money(listing.priceMinor, shop.currency),
    taxonomy_id: 1,
  };
}

/** `sequence`: the entry's place in the shop's ledger (Etsy: "the higher the sequence, the more recent the entry"). */
export function ledgerEntryResource(shop: ShopState, entry: LedgerEntryRecord, sequence: number): Record<string, unknown> {
  return {
    entry_id: entry.entryId,
    ledger_id: shop.shopId,
    sequence_number: sequence,
    amount: entry.amount,
    currency: shop.currency,
    description: entry.description,
    balance: entry.balance,
    create_date: entry.created,
    created_timestamp: entry.created,
    ledger_type: entry.ledgerType,
    reference_type: entry.referenceType,
    reference_id: entry.referenceId,
    payment_adjustments: [],
  };
}
