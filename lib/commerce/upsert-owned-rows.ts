import type { Insertable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Trx } from '../../db/transaction.js';
import { upsertRows } from '../../db/upsert.js';
import { toDbTime } from '../../db/values.js';
import type { CommerceOwner } from './commerce-owner.js';

/** The commerce tables: each UNIQUE on (`tenant_id`, `platform`, `platform_id`). */
export type CommerceTable = 'orders' | 'line_items' | 'listings' | 'products' | 'product_variants' | 'payments' | 'customers';

const KEY = ['tenant_id', 'platform', 'platform_id'] as const;
/** The vendor's last change of a record: what decides whether an incoming snapshot is newer. */
const VERSION = 'platform_updated_at';

/** The owner part of a row: its key, the connection that fetched it, and when Sluice wrote it. */
export function ownedColumns(owner: CommerceOwner, platformId: string, now: Date) {
  return { tenant_id: owner.tenantId, platform: owner.platform, platform_id: platformId, connection_id: owner.connectionId, updated_at: toDbTime(now) };
}

/**
 * Upserts rows on (`tenant_id`, `platform`, `platform_id`). A collision overwrites exactly the
 * columns the rows carry besides that key — so the key never changes, and a column a
 * repository does not write (an order's `cogs_*`, computed by COGS linking) keeps its value.
 * Every row must carry the same columns (they come from one mapper).
 *
 * Rows that carry `platform_updated_at` overwrite only a stored row that is not newer: two
 * tasks of one entity may run at once (a forced re-run beside the hourly sync, a full re-read
 * beside a lookback sync) and the older snapshot may commit last; the entity's cursor is past
 * that record by then, so nothing would repair it. Equal overwrites (a Printify order has no
 * updated_at: a cancel keeps its `platform_updated_at`).
 */
export async function upsertOwnedRows<T extends CommerceTable>(trx: Trx, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  if (rows.length === 0) return;
  const update = Object.keys(rows[0]!).filter((column) => !(KEY as readonly string[]).includes(column)) as (keyof Database[T] & string)[];
  const versioned = update.includes(VERSION as keyof Database[T] & string);
  await upsertRows(trx, table, rows, { key: KEY as unknown as (keyof Database[T] & string)[], update, ...(versioned ? { unlessOlder: VERSION as keyof Database[T] & string } : {}) });
}
