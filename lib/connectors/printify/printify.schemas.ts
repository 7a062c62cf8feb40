import * as z from 'zod';

/*
 * The raw Printify answers Sluice reads (https://developers.printify.com/#api-reference), only
 * the fields it uses; extra fields are ignored. Money is integer US cents; ids are strings
 * (orders, products) or integers (shops, variants); times are `YYYY-MM-DD HH:MM:SS+00:00`
 * strings, read by printify-time.ts in the mappers.
 */

/** Integer US cents: a fraction is a mapping error, never a rounding. */
const cents = z.number().int();
const time = z.string();

// https://developers.printify.com/#retrieve-list-of-shops-in-a-printify-account
export const shopSchema = z.object({
  id: z.union([z.number().int(), z.string().min(1)]),
  title: z.string().nullish(),
  /** "etsy", "shopify", … or "disconnected" when none is connected. */
  sales_channel: z.string().nullish(),
});
export const shopListSchema = z.array(shopSchema);
export type PrintifyShop = z.infer<typeof shopSchema>;

// https://developers.printify.com/#api-pagination
export const pageEnvelopeSchema = z.object({
  current_page: z.coerce.number().int().min(1),
  data: z.array(z.unknown()),
  last_page: z.coerce.number().int().min(0),
  next_page_url: z.string().nullish(),
  total: z.coerce.number().int().min(0).nullish(),
});
export type PageEnvelope = z.infer<typeof pageEnvelopeSchema>;

// https://developers.printify.com/#order-properties (line items have no id: DESIGN.md keys them by position)
export const lineItemSchema = z.object({
  product_id: z.string().min(1).nullish(),
  variant_id: z.union([z.number().int(), z.string().min(1)]).nullish(),
  quantity: z.number().int().min(0),
  /** What Printify charges for the line, its whole quantity (PLATFORMS.md). */
  cost: cents,
  status: z.string().nullish(),
  metadata: z
    .object({
      title: z.string().nullish(),
      sku: z.string().nullish(),
      /** The sales channel's retail price, not what the merchant pays. */
      price: cents.nullish(),
    })
    .nullish(),
});

export const shipmentSchema = z.object({
  created_at: time.nullish(),
  shipped_at: time.nullish(),
  delivered_at: time.nullish(),
});

export const orderSchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  total_shipping: cents,
  total_tax: cents,
  created_at: time,
  sent_to_production_at: time.nullish(),
  fulfilled_at: time.nullish(),
  shipments: z.array(shipmentSchema).nullish(),
  metadata: z
    .object({
      /** The sales channel's order id; sent as a number or a string. */
      shop_order_id: z.union([z.number(), z.string()]).nullish(),
    })
    .nullish(),
  line_items: z.array(lineItemSchema),
});
export type PrintifyOrder = z.infer<typeof orderSchema>;

// https://developers.printify.com/#product-properties
export const variantSchema = z.object({
  id: z.union([z.number().int(), z.string().min(1)]),
  sku: z.string().nullish(),
  /** The base cost per unit, what Printify charges. */
  cost: cents.nullish(),
  /** The retail price the merchant set. */
  price: cents.nullish(),
  is_enabled: z.boolean(),
});

export const productSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  updated_at: time,
  print_provider_id: z.union([z.number().int(), z.string()]).nullish(),
  variants: z.array(variantSchema),
});
export type PrintifyProduct = z.infer<typeof productSchema>;

// https://developers.printify.com/#convert-grant-code-to-tokens
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  /** `2020-10-14 11:26:10+00:00` in the docs. */
  expire_at: z.string().nullish(),
});

/** Error bodies: OAuth `{error, error_description}`; the API `{message}` or `{error}` or `{errors: {reason}}`. */
export const errorBodySchema = z.object({
  error: z.union([z.string(), z.object({ message: z.string().optional() }).loose()]).optional(),
  error_description: z.string().optional(),
  message: z.string().optional(),
  errors: z.union([z.object({ reason: z.string().optional() }).loose(), z.array(z.unknown()), z.string()]).optional(),
});
