import { minorFromMoney } from '../../commerce/money.js';
import type { LineItemRow, OrderRow } from '../../commerce/orders.repository.js';
import { PermanentError } from '../../errors.js';
import { dateOfEpochSeconds } from './etsy-time.js';
import type { EtsyMoney, EtsyReceipt } from './etsy.schemas.js';

/**
 * Pure: a receipt → its `orders` row and its transactions → `line_items` (PLATFORMS.md "Etsy",
 * Mapping). Money goes to integer minor units exactly (minorFromMoney: a value that does not
 * convert is a mapping error naming the receipt and field, never a rounding). A receipt's money is
 * in the shop's currency: a field in another currency is refused rather than summed across
 * currencies. `status` is Etsy's own value as sent (daily_financials leaves out `Canceled` and
 * `Fully Refunded` receipts, so every receipt is stored).
 */
export function mapReceipt(receipt: EtsyReceipt): { order: OrderRow; lineItems: LineItemRow[] } {
  const record = `etsy receipt ${receipt.receipt_id}`;
  const currency = receipt.grandtotal.currency_code;
  const minor = (field: 'grandtotal' | 'subtotal' | 'total_shipping_cost' | 'total_tax_cost' | 'total_vat_cost' | 'discount_amt') => {
    const money: EtsyMoney = receipt[field];
    if (money.currency_code !== currency) throw new PermanentError(`${record} ${field}: in ${money.currency_code}, the receipt in ${currency}`);
    return minorFromMoney(money, `${record} ${field}`);
  };
  const order: OrderRow = {
    platformId: String(receipt.receipt_id),
    status: receipt.status,
    currency,
    totalMinor: minor('grandtotal'),
    subtotalMinor: minor('subtotal'),
    shippingMinor: minor('total_shipping_cost'),
    taxMinor: minor('total_tax_cost') + minor('total_vat_cost'),
    discountMinor: minor('discount_amt'),
    placedAt: dateOfEpochSeconds(receipt.createdAt),
    platformUpdatedAt: dateOfEpochSeconds(receipt.updatedAt),
    externalOrderRef: null,
  };
  const lineItems = receipt.transactions.map(
    (transaction): LineItemRow => ({
      platformId: String(transaction.transaction_id),
      orderPlatformId: order.platformId,
      productPlatformId: transaction.listing_id === null ? null : String(transaction.listing_id),
      variantPlatformId: transaction.product_id === null ? null : String(transaction.product_id),
      // Etsy sends "" for a product without a SKU.
      sku: transaction.sku === null || transaction.sku === '' ? null : transaction.sku,
      title: transaction.title,
      quantity: transaction.quantity,
      unitPriceMinor: minorFromMoney(transaction.price, `${record} transaction ${transaction.transaction_id} price`),
      currency: transaction.price.currency_code,
      costMinor: null,
    }),
  );
  return { order, lineItems };
}
