import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Insertable } from 'kysely';
import type { OrdersTable } from '../../../db/tables/commerce.table.js';
import { inTransaction } from '../../../db/transaction.js';
import { toDbTime } from '../../../db/values.js';
import { relinkCogs } from '../../../lib/commerce/cogs-linking.js';
import type { CommerceOwner } from '../../../lib/commerce/commerce-owner.js';
import { rebuildFinancialDays } from '../../../lib/commerce/daily-financials.repository.js';
import { upsertOrders } from '../../../lib/commerce/orders.repository.js';
import { chunks } from '../../../lib/shared/chunks.js';
import { connect, printifyOrder } from '../../support/commerce-fixtures.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

const SALES = 100_000;
const NOW = new Date('2026-04-01T00:00:00.000Z');
const DAY_MS = 86_400_000;

// Scale: a tenant with 100k Etsy receipts, each fulfilled by one Printify order (every 10th by
// two). The timings are printed, not asserted (the machine varies); the results are checked.
describeEachEngine('COGS relink at 100k orders', (engine) => {
  let database: TestDatabase;
  let etsy: CommerceOwner;
  let printify: CommerceOwner;
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    timings[name] = Math.round(performance.now() - started);
    return result;
  };

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    etsy = await connect(database.db, 'acme', 'etsy', 'etsy-shop');
    printify = await connect(database.db, 'acme', 'printify', 'pf-1', 'etsy');
    const row = (owner: CommerceOwner, platformId: string, i: number, total: number, ref: string | null): Insertable<OrdersTable> => ({
      tenant_id: 'acme', platform: owner.platform, platform_id: platformId, connection_id: owner.connectionId, updated_at: toDbTime(NOW),
      status: 'paid', currency: 'USD', total_minor: total, subtotal_minor: total, shipping_minor: 0, tax_minor: 0, discount_minor: 0,
      placed_at: toDbTime(new Date(Date.UTC(2024, 0, 1) + (i % 730) * DAY_MS + (i % 86_400) * 1000)), platform_updated_at: toDbTime(NOW), external_order_ref: ref,
    });
    const rows: Insertable<OrdersTable>[] = [];
    for (let i = 0; i < SALES; i++) {
      rows.push(row(etsy, String(3_000_000_000 + i), i, 5000, null));
      rows.push(row(printify, `pf${i}`, i, 1000 + (i % 100), String(3_000_000_000 + i)));
      if (i % 10 === 0) rows.push(row(printify, `pf${i}b`, i, 7, String(3_000_000_000 + i)));
    }
    // Seeded directly (not through upsertOrders, which would link as it goes): the relink below does all the work.
    await timed('seed', () => inTransaction(database.db, async (trx) => {
      for (const slice of chunks(rows, 1000)) await trx.insertInto('orders').values(slice).execute();
    }));
  }, 600_000);
  afterAll(async () => {
    process.stdout.write(`\nCOGS relink at ${SALES.toLocaleString('en-US')} sales orders [${engine}], ms: ${JSON.stringify(timings)}\n`);
    await database.drop();
  });

  it('links every sales order in one relink of all, then finds nothing to change', async () => {
    const first = await timed('relink all (100k changed)', () => inTransaction(database.db, (trx) => relinkCogs(trx, 'acme', 'all', NOW)));
    expect(first.changedDays).toHaveLength(730);
    const again = await timed('relink all (nothing changed)', () => inTransaction(database.db, (trx) => relinkCogs(trx, 'acme', 'all', NOW)));
    expect(again.changedDays).toEqual([]);
    const { total, linked } = await database.db
      .selectFrom('orders')
      .where('platform', '=', 'etsy')
      .select((eb) => [eb.fn.sum<number>('cogs_minor').as('total'), eb.fn.count<number>('cogs_minor').as('linked')])
      .executeTakeFirstOrThrow();
    // Σ over i of (1000 + i % 100) + 7 for every 10th.
    expect([Number(total), Number(linked)]).toEqual([SALES * 1000 + (SALES / 100) * 4950 + (SALES / 10) * 7, SALES]);
  }, 600_000);

  it('a page of 100 Printify orders relinks its sales orders quickly', async () => {
    const page = Array.from({ length: 100 }, (_, i) => printifyOrder(`pf${i * 997}`, String(3_000_000_000 + i * 997), 2000, { platformUpdatedAt: NOW }));
    await timed('upsertOrders: page of 100 Printify orders', () => inTransaction(database.db, (trx) => upsertOrders(trx, printify, page, [], NOW)));
    const cogs = await database.db.selectFrom('orders').select('cogs_minor').where('platform', '=', 'etsy').where('platform_id', '=', String(3_000_000_000 + 997)).executeTakeFirstOrThrow();
    expect(Number(cogs.cogs_minor)).toBe(2000);
  }, 600_000);

  it('rebuilds the financials of every day', async () => {
    const rows = await timed('rebuildFinancialDays all (730 days)', () => inTransaction(database.db, (trx) => rebuildFinancialDays(trx, 'acme', 'all', NOW)));
    expect(rows).toBe(730);
    const days = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2025, 0, 1) + i * DAY_MS).toISOString().slice(0, 10));
    expect(await timed('rebuildFinancialDays 30 days', () => inTransaction(database.db, (trx) => rebuildFinancialDays(trx, 'acme', days, NOW)))).toBe(30);
  }, 600_000);
});
