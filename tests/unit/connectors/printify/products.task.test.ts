import { describe, expect, it } from '@jest/globals';
import { productSchema, type PrintifyProduct } from '../../../../lib/connectors/printify/printify.schemas.js';
import { createProductsTask } from '../../../../lib/connectors/printify/products.task.js';
import { fixture } from './fixtures.js';
import { runTask, type RunOptions } from './task-harness.js';

const documented = fixture('products-page.json').data[0];
/** Product `n` last updated at `updated` (ISO), from Printify's documented example (two variants). */
const product = (n: number, updated: string): PrintifyProduct =>
  productSchema.parse({ ...documented, id: n.toString(16).padStart(24, '0'), updated_at: `${updated.slice(0, 10)} ${updated.slice(11, 19)}+00:00` });
// Listed by creation, not by update: the newest update sits on the last page.
const catalogue = Array.from({ length: 120 }, (_, index) => product(index + 1, new Date(Date.UTC(2026, 0, 1) + index * 86_400_000).toISOString()));
const run = (options: Omit<RunOptions<PrintifyProduct>, 'pageSize' | 'list'>) => runTask(createProductsTask, 'products', { pageSize: 50, list: catalogue, ...options });

describe('printify.products', () => {
  it('a backfill reads the whole catalogue whatever its window, products with their variants, and sets the cursor at the end', async () => {
    const { fetched, calls, checkpoints } = await run({ payload: { since: '2026-11-01T00:00:00.000Z' } });
    expect(fetched).toEqual([1, 2, 3]);
    const upserts = calls.filter((c) => c.call === 'upsertProducts');
    expect(upserts.flatMap((c) => c.products)).toHaveLength(120);
    expect(upserts[0]!.variants.slice(0, 2)).toEqual([`${'1'.padStart(24, '0')}:33719`, `${'1'.padStart(24, '0')}:33720`]);
    expect(calls.filter((c) => c.call === 'advanceSyncCursor')).toEqual([{ step: 3, call: 'advanceSyncCursor', entity: 'products', value: '2026-04-30T00:00:00.000Z' }]);
    expect(checkpoints.at(-1)).toEqual({ v: 1, page: null, newest: '2026-04-30T00:00:00.000Z', floor: null, progress: { done: 120, total: 120 }, startedAt: '2026-11-29T12:00:00.000Z', steadyTotal: 120 });
  });

  it('a sync re-reads every page (no updated-since filter), moving the cursor at its final step', async () => {
    const { fetched, calls } = await run({ payload: { mode: 'sync' }, cursor: new Date('2026-12-01T00:00:00Z') });
    expect(fetched).toEqual([1, 2, 3]);
    expect(calls.filter((c) => c.call === 'advanceSyncCursor').map((c) => c.step)).toEqual([3]);
  });

  it('a complete read deletes, at its final step, the connection’s products it did not write since it started (review 11 #13)', async () => {
    for (const mode of ['backfill', 'sync'] as const) {
      const { calls } = await run({ payload: { mode }, cursor: new Date('2026-12-01T00:00:00Z') });
      expect(calls.filter((c) => c.call === 'deleteProductsNotSeenSince')).toEqual([{ step: 3, call: 'deleteProductsNotSeenSince', readStart: '2026-11-29T12:00:00.000Z' }]);
    }
  });

  it('a resumed read deletes from the time it first started; a read whose pages gave different totals (one deleted mid-walk may leave another unread) deletes nothing', async () => {
    const checkpoint = { v: 1, page: 3, newest: null, floor: null, progress: { done: 100, total: 120 }, startedAt: '2026-11-29T11:00:00.000Z', steadyTotal: 120 };
    expect((await run({ payload: {}, checkpoint })).calls.filter((c) => c.call === 'deleteProductsNotSeenSince')).toEqual([{ step: 1, call: 'deleteProductsNotSeenSince', readStart: '2026-11-29T11:00:00.000Z' }]);
    const shrinking = await run({ payload: {}, beforePage: (page, list) => void (page === 2 && list.splice(0, 1)) });
    expect(shrinking.calls.filter((c) => c.call === 'deleteProductsNotSeenSince')).toEqual([]);
  });

  it('resumes at the checkpoint\'s page', async () => {
    const checkpoint = { v: 1, page: 3, newest: '2026-04-09T00:00:00.000Z', floor: null, progress: { done: 100, total: 120 } };
    const { fetched, checkpoints } = await run({ payload: {}, checkpoint });
    expect(fetched).toEqual([3]);
    expect(checkpoints).toEqual([{ v: 1, page: null, newest: '2026-04-30T00:00:00.000Z', floor: null, progress: { done: 120, total: 120 } }]);
  });
});
