import { minorFromDecimal } from '../../commerce/money.js';
import type { ProductRow, VariantRow } from '../../commerce/products.repository.js';
import { idFromGid } from './gid.js';
import { parseShopifyNode, productSchema, variantSchema, type ShopifyVariant } from './shopify.records.js';

export interface MappedProduct {
  product: ProductRow;
  variants: VariantRow[];
}

/**
 * Pure: a Product node (a query's, or a bulk line's) → its `products` row and the variants it
 * carries (none on a bulk line: those come as lines of their own, for mapVariant). `status` as
 * sent (ACTIVE, DRAFT, ARCHIVED, …); Shopify has no print provider.
 */
export function mapProduct(node: unknown, shopCurrency: string): MappedProduct {
  const raw = parseShopifyNode(productSchema, node, 'product');
  const platformId = idFromGid(raw.id, 'Product');
  const product: ProductRow = {
    platformId,
    title: raw.title,
    status: raw.status,
    vendor: raw.vendor,
    printProviderId: null,
    platformUpdatedAt: new Date(raw.updatedAt),
  };
  return { product, variants: (raw.variants?.nodes ?? []).map((variant) => variantRow(variant, platformId, shopCurrency)) };
}

/** Pure: a ProductVariant node → its `product_variants` row. Shopify variant ids are global: keyed on their own. */
export function mapVariant(node: unknown, productPlatformId: string, shopCurrency: string): VariantRow {
  return variantRow(parseShopifyNode(variantSchema, node, 'variant'), productPlatformId, shopCurrency);
}

/**
 * `price` is a Money scalar, a decimal without a currency: the shop's, which the caller knows
 * (the shop's `currencyCode`). No cost (Shopify's is on the inventory item, not read); a
 * variant Shopify returns is sellable, so enabled.
 */
function variantRow(raw: ShopifyVariant, productPlatformId: string, shopCurrency: string): VariantRow {
  return {
    platformId: idFromGid(raw.id, 'ProductVariant'),
    productPlatformId,
    sku: raw.sku === '' ? null : raw.sku,
    priceMinor: minorFromDecimal(raw.price, shopCurrency, `shopify variant ${raw.id} price`),
    costMinor: null,
    currency: shopCurrency,
    isEnabled: true,
  };
}
