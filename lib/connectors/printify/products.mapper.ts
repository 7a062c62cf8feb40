import type { ProductRow, VariantRow } from '../../commerce/products.repository.js';
import { PRINTIFY_CURRENCY } from './orders.mapper.js';
import { parsePrintifyTime } from './printify-time.js';
import type { PrintifyProduct } from './printify.schemas.js';

export interface MappedProduct {
  product: ProductRow;
  variants: VariantRow[];
}

/**
 * Pure: a Printify product → a product row and its variants (DESIGN.md "Tables"). Printify
 * products have no status or vendor (NULL). Variant ids are catalogue ids shared by every
 * product on the same blueprint and print provider, so a variant row is keyed
 * `{product_id}:{variant_id}`; `cost` is Printify's base cost per unit, `price` the retail price
 * the merchant set, both US cents.
 */
export function mapProduct(raw: PrintifyProduct): MappedProduct {
  const record = `printify product ${raw.id}`;
  const product: ProductRow = {
    platformId: raw.id,
    title: raw.title,
    status: null,
    vendor: null,
    printProviderId: raw.print_provider_id === null || raw.print_provider_id === undefined ? null : String(raw.print_provider_id),
    platformUpdatedAt: parsePrintifyTime(raw.updated_at, `${record} updated_at`),
  };
  const variants = raw.variants.map(
    (variant): VariantRow => ({
      platformId: `${raw.id}:${variant.id}`,
      productPlatformId: raw.id,
      sku: variant.sku === '' ? null : (variant.sku ?? null),
      priceMinor: variant.price ?? null,
      costMinor: variant.cost ?? null,
      currency: PRINTIFY_CURRENCY,
      isEnabled: variant.is_enabled,
    }),
  );
  return { product, variants };
}
