import type { Trx } from '../../db/transaction.js';
import { toDbTime } from '../../db/values.js';
import type { CommerceOwner } from './commerce-owner.js';
import { ownedColumns, upsertOwnedRows } from './upsert-owned-rows.js';

/** A Shopify or Printify product (DESIGN.md `products`). */
export interface ProductRow {
  platformId: string;
  title: string;
  status: string | null;
  vendor: string | null;
  printProviderId: string | null;
  platformUpdatedAt: Date;
}

/** A product's variant (DESIGN.md `product_variants`); Printify: `platformId` = `{product_id}:{variant_id}`. */
export interface VariantRow {
  platformId: string;
  productPlatformId: string;
  sku: string | null;
  priceMinor: number | null;
  costMinor: number | null;
  currency: string;
  isEnabled: boolean;
}

/** Idempotent upsert of products and their variants on (tenant_id, platform, platform_id). */
export async function upsertProducts(trx: Trx, owner: CommerceOwner, products: readonly ProductRow[], variants: readonly VariantRow[], now: Date): Promise<void> {
  await upsertOwnedRows(
    trx,
    'products',
    products.map((row) => ({
      ...ownedColumns(owner, row.platformId, now),
      title: row.title,
      status: row.status,
      vendor: row.vendor,
      print_provider_id: row.printProviderId,
      platform_updated_at: toDbTime(row.platformUpdatedAt),
    })),
  );
  await upsertOwnedRows(
    trx,
    'product_variants',
    variants.map((row) => ({
      ...ownedColumns(owner, row.platformId, now),
      product_platform_id: row.productPlatformId,
      sku: row.sku,
      price_minor: row.priceMinor,
      cost_minor: row.costMinor,
      currency: row.currency,
      // 1/0: node:sqlite binds no booleans, and MySQL's BOOLEAN is TINYINT(1).
      is_enabled: row.isEnabled ? 1 : 0,
    })),
  );
}
