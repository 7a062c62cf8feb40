import * as z from 'zod';
import { PermanentError } from '../../errors.js';

/*
 * The raw Etsy Open API v3 answers Sluice reads (https://developers.etsy.com/documentation/reference),
 * only the fields it uses; anything else passes unread. Times are unix seconds. Etsy sends some
 * times under two names (the older `create_timestamp`, `create_date`, `last_modified_timestamp`
 * beside `created_timestamp`, `updated_timestamp`): the PLATFORMS.md name wins, the other is
 * accepted, and a record with neither is refused.
 */

const id = z.number().int().nonnegative();
const epochSeconds = z.number().int().nonnegative();
const text = z.string().nullish().transform((value) => value ?? null);

/** https://developers.etsy.com/documentation/reference#tag/Shop-Receipt (Money): `amount / divisor` in `currency_code`. */
export const etsyMoneySchema = z.object({
  amount: z.number().int(),
  divisor: z.number().int().positive(),
  currency_code: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
});
export type EtsyMoney = z.infer<typeof etsyMoneySchema>;

/** `{"error": "…"}` (API), `{"error": "invalid_grant", "error_description": "…"}` (token endpoint). */
export const etsyErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** https://developers.etsy.com/documentation/essentials/authentication#step-3-request-an-access-token */
export const etsyTokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});

/** GET /v3/application/users/me */
export const etsyMeSchema = z.object({ user_id: id, shop_id: id.nullish().transform((value) => value ?? null) });
export type EtsyMe = z.infer<typeof etsyMeSchema>;

/** GET /v3/application/shops/{shop_id}: `create_date` is where the shop's history starts. */
export const etsyShopSchema = z
  .object({ shop_id: id, shop_name: z.string(), create_date: epochSeconds.optional(), created_timestamp: epochSeconds.optional() })
  .transform((shop, ctx) => {
    const createdAt = shop.create_date ?? shop.created_timestamp;
    if (createdAt === undefined) return missing(ctx, 'create_date');
    return { shopId: shop.shop_id, shopName: shop.shop_name, createdAt };
  });
export type EtsyShop = z.infer<typeof etsyShopSchema>;

/** A receipt's transaction (its line), embedded in the receipt. */
export const etsyTransactionSchema = z.object({
  transaction_id: id,
  title: text,
  quantity: z.number().int().nonnegative(),
  listing_id: id.nullish().transform((value) => value ?? null),
  product_id: id.nullish().transform((value) => value ?? null),
  sku: text,
  price: etsyMoneySchema,
});
export type EtsyTransaction = z.infer<typeof etsyTransactionSchema>;

/** GET /v3/application/shops/{shop_id}/receipts: one receipt, its transactions embedded. */
export const etsyReceiptSchema = z
  .object({
    receipt_id: id,
    status: z.string(),
    created_timestamp: epochSeconds.optional(),
    create_timestamp: epochSeconds.optional(),
    updated_timestamp: epochSeconds.optional(),
    update_timestamp: epochSeconds.optional(),
    grandtotal: etsyMoneySchema,
    subtotal: etsyMoneySchema,
    total_shipping_cost: etsyMoneySchema,
    total_tax_cost: etsyMoneySchema,
    total_vat_cost: etsyMoneySchema,
    discount_amt: etsyMoneySchema,
    transactions: z.array(etsyTransactionSchema),
  })
  .transform((receipt, ctx) => {
    const createdAt = receipt.created_timestamp ?? receipt.create_timestamp;
    const updatedAt = receipt.updated_timestamp ?? receipt.update_timestamp;
    if (createdAt === undefined) return missing(ctx, 'created_timestamp');
    if (updatedAt === undefined) return missing(ctx, 'updated_timestamp');
    const { created_timestamp: _c, create_timestamp: _cc, updated_timestamp: _u, update_timestamp: _uu, ...rest } = receipt;
    return { ...rest, createdAt, updatedAt };
  });
export type EtsyReceipt = z.infer<typeof etsyReceiptSchema>;

/** GET /v3/application/shops/{shop_id}/listings: one listing; `price` is the lowest offering's. */
export const etsyListingSchema = z
  .object({
    listing_id: id,
    title: z.string(),
    state: z.string(),
    quantity: z.number().int().nonnegative(),
    price: etsyMoneySchema,
    updated_timestamp: epochSeconds.optional(),
    last_modified_timestamp: epochSeconds.optional(),
  })
  .transform((listing, ctx) => {
    const updatedAt = listing.updated_timestamp ?? listing.last_modified_timestamp;
    if (updatedAt === undefined) return missing(ctx, 'updated_timestamp');
    return { listingId: listing.listing_id, title: listing.title, state: listing.state, quantity: listing.quantity, price: listing.price, updatedAt };
  });
export type EtsyListing = z.infer<typeof etsyListingSchema>;

/** GET /v3/application/shops/{shop_id}/payment-account/ledger-entries: integer minor units beside `currency`. */
export const etsyLedgerEntrySchema = z
  .object({
    entry_id: id,
    amount: z.number().int(),
    balance: z.number().int(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
    ledger_type: z.string(),
    reference_type: text,
    // Documented as a string; a number is read as its digits.
    reference_id: z.union([z.string(), z.number().int()]).nullish().transform((value) => (value === null || value === undefined ? null : String(value))),
    description: text,
    created_timestamp: epochSeconds.optional(),
    create_date: epochSeconds.optional(),
  })
  .transform((entry, ctx) => {
    const createdAt = entry.created_timestamp ?? entry.create_date;
    if (createdAt === undefined) return missing(ctx, 'created_timestamp');
    const { created_timestamp: _c, create_date: _cd, ...rest } = entry;
    return { ...rest, createdAt };
  });
export type EtsyLedgerEntry = z.infer<typeof etsyLedgerEntrySchema>;

/** Etsy's list envelope: `count` is every record the query matches, `results` this page's. */
export const etsyPageSchema = z.object({ count: z.number().int().nonnegative(), results: z.array(z.unknown()) });

export interface EtsyPage<T> {
  count: number;
  results: T[];
}

function missing(ctx: z.RefinementCtx, field: string): never {
  ctx.addIssue({ code: 'custom', message: `${field} is missing`, path: [field] });
  return z.NEVER;
}

/**
 * A raw answer checked against its schema; a mismatch is a PermanentError naming what was read
 * (`etsy users/me`, `etsy receipt 123`), the vendor's shape having changed under us.
 */
export function parseEtsy<S extends z.ZodType>(schema: S, raw: unknown, record: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new PermanentError(`${record}: unexpected shape: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return parsed.data;
}

/** A list page: its envelope, then each record on its own, so a bad one is named by its id (`idKey`). */
export function parseEtsyPage<S extends z.ZodType>(schema: S, raw: unknown, what: string, idKey: string): EtsyPage<z.output<S>> {
  const page = parseEtsy(etsyPageSchema, raw, `etsy ${what} page`);
  const results = page.results.map((record, index) => {
    const recordId = (record as Record<string, unknown> | null)?.[idKey];
    return parseEtsy(schema, record, `etsy ${what} ${typeof recordId === 'number' || typeof recordId === 'string' ? recordId : `#${index} of the page`}`);
  });
  return { count: page.count, results };
}
