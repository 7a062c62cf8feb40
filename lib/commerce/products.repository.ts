import type { Trx } from '../../db/transaction.js';
import { toDbTime } from '../../db/values.js';
import { chunks } from '../shared/chunks.js';
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

/**
 * Idempotent upsert of products and their variants on (tenant_id, platform, platform_id). The
 * variants given for a product are its whole set (Printify sends every variant with its
 * product): a variant of a product given here with variants that is stored but no longer given
 * is deleted. A product given without variants keeps the variants it has (as an order given
 * without lines does): a read that does not carry them (a Shopify bulk line) writes them with
 * upsertVariants.
 */
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
  await upsertVariants(trx, owner, variants, now);
  const kept = new Set(variants.map((row) => row.platformId));
  const withVariants = new Set(variants.map((row) => row.productPlatformId));
  for (const slice of chunks(products.map((row) => row.platformId).filter((id) => withVariants.has(id)), 100)) {
    const stored = await trx
      .selectFrom('product_variants')
      .select('platform_id')
      .where('tenant_id', '=', owner.tenantId)
      .where('platform', '=', owner.platform)
      .where('product_platform_id', 'in', slice)
      .execute();
    const gone = stored.map((row) => row.platform_id).filter((id) => !kept.has(id));
    for (const ids of chunks(gone, 500)) {
      await trx.deleteFrom('product_variants').where('tenant_id', '=', owner.tenantId).where('platform', '=', owner.platform).where('platform_id', 'in', ids).execute();
    }
  }
}

/**
 * Upserts variants on (tenant_id, platform, platform_id) and deletes none: for a read that hands
 * over a product's variants in several pieces (a Shopify bulk file is not grouped), the product
 * itself written by upsertProducts without variants. A variant whose product is not stored yet
 * is fine (no foreign key).
 */
export async function upsertVariants(trx: Trx, owner: CommerceOwner, variants: readonly VariantRow[], now: Date): Promise<void> {
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

/**
 * The final step of a complete read of the connection's catalogue: products (and variants) it
 * did not write are gone at the vendor. Every row a read writes gets `updated_at` ≥ the read's
 * start (ownedColumns), so the rows older than it were not seen.
 */
export async function deleteProductsNotSeenSince(trx: Trx, owner: CommerceOwner, readStart: Date): Promise<void> {
  for (const table of ['product_variants', 'products'] as const) {
    await trx
      .deleteFrom(table)
      .where('tenant_id', '=', owner.tenantId)
      .where('platform', '=', owner.platform)
      .where('connection_id', '=', owner.connectionId)
      .where('updated_at', '<', toDbTime(readStart))
      .execute();
  }
}

/**
 * The final step of a complete read of a catalogue whose copies may be older than the stored rows
 * (Shopify's bulk file is a snapshot; upsertOwnedRows keeps the newer row): products the read did
 * not write are gone, unless the stored row changed at the vendor at or after `readStart` (alive
 * then). Variants the read did not write are gone too, but for those of such a kept product,
 * which the read did not see at all.
 */
export async function deleteProductsNotSeenSinceUnlessNewer(trx: Trx, owner: CommerceOwner, readStart: Date): Promise<void> {
  const start = toDbTime(readStart);
  const keptProducts = trx
    .selectFrom('products')
    .select('platform_id')
    .where('tenant_id', '=', owner.tenantId)
    .where('platform', '=', owner.platform)
    .where('connection_id', '=', owner.connectionId)
    .where('updated_at', '<', start)
    .where('platform_updated_at', '>=', start);
  await trx
    .deleteFrom('product_variants')
    .where('tenant_id', '=', owner.tenantId)
    .where('platform', '=', owner.platform)
    .where('connection_id', '=', owner.connectionId)
    .where('updated_at', '<', start)
    .where('product_platform_id', 'not in', keptProducts)
    .execute();
  await trx
    .deleteFrom('products')
    .where('tenant_id', '=', owner.tenantId)
    .where('platform', '=', owner.platform)
    .where('connection_id', '=', owner.connectionId)
    .where('updated_at', '<', start)
    .where('platform_updated_at', '<', start)
    .execute();
}
