import { minorFromDecimal } from '../../commerce/money.js';
import type { LineItemRow, OrderRow } from '../../commerce/orders.repository.js';
import { PermanentError } from '../../errors.js';
import { idFromGid } from './gid.js';
import { lineItemSchema, orderSchema, parseShopifyNode, type ShopifyLineItem } from './shopify.records.js';

export interface MappedOrder {
  order: OrderRow;
  lineItems: LineItemRow[];
}

type MoneyField = 'totalPriceSet' | 'subtotalPriceSet' | 'totalShippingPriceSet' | 'totalTaxSet' | 'totalDiscountsSet';

/**
 * Pure: an Order node (a query's, or a bulk line's) → its `orders` row and the lines it carries
 * (none on a bulk line: those come as lines of their own, for mapLineItem). Money is the shop's
 * (`shopMoney`), converted exactly (a sub-minor amount is a MoneyMappingError naming the order
 * and field); a MoneyBag in another currency than the order's is refused, never summed across
 * currencies. `status` is `displayFinancialStatus` as sent (daily_financials leaves out REFUNDED
 * and VOIDED). Shopify orders are sales orders: no external ref.
 */
export function mapOrder(node: unknown): MappedOrder {
  const raw = parseShopifyNode(orderSchema, node, 'order');
  const record = `shopify order ${raw.id}`;
  const platformId = idFromGid(raw.id, 'Order');
  const currency = raw.currencyCode;
  const minor = (field: MoneyField) => {
    const money = raw[field].shopMoney;
    if (money.currencyCode !== currency) throw new PermanentError(`${record} ${field}: in ${money.currencyCode}, the order in ${currency}`);
    return minorFromDecimal(money.amount, currency, `${record} ${field}`);
  };
  const order: OrderRow = {
    platformId,
    status: raw.displayFinancialStatus,
    currency,
    totalMinor: minor('totalPriceSet'),
    subtotalMinor: minor('subtotalPriceSet'),
    shippingMinor: minor('totalShippingPriceSet'),
    taxMinor: minor('totalTaxSet'),
    discountMinor: minor('totalDiscountsSet'),
    placedAt: new Date(raw.createdAt),
    platformUpdatedAt: new Date(raw.updatedAt),
    externalOrderRef: null,
  };
  return { order, lineItems: (raw.lineItems?.nodes ?? []).map((line) => lineItemRow(line, platformId)) };
}

/** Pure: a LineItem node (nested in an order, or a bulk line with `__parentId`) → its `line_items` row. */
export function mapLineItem(node: unknown, orderPlatformId: string): LineItemRow {
  return lineItemRow(parseShopifyNode(lineItemSchema, node, 'line item'), orderPlatformId);
}

/** The unit price as ordered (before discounts), in the shop's currency; Shopify has no cost per line. */
function lineItemRow(raw: ShopifyLineItem, orderPlatformId: string): LineItemRow {
  const price = raw.originalUnitPriceSet.shopMoney;
  return {
    platformId: idFromGid(raw.id, 'LineItem'),
    orderPlatformId,
    productPlatformId: raw.product === null ? null : idFromGid(raw.product.id, 'Product'),
    variantPlatformId: raw.variant === null ? null : idFromGid(raw.variant.id, 'ProductVariant'),
    sku: raw.sku === '' ? null : raw.sku,
    title: raw.title,
    quantity: raw.quantity,
    unitPriceMinor: minorFromDecimal(price.amount, price.currencyCode, `shopify line item ${raw.id} originalUnitPriceSet`),
    currency: price.currencyCode,
    costMinor: null,
  };
}
