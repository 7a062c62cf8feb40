import { sql, type Expression } from 'kysely';
import { sqlFlavorOf } from '../../db/sql-flavor.js';
import type { Trx } from '../../db/transaction.js';
import { toDbTime } from '../../db/values.js';
import { chunks } from '../shared/chunks.js';
import { dayOfDbTime, PRINTIFY, salesOrderCondition } from './sales-orders.js';

/** A sales order by its platform key (the tenant is the caller's). */
export interface SalesOrderRef {
  platform: string;
  platformId: string;
}

/** Printify charges the merchant in US dollars: every COGS is USD. */
export const COGS_CURRENCY = 'USD';

/** Ids per statement: well below both engines' parameter limits (a CASE takes 2 per row). */
const BATCH = 500;

/**
 * Recomputes `cogs_minor`/`cogs_currency` of the tenant's sales orders `salesOrderRefs` (or all
 * of them) by DESIGN.md's rule: Σ `total_minor` of the tenant's Printify orders whose
 * `external_order_ref` is the sales order's `platform_id` and whose connection's
 * `sales_channel` is its platform, leaving out `canceled` ones; NULL when none links. Works
 * whichever side was stored first, and writes only the orders whose COGS changed. Returns the
 * UTC `placed_at` days of those (for `daily_financials`), sorted. Idempotent. Refs of orders
 * not stored (yet) are skipped: storing the sales order links it then.
 *
 * One SELECT computes every target's COGS with a correlated subquery (served by the index on
 * orders (tenant_id, external_order_ref)); the changed ones are written in batches of one
 * UPDATE … CASE each, which both engines run (MySQL refuses an UPDATE whose subquery reads
 * the table it updates). On MySQL both reads lock (FOR UPDATE: supported by MySQL, MariaDB and
 * TiDB alike), so a sales order and its Printify order stored by concurrent transactions cannot
 * both miss each other: a locking read waits for the other's uncommitted row and then reads it,
 * where a plain read passes over it (or, under REPEATABLE READ, reads an older snapshot).
 * SQLite has one writer at a time.
 */
export async function relinkCogs(trx: Trx, tenantId: string, salesOrderRefs: readonly SalesOrderRef[] | 'all', now: Date): Promise<{ changedDays: string[] }> {
  if (salesOrderRefs !== 'all' && salesOrderRefs.length === 0) return { changedDays: [] };
  const shops = await printifyShopsByChannel(trx, tenantId);
  const links: Link[] = [];
  if (salesOrderRefs === 'all') {
    for (const platform of await salesPlatforms(trx, tenantId)) links.push(...(await readLinks(trx, tenantId, platform, undefined, shops.get(platform) ?? [])));
  } else {
    for (const [platform, ids] of groupByPlatform(salesOrderRefs)) {
      for (const slice of chunks(ids, BATCH)) links.push(...(await readLinks(trx, tenantId, platform, slice, shops.get(platform) ?? [])));
    }
  }
  const changed = links.filter((link) => link.cogs !== link.storedCogs || (link.cogs === null ? null : COGS_CURRENCY) !== link.storedCurrency);
  await writeCogs(trx, changed, now);
  return { changedDays: [...new Set(changed.map((link) => dayOfDbTime(link.placedAt)))].sort() };
}

interface Link {
  id: number;
  placedAt: string;
  storedCogs: number | null;
  storedCurrency: string | null;
  /** What the rule gives now. */
  cogs: number | null;
}

/**
 * The tenant's Printify connections by their shop's sales channel (lower case: as sent by
 * Printify, compared without case so `Etsy` cannot slip through). Read once, apart from the
 * locking reads: joining `connections` there would lock the connection rows (MariaDB has no
 * FOR UPDATE OF) and hold up token refreshes for the whole step.
 */
async function printifyShopsByChannel(trx: Trx, tenantId: string): Promise<Map<string, number[]>> {
  const rows = await trx.selectFrom('connections').select(['id', 'sales_channel']).where('tenant_id', '=', tenantId).where('platform', '=', PRINTIFY).where('sales_channel', 'is not', null).execute();
  const byChannel = new Map<string, number[]>();
  for (const row of rows) {
    const channel = row.sales_channel!.toLowerCase();
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), Number(row.id)]);
  }
  return byChannel;
}

async function salesPlatforms(trx: Trx, tenantId: string): Promise<string[]> {
  const rows = await trx.selectFrom('orders as s').select('s.platform').distinct().where('s.tenant_id', '=', tenantId).where(salesOrderCondition('s')).execute();
  return rows.map((row) => row.platform);
}

/**
 * The tenant's sales orders of `platform` (those of `ids`, or all) with their stored and current
 * COGS. The subquery names its index: right after a bulk load, before InnoDB refreshed its
 * statistics, MariaDB chose (tenant_id, platform, platform_id) for it and read every Printify
 * order of the tenant for each sales order (seen: 100k orders, stopped after 20 minutes, instead of
 * 0.4 s); SQLite's INDEXED BY pins the same plan there.
 */
async function readLinks(trx: Trx, tenantId: string, platform: string, ids: readonly string[] | undefined, shops: readonly number[]): Promise<Link[]> {
  const mysql = sqlFlavorOf(trx) === 'mysql';
  const byRef = mysql ? sql`orders as p force index (orders_tenant_external_ref)` : sql`orders as p indexed by orders_tenant_external_ref`;
  // The sales orders by their unique key (tenant, platform, platform_id): MariaDB otherwise took
  // (tenant_id, placed_at) for a page's 100 ids, read — and, FOR UPDATE, locked — every order of
  // the tenant for each page (bench:commerce: 300–600 ms a page at 100k receipts).
  // (SQLite names a UNIQUE constraint's index itself, and its planner takes it unasked.)
  const byKey = mysql ? sql`orders as s force index (orders_platform_id)` : sql`orders as s`;
  // The shops are the tenant's Printify connections: their orders are Printify orders.
  const linked =
    shops.length === 0
      ? sql<null>`null`
      : sql<number | string | null>`(select sum(p.total_minor) from ${byRef}
          where p.tenant_id = s.tenant_id and p.external_order_ref = s.platform_id
            and p.connection_id in (${sql.join(shops)}) and lower(p.status) <> 'canceled'${mysql ? sql` for update` : sql``})`;
  const only = ids === undefined ? sql`` : sql` and s.platform_id in (${sql.join(ids)})`;
  const { rows } = await sql<{ id: number | string; placed_at: string; cogs_minor: number | string | null; cogs_currency: string | null; linked: number | string | null }>`
    select s.id, s.placed_at, s.cogs_minor, s.cogs_currency, ${linked} as linked
    from ${byKey}
    where s.tenant_id = ${tenantId} and s.platform = ${platform} and ${salesOrderCondition('s')}${only}${mysql ? sql` for update` : sql``}`.execute(trx);
  return rows.map((row) => ({
    id: Number(row.id),
    placedAt: row.placed_at,
    storedCogs: row.cogs_minor === null ? null : Number(row.cogs_minor),
    storedCurrency: row.cogs_currency,
    cogs: row.linked === null || row.linked === undefined ? null : Number(row.linked),
  }));
}

async function writeCogs(trx: Trx, changed: readonly Link[], now: Date): Promise<void> {
  const unlinked = changed.filter((link) => link.cogs === null).map((link) => link.id);
  for (const ids of chunks(unlinked, BATCH)) {
    await trx.updateTable('orders').set({ cogs_minor: null, cogs_currency: null, updated_at: toDbTime(now) }).where('id', 'in', ids).execute();
  }
  for (const slice of chunks(changed.filter((link) => link.cogs !== null), BATCH)) {
    const cogs: Expression<number> = sql<number>`case id ${sql.join(
      slice.map((link) => sql`when ${link.id} then ${link.cogs}`),
      sql` `,
    )} end`;
    await trx
      .updateTable('orders')
      .set({ cogs_minor: cogs, cogs_currency: COGS_CURRENCY, updated_at: toDbTime(now) })
      .where(
        'id',
        'in',
        slice.map((link) => link.id),
      )
      .execute();
  }
}

function groupByPlatform(refs: readonly SalesOrderRef[]): Map<string, string[]> {
  const byPlatform = new Map<string, Set<string>>();
  for (const ref of refs) {
    const ids = byPlatform.get(ref.platform) ?? new Set<string>();
    ids.add(String(ref.platformId));
    byPlatform.set(ref.platform, ids);
  }
  return new Map([...byPlatform].map(([platform, ids]) => [platform, [...ids]]));
}
