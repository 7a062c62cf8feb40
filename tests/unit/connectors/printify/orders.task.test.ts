import { describe, expect, it } from '@jest/globals';
import { createOrdersTask, readOrdersPage } from '../../../../lib/connectors/printify/orders.task.js';
import { mapOrder } from '../../../../lib/connectors/printify/orders.mapper.js';
import { orderSchema, type PrintifyOrder } from '../../../../lib/connectors/printify/printify.schemas.js';
import { DeadlineReachedError } from '../../../../lib/errors.js';
import { fixture } from './fixtures.js';
import { runTask, type RunOptions } from './task-harness.js';

const documented = fixture('orders-page.json').data[0];
/** Order `n` (24 hex id), placed at `placed` (ISO), from Printify's documented example. */
const order = (n: number, placed: string): PrintifyOrder => {
  const at = `${placed.slice(0, 10)} ${placed.slice(11, 19)}+00:00`;
  return orderSchema.parse({ ...documented, id: n.toString(16).padStart(24, '0'), created_at: at, sent_to_production_at: null, fulfilled_at: null, shipments: [] });
};
const id = (n: number) => n.toString(16).padStart(24, '0');
/** `count` orders newest first, one an hour back from `newest`; order numbers count down from `count`. */
const hourly = (count: number, newest = '2026-11-29T11:00:00Z') =>
  Array.from({ length: count }, (_, index) => order(count - index, new Date(Date.parse(newest) - index * 3_600_000).toISOString()));
const run = (options: Omit<RunOptions<PrintifyOrder>, 'pageSize'>) => runTask(createOrdersTask, 'orders', { pageSize: 10, ...options });
const upserted = (calls: Awaited<ReturnType<typeof run>>['calls']) => calls.flatMap((c) => (c.call === 'upsertOrders' ? c.orders : []));
const cursors = (calls: Awaited<ReturnType<typeof run>>['calls']) => calls.filter((c) => c.call === 'advanceSyncCursor').map((c) => [c.step, c.value]);

describe('printify.orders backfill', () => {
  it('reads every page of the whole history, a step per page, and sets the cursor once at the end to the newest placed_at', async () => {
    const { fetched, checkpoints, calls, error } = await run({ list: hourly(25), payload: {} });
    expect(error).toBeUndefined();
    expect(fetched).toEqual([1, 2, 3]);
    expect(upserted(calls)).toHaveLength(25);
    expect(cursors(calls)).toEqual([[3, '2026-11-29T11:00:00.000Z']]);
    expect(checkpoints).toEqual([
      { v: 1, page: 2, newest: '2026-11-29T11:00:00.000Z', floor: null, progress: { done: 10, total: 25 } },
      { v: 1, page: 3, newest: '2026-11-29T11:00:00.000Z', floor: null, progress: { done: 20, total: 25 } },
      { v: 1, page: null, newest: '2026-11-29T11:00:00.000Z', floor: null, progress: { done: 25, total: 25 } },
    ]);
  });

  it('stores line items keyed by order and position with their orders', async () => {
    const { calls } = await run({ list: hourly(2), payload: {} });
    expect(calls[0]).toEqual({ step: 1, call: 'upsertOrders', orders: [id(2), id(1)], lineItems: [`${id(2)}:0`, `${id(1)}:0`] });
  });

  it('keeps the window: skips orders after until, ends after the first page wholly older than since', async () => {
    // 40 orders an hour apart from 11:00 back; the window holds 09:00 down to 2026-11-28T20:00 (14 orders).
    const { fetched, calls, checkpoints } = await run({ list: hourly(40), payload: { since: '2026-11-28T20:00:00.000Z', until: '2026-11-29T09:00:00.000Z' } });
    // Page 2 (01:00 back to 2026-11-28T16:00) crosses since; page 3 is wholly older: the walk ends after it, page 4 is never asked for.
    expect(fetched).toEqual([1, 2, 3]);
    const kept = upserted(calls);
    expect(kept).toEqual(hourly(40).slice(2, 16).map((o) => o.id));
    expect(cursors(calls)).toEqual([[3, '2026-11-29T09:00:00.000Z']]);
    // It stopped early: the total is what it read, so the entity shows complete.
    expect(checkpoints.at(-1)).toMatchObject({ page: null, progress: { done: 30, total: 30 } });
  });

  it('a page that only crosses since does not end the walk (a boundary order may sit on the next page)', () => {
    const since = '2026-11-29T05:00:00.000Z';
    const mixed = [order(2, '2026-11-29T06:00:00Z'), order(1, '2026-11-29T04:00:00Z')].map(mapOrder);
    expect(readOrdersPage(mixed, { mode: 'backfill', since, until: null }, null)).toMatchObject({ last: false, newest: new Date('2026-11-29T06:00:00Z') });
    const older = [order(1, '2026-11-29T04:00:00Z')].map(mapOrder);
    expect(readOrdersPage(older, { mode: 'backfill', since, until: null }, null)).toMatchObject({ kept: [], newest: null, last: true });
  });

  it('resumes at the checkpoint\'s page, keeping the newest placed_at it had committed', async () => {
    const checkpoint = { v: 1, page: 3, newest: '2026-11-29T23:00:00.000Z', floor: null, progress: { done: 20, total: 25 } };
    const { fetched, calls, checkpoints } = await run({ list: hourly(25), payload: {}, checkpoint });
    expect(fetched).toEqual([3]);
    expect(upserted(calls)).toHaveLength(5);
    expect(cursors(calls)).toEqual([[1, '2026-11-29T23:00:00.000Z']]);
    expect(checkpoints).toEqual([{ v: 1, page: null, newest: '2026-11-29T23:00:00.000Z', floor: null, progress: { done: 25, total: 25 } }]);
  });

  it('a finished walk (page null) asks for nothing; a checkpoint it cannot read starts over', async () => {
    expect((await run({ list: hourly(25), payload: {}, checkpoint: { v: 1, page: null, newest: null, floor: null, progress: { done: 25, total: 25 } } })).fetched).toEqual([]);
    expect((await run({ list: hourly(25), payload: {}, checkpoint: { v: 2, page: 3 } })).fetched).toEqual([1, 2, 3]);
  });

  it('an empty shop ends at once and sets no cursor', async () => {
    const { fetched, calls, checkpoints } = await run({ list: [], payload: {} });
    expect([fetched, calls]).toEqual([[1], []]);
    expect(checkpoints).toEqual([{ v: 1, page: null, newest: null, floor: null, progress: { done: 0, total: 0 } }]);
  });

  it('no call starts at the deadline: the pages read are committed and the task resumes after them', async () => {
    const { fetched, checkpoints, error } = await run({ list: hourly(25), payload: {}, deadlineAfterPages: 1 });
    expect(error).toBeInstanceOf(DeadlineReachedError);
    expect(fetched).toEqual([1]);
    expect(checkpoints).toEqual([expect.objectContaining({ page: 2 })]);
  });

  it('orders placed while it walks shift the pages: records repeat, none is skipped', async () => {
    let next = 100;
    const { calls } = await run({
      list: hourly(25),
      payload: {},
      // Before pages 2 and 3 two new orders arrive at the front.
      beforePage: (page, list) => {
        if (page > 1) list.unshift(order(next++, '2026-11-29T11:30:00Z'), order(next++, '2026-11-29T11:30:00Z'));
      },
    });
    const kept = upserted(calls);
    expect(hourly(25).every((o) => kept.includes(o.id))).toBe(true);
    expect(kept.length).toBeGreaterThan(25); // repeats, absorbed by the upserts
  });
});

describe('printify.orders sync', () => {
  const cursor = new Date('2026-11-29T11:00:00.000Z');

  it('reads from page 1 until a page reaches past cursor − lookback, advancing the cursor every step', async () => {
    // 30 days of orders, one every 12 hours (60 orders, 6 pages); a lookback of 10 days reaches into page 2.
    const list = Array.from({ length: 60 }, (_, index) => order(60 - index, new Date(cursor.getTime() - index * 43_200_000).toISOString()));
    const { fetched, calls, checkpoints } = await run({ list, cursor, payload: { mode: 'sync' }, env: { PRINTIFY_ORDER_LOOKBACK_DAYS: '10' } });
    expect(fetched).toEqual([1, 2, 3]);
    expect(upserted(calls)).toHaveLength(30);
    expect(cursors(calls)).toEqual([
      [1, '2026-11-29T11:00:00.000Z'],
      [2, '2026-11-24T11:00:00.000Z'],
      [3, '2026-11-19T11:00:00.000Z'],
    ]);
    expect(checkpoints[0]).toMatchObject({ floor: '2026-11-19T11:00:00.000Z' });
    expect(checkpoints.at(-1)).toMatchObject({ page: null, progress: { done: 30, total: 30 } });
  });

  it('a resumed sync keeps the floor it started with, though the cursor has moved since', async () => {
    const list = hourly(60);
    const checkpoint = { v: 1, page: 2, newest: '2026-11-29T11:00:00.000Z', floor: '2026-11-27T00:00:00.000Z', progress: { done: 10, total: 60 } };
    // The cursor is now the newest order: recomputed, the floor would be 30 days before it.
    const { fetched } = await run({ list, cursor: new Date('2026-11-29T11:00:00Z'), checkpoint, payload: { mode: 'sync' }, env: { PRINTIFY_ORDER_LOOKBACK_DAYS: '1' } });
    expect(fetched).toEqual([2, 3, 4, 5, 6]);
  });

  it('a full re-read, or a sync with no cursor yet, reads every page', async () => {
    expect((await run({ list: hourly(45), cursor, payload: { mode: 'sync', full: true } })).fetched).toEqual([1, 2, 3, 4, 5]);
    expect((await run({ list: hourly(45), cursor: null, payload: { mode: 'sync' } })).fetched).toEqual([1, 2, 3, 4, 5]);
  });
});
