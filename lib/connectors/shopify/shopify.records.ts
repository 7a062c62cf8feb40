import * as z from 'zod';
import { parseDocumented } from '../http/documented-shape.js';

/*
 * The GraphQL nodes Sluice reads (PLATFORMS.md "Shopify Admin API", API 2026-10), as a
 * paginated query returns them and as a bulk operation writes them, one a line: nested
 * connections come as `{ nodes: [...] }` in a query, or not at all in a bulk line (the children
 * are lines of their own with `__parentId`; bulk-jsonl.ts attaches those it can). Only the
 * fields read are checked; others, `__parentId` among them, are allowed and dropped. Amounts
 * stay decimal strings here: the mappers convert them exactly (money.ts). Ids are GIDs.
 */

/** `"2026-03-01T10:00:00Z"` (https://shopify.dev/docs/api/admin-graphql/latest/scalars/DateTime). */
const dateTime = z.iso.datetime({ offset: true });
const gid = z.string().min(1);
/** A connection's items when the query nests them; absent on a bulk line. */
const connection = <T extends z.ZodType>(node: T) => z.object({ nodes: z.array(node) }).optional();

// https://shopify.dev/docs/api/admin-graphql/latest/objects/MoneyV2
export const moneySchema = z.object({ amount: z.string(), currencyCode: z.string() });
export type ShopifyMoney = z.infer<typeof moneySchema>;

// https://shopify.dev/docs/api/admin-graphql/latest/objects/MoneyBag: Sluice reads the shop's currency only.
export const moneyBagSchema = z.object({ shopMoney: moneySchema });

// https://shopify.dev/docs/api/admin-graphql/latest/objects/LineItem
export const lineItemSchema = z.object({
  id: gid,
  sku: z.string().nullable(),
  title: z.string(),
  quantity: z.number().int(),
  originalUnitPriceSet: moneyBagSchema,
  /** Null once the product or variant is deleted, or for a custom line. */
  product: z.object({ id: gid }).nullable(),
  variant: z.object({ id: gid }).nullable(),
});
export type ShopifyLineItem = z.infer<typeof lineItemSchema>;

// https://shopify.dev/docs/api/admin-graphql/latest/objects/Order
export const orderSchema = z.object({
  id: gid,
  name: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
  displayFinancialStatus: z.string(),
  /** The shop's currency when the order was placed: every `shopMoney` is in it. */
  currencyCode: z.string(),
  totalPriceSet: moneyBagSchema,
  subtotalPriceSet: moneyBagSchema,
  totalShippingPriceSet: moneyBagSchema,
  totalTaxSet: moneyBagSchema,
  totalDiscountsSet: moneyBagSchema,
  lineItems: connection(lineItemSchema),
});
export type ShopifyOrder = z.infer<typeof orderSchema>;

// https://shopify.dev/docs/api/admin-graphql/latest/objects/ProductVariant
export const variantSchema = z.object({
  id: gid,
  sku: z.string().nullable(),
  /** A Money scalar: a decimal string in the shop's currency, without the currency. */
  price: z.string(),
});
export type ShopifyVariant = z.infer<typeof variantSchema>;

// https://shopify.dev/docs/api/admin-graphql/latest/objects/Product
export const productSchema = z.object({
  id: gid,
  title: z.string(),
  status: z.string(),
  vendor: z.string().nullable(),
  updatedAt: dateTime,
  variants: connection(variantSchema),
});
export type ShopifyProduct = z.infer<typeof productSchema>;

// https://shopify.dev/docs/api/admin-graphql/latest/objects/Customer
export const customerSchema = z.object({
  id: gid,
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  defaultEmailAddress: z.object({ emailAddress: z.string() }).nullable(),
  /** UnsignedInt64, sent as a string (PLATFORMS.md). */
  numberOfOrders: z.string().regex(/^[0-9]+$/, { error: 'numberOfOrders is not an unsigned integer' }),
  amountSpent: moneySchema,
  updatedAt: dateTime,
});
export type ShopifyCustomer = z.infer<typeof customerSchema>;

/** A raw node as its schema reads it; a mismatch is permanent (the vendor's shape changed), naming the record and fields. */
export function parseShopifyNode<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const id = (raw as { id?: unknown } | null)?.id;
  return parseDocumented(schema, raw, `shopify ${what} ${typeof id === 'string' ? id : '(no id)'}`);
}
