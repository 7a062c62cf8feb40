import type { LineItemRow, OrderRow } from '../../commerce/orders.repository.js';
import { PermanentError } from '../../errors.js';
import { parsePrintifyTime } from './printify-time.js';
import type { PrintifyOrder } from './printify.schemas.js';

/** Printify bills in US cents, whatever the sales channel's currency (https://developers.printify.com/#order-properties). */
export const PRINTIFY_CURRENCY = 'USD';

export interface MappedOrder {
  order: OrderRow;
  lineItems: LineItemRow[];
}

/**
 * Pure: a Printify order → a fulfilment order row and its line items (DESIGN.md "Tables").
 * The row holds what the merchant pays Printify: subtotal = Σ line `cost` (each line's cost for
 * its whole quantity), shipping = `total_shipping`, tax = `total_tax`, total = their sum, no
 * discount. `total_price` is deliberately not read: in Printify's own example it is the retail
 * value (2200, the line's `metadata.price`) while the line costs 1050 (PLATFORMS.md).
 * `external_order_ref` is the sales channel's order id, as a string (COGS links on it).
 */
export function mapOrder(raw: PrintifyOrder): MappedOrder {
  const record = `printify order ${raw.id}`;
  const subtotalMinor = sumCents(raw.line_items.map((line) => line.cost), `${record} line costs`);
  const totalMinor = sumCents([subtotalMinor, raw.total_shipping, raw.total_tax], `${record} total`);
  const placedAt = parsePrintifyTime(raw.created_at, `${record} created_at`);
  const order: OrderRow = {
    platformId: raw.id,
    status: raw.status,
    currency: PRINTIFY_CURRENCY,
    totalMinor,
    subtotalMinor,
    shippingMinor: raw.total_shipping,
    taxMinor: raw.total_tax,
    discountMinor: 0,
    placedAt,
    platformUpdatedAt: latestChange(raw, placedAt, record),
    externalOrderRef: shopOrderRef(raw, record),
  };
  const lineItems = raw.line_items.map(
    (line, position): LineItemRow => ({
      // Line items have no id: their 0-based position in the order keys them (DESIGN.md).
      platformId: `${raw.id}:${position}`,
      orderPlatformId: raw.id,
      productPlatformId: line.product_id ?? null,
      // Variant ids are catalogue ids shared by products: the variant row is keyed `{product_id}:{variant_id}`, and so is the reference to it.
      variantPlatformId: line.product_id && line.variant_id !== null && line.variant_id !== undefined ? `${line.product_id}:${line.variant_id}` : null,
      sku: line.metadata?.sku ?? null,
      title: line.metadata?.title ?? null,
      quantity: line.quantity,
      // The sales channel's retail price of the variant (per unit, as the variant's `price`); not a cost.
      unitPriceMinor: line.metadata?.price ?? null,
      currency: PRINTIFY_CURRENCY,
      costMinor: line.cost,
    }),
  );
  return { order, lineItems };
}

/** The newest of the order's own times and its shipments' (DESIGN.md): what a late change moves. */
function latestChange(raw: PrintifyOrder, placedAt: Date, record: string): Date {
  const times: [string, string | null | undefined][] = [
    ['sent_to_production_at', raw.sent_to_production_at],
    ['fulfilled_at', raw.fulfilled_at],
    ...(raw.shipments ?? []).flatMap((shipment, index): [string, string | null | undefined][] => [
      [`shipments.${index}.created_at`, shipment.created_at],
      [`shipments.${index}.shipped_at`, shipment.shipped_at],
      [`shipments.${index}.delivered_at`, shipment.delivered_at],
    ]),
  ];
  let latest = placedAt;
  for (const [field, value] of times) {
    if (!value) continue;
    const at = parsePrintifyTime(value, `${record} ${field}`);
    if (at > latest) latest = at;
  }
  return latest;
}

/**
 * `metadata.shop_order_id` arrives as a number or a string (PLATFORMS.md); stored as a string.
 * A number past 2^53 has already lost digits in JSON parsing: linking it would hit the wrong order.
 */
function shopOrderRef(raw: PrintifyOrder, record: string): string | null {
  const id = raw.metadata?.shop_order_id;
  if (id === null || id === undefined) return null;
  if (typeof id === 'number') {
    if (!Number.isSafeInteger(id) || id < 0) throw new PermanentError(`${record} metadata.shop_order_id: ${id} is not an exact order id`);
    return String(id);
  }
  const trimmed = id.trim();
  return trimmed === '' ? null : trimmed;
}

function sumCents(values: readonly number[], record: string): number {
  const sum = values.reduce((total, value) => total + value, 0);
  if (!Number.isSafeInteger(sum)) throw new PermanentError(`${record}: ${sum} cents is beyond exact integers`);
  return sum;
}
