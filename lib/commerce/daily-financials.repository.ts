import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/database.js';
import { sqlFlavorOf } from '../../db/sql-flavor.js';
import type { Trx } from '../../db/transaction.js';
import { toDbTime } from '../../db/values.js';
import { addDays, parseDay } from '../shared/calendar-days.js';
import { chunks } from '../shared/chunks.js';
import { salesOrderCondition } from './sales-orders.js';

/**
 * Sales-order statuses that are not revenue (DESIGN.md `daily_financials`), by platform, as the
 * vendors send them in `orders.status`: Etsy receipts' `status`, Shopify's
 * `displayFinancialStatus`. Compared in lower case: Etsy's documentation spells them in lower
 * case (https://developers.etsy.com/documentation/reference#operation/getShopReceipts), its
 * answers capitalised. A partial refund still counts whole.
 */
const NOT_REVENUE: Readonly<Record<string, readonly string[]>> = {
  etsy: ['canceled', 'fully refunded'],
  shopify: ['refunded', 'voided'],
};

/** Day ranges per statement: each is two parameters. */
const RANGES_PER_STATEMENT = 200;

/** Records days whose `daily_financials` rows must be rebuilt, with the writes that touched them. */
export async function markFinancialDaysDirty(trx: Trx, tenantId: string, days: readonly string[], now: Date): Promise<void> {
  const unique = [...new Set(days)].sort();
  for (const day of unique) parseDay(day);
  for (const slice of chunks(unique, 500)) {
    const insert = trx.insertInto('financial_days_dirty').values(slice.map((dt) => ({ tenant_id: tenantId, dt, marked_at: toDbTime(now) })));
    await (sqlFlavorOf(trx) === 'mysql'
      ? insert.onDuplicateKeyUpdate({ marked_at: sql`values(marked_at)` })
      : insert.onConflict((oc) => oc.columns(['tenant_id', 'dt']).doUpdateSet({ marked_at: sql.ref('excluded.marked_at') }))
    ).execute();
  }
}

/**
 * The tenant's dirty days (the oldest `limit` of them), oldest first, removed from the list in the same transaction: the
 * rebuild that takes them commits with their removal, or neither happens. A day marked again
 * after the take (a later transaction) is taken by the next rebuild.
 */
export async function takeDirtyFinancialDays(trx: Trx, tenantId: string, limit?: number): Promise<string[]> {
  const mysql = sqlFlavorOf(trx) === 'mysql';
  const rows = await trx
    .selectFrom('financial_days_dirty')
    .select('dt')
    .where('tenant_id', '=', tenantId)
    .orderBy('dt')
    .$if(limit !== undefined, (qb) => qb.limit(limit!))
    .$if(mysql, (qb) => qb.forUpdate())
    .execute();
  const days = rows.map((row) => row.dt);
  for (const slice of chunks(days, 500)) await trx.deleteFrom('financial_days_dirty').where('tenant_id', '=', tenantId).where('dt', 'in', slice).execute();
  return days;
}

/**
 * Rebuilds the tenant's `daily_financials` rows of `days` (or of every day) from its sales
 * orders by DESIGN.md's rule: per UTC day of `placed_at` and currency, `orders_count` and
 * `revenue_minor` (Σ `total_minor`) over the orders that are revenue; `cogs_minor` = Σ of their
 * COGS in that currency — COGS in another currency than the order's lands in its own
 * currency's row of the day, created with 0 orders if need be; `gross_profit_minor` = revenue −
 * COGS. The days' rows are deleted and inserted again (a day left without orders keeps no
 * row), with one INSERT … SELECT per batch of days. Returns the rows written. Idempotent.
 */
export async function rebuildFinancialDays(trx: Trx, tenantId: string, days: readonly string[] | 'all', now: Date): Promise<number> {
  if (days === 'all') {
    await trx.deleteFrom('daily_financials').where('tenant_id', '=', tenantId).execute();
    return insertDays(trx, tenantId, undefined, now);
  }
  let written = 0;
  for (const ranges of chunks(dayRanges(days), RANGES_PER_STATEMENT)) {
    await trx
      .deleteFrom('daily_financials')
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or(ranges.map((range) => eb.and([eb('dt', '>=', range.from), eb('dt', '<', range.to)]))))
      .execute();
    written += await insertDays(trx, tenantId, ranges, now);
  }
  return written;
}

/** A run of consecutive days: `from` inclusive, `to` the day after the last. */
interface DayRange {
  from: string;
  to: string;
}

/** Sorted, merged runs of the days, so a week of days is one range scan of the (tenant_id, placed_at) index. */
function dayRanges(days: readonly string[]): DayRange[] {
  const ranges: DayRange[] = [];
  for (const day of [...new Set(days)].sort()) {
    parseDay(day);
    const last = ranges.at(-1);
    if (last !== undefined && last.to === day) last.to = addDays(day, 1);
    else ranges.push({ from: day, to: addDays(day, 1) });
  }
  return ranges;
}

async function insertDays(trx: Trx, tenantId: string, ranges: readonly DayRange[] | undefined, now: Date): Promise<number> {
  const mysql = sqlFlavorOf(trx) === 'mysql';
  // The day of a stored time: DATE() of MySQL's DATETIME(3), the text's first 10 characters on SQLite.
  const day = mysql ? sql<string>`date(o.placed_at)` : sql<string>`substr(o.placed_at, 1, 10)`;
  const revenueOrders = (db: Kysely<Database>) =>
    db
      .selectFrom('orders as o')
      .where('o.tenant_id', '=', tenantId)
      .where(salesOrderCondition('o'))
      .where(isRevenue())
      .$if(ranges !== undefined, (qb) =>
        qb.where((eb) => eb.or(ranges!.map((range) => eb.and([eb('o.placed_at', '>=', `${range.from} 00:00:00.000`), eb('o.placed_at', '<', `${range.to} 00:00:00.000`)])))),
      );
  // One line per order for its revenue, and one per order with COGS for the COGS, in the COGS's own currency.
  const lines = revenueOrders(trx)
    .select([day.as('dt'), 'o.currency as currency', sql<number>`1`.as('orders_count'), 'o.total_minor as revenue_minor', sql<number>`0`.as('cogs_minor')])
    .unionAll(
      revenueOrders(trx)
        .where('o.cogs_minor', 'is not', null)
        .select([day.as('dt'), sql<string>`o.cogs_currency`.as('currency'), sql<number>`0`.as('orders_count'), sql<number>`0`.as('revenue_minor'), sql<number>`o.cogs_minor`.as('cogs_minor')]),
    );
  const sums = trx
    .selectFrom(lines.as('l'))
    .groupBy(['l.dt', 'l.currency'])
    .select((eb) => [
      sql<string>`${tenantId}`.as('tenant_id'),
      'l.dt',
      'l.currency',
      eb.fn.sum<number>('l.orders_count').as('orders_count'),
      eb.fn.sum<number>('l.revenue_minor').as('revenue_minor'),
      eb.fn.sum<number>('l.cogs_minor').as('cogs_minor'),
      sql<number>`sum(l.revenue_minor) - sum(l.cogs_minor)`.as('gross_profit_minor'),
      sql<string>`${toDbTime(now)}`.as('updated_at'),
    ]);
  const result = await trx
    .insertInto('daily_financials')
    .columns(['tenant_id', 'dt', 'currency', 'orders_count', 'revenue_minor', 'cogs_minor', 'gross_profit_minor', 'updated_at'])
    .expression(sums)
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Not a status NOT_REVENUE lists for the order's platform. */
function isRevenue(): Expression<SqlBool> {
  const excluded = Object.entries(NOT_REVENUE).map(([platform, statuses]) => sql`(o.platform = ${platform} and lower(o.status) in (${sql.join(statuses)}))`);
  return sql<SqlBool>`not (${sql.join(excluded, sql` or `)})`;
}

export interface DailyFinancials {
  dt: string;
  currency: string;
  ordersCount: number;
  revenueMinor: number;
  cogsMinor: number;
  grossProfitMinor: number;
}

/** The tenant's rows for the days `startDate`..`endDate` (inclusive), by day then currency. */
export async function listDailyFinancials(db: Kysely<Database>, tenantId: string, startDate: string, endDate: string): Promise<DailyFinancials[]> {
  const rows = await db
    .selectFrom('daily_financials')
    .select(['dt', 'currency', 'orders_count', 'revenue_minor', 'cogs_minor', 'gross_profit_minor'])
    .where('tenant_id', '=', tenantId)
    .where('dt', '>=', startDate)
    .where('dt', '<=', endDate)
    .orderBy('dt')
    .orderBy('currency')
    .execute();
  // MySQL may hand BIGINT back as a string.
  return rows.map((row) => ({
    dt: row.dt,
    currency: row.currency,
    ordersCount: Number(row.orders_count),
    revenueMinor: Number(row.revenue_minor),
    cogsMinor: Number(row.cogs_minor),
    grossProfitMinor: Number(row.gross_profit_minor),
  }));
}
