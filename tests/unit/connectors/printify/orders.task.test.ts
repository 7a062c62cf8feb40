import { describe, expect, it } from '@jest/globals';
import { createOrdersTask, readOrdersPage } from '../../../../lib/connectors/printify/orders.task.js';
import { fullReadDue } from '../../../../lib/connectors/sync/commerce-task-run.js';
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
    const started = { startedAt: '2026-11-29T12:00:00.000Z', steadyTotal: 25 };
    expect(checkpoints).toEqual([
      { v: 1, page: 2, newest: '2026-11-29T11:00:00.000Z', floor: null, progress: { done: 10, total: 25 }, ...started },
      { v: 1, page: 3, newest: '2026-11-29T11:00:00.000Z', floor: null, progress: { done: 20, total: 25 }, ...started },
      { v: 1, page: null, newest: '2026-11-29T11:00:00.000Z', floor: null, progress: { done: 25, total: 25 }, ...started },
    ]);
    // The whole list read: a complete read, marked with the cursor at the final step.
    expect(calls.at(-1)).toEqual({ step: 3, call: 'markCompletedRead', entity: 'orders', scannedUntil: '2026-11-29T12:00:00.000Z', fullReadAt: '2026-11-29T12:00:00.000Z' });
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
    expect(fetched).toEqual([1]);
    expect(cursors(calls)).toEqual([]);
    expect(checkpoints).toEqual([{ v: 1, page: null, newest: null, floor: null, progress: { done: 0, total: 0 }, startedAt: '2026-11-29T12:00:00.000Z', steadyTotal: 0 }]);
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

  it('reads from page 1 until a page reaches past cursor − lookback, moving the cursor once, at the final step', async () => {
    // 30 days of orders, one every 12 hours (60 orders, 6 pages); a lookback of 10 days reaches into page 2.
    const list = Array.from({ length: 60 }, (_, index) => order(60 - index, new Date(cursor.getTime() - index * 43_200_000).toISOString()));
    const { fetched, calls, checkpoints } = await run({ list, cursor, payload: { mode: 'sync' }, env: { PRINTIFY_ORDER_LOOKBACK_DAYS: '10' } });
    expect(fetched).toEqual([1, 2, 3]);
    expect(upserted(calls)).toHaveLength(30);
    expect(cursors(calls)).toEqual([[3, '2026-11-29T11:00:00.000Z']]);
    expect(checkpoints[0]).toMatchObject({ floor: '2026-11-19T11:00:00.000Z' });
    // Stopped at the lookback: not a complete read.
    expect(calls.at(-1)).toMatchObject({ call: 'markCompletedRead', fullReadAt: null });
    expect(checkpoints.at(-1)).toMatchObject({ page: null, progress: { done: 30, total: 30 } });
  });

  it('a resumed sync keeps the floor it started with, though the cursor has moved since', async () => {
    const list = hourly(60);
    const checkpoint = { v: 1, page: 2, newest: '2026-11-29T11:00:00.000Z', floor: '2026-11-27T00:00:00.000Z', progress: { done: 10, total: 60 } };
    // The cursor is now the newest order: recomputed, the floor would be 30 days before it.
    const { fetched } = await run({ list, cursor: new Date('2026-11-29T11:00:00Z'), checkpoint, payload: { mode: 'sync' }, env: { PRINTIFY_ORDER_LOOKBACK_DAYS: '1' } });
    expect(fetched).toEqual([2, 3, 4, 5, 6]);
  });

  it('a sync cut short after page 1 leaves the cursor where it was, so the next sync’s stop line still reaches the pages it did not read (review 11 #4)', async () => {
    // Newest first: page 1 holds the newest order. Moving the cursor there would put the next
    // sync's stop line (cursor − lookback) past the older pages this one never read.
    const list = Array.from({ length: 60 }, (_, index) => order(60 - index, new Date(cursor.getTime() - index * 43_200_000).toISOString()));
    const { fetched, calls, error } = await run({ list, cursor: new Date('2026-11-10T00:00:00Z'), payload: { mode: 'sync' }, env: { PRINTIFY_ORDER_LOOKBACK_DAYS: '1' }, deadlineAfterPages: 1 });
    expect(error).toBeInstanceOf(DeadlineReachedError);
    expect(fetched).toEqual([1]);
    expect(cursors(calls)).toEqual([]);
  });

  it('reads every page when no complete read is on record, or the last is PRINTIFY_FULL_RESYNC_DAYS old, and marks the read at its end', async () => {
    const full = await run({ list: hourly(45), cursor, fullReadAt: null, payload: { mode: 'sync' } });
    expect(full.fetched).toEqual([1, 2, 3, 4, 5]);
    expect(full.calls.at(-1)).toEqual({ step: 5, call: 'markCompletedRead', entity: 'orders', scannedUntil: '2026-11-29T12:00:00.000Z', fullReadAt: '2026-11-29T12:00:00.000Z' });
    expect((await run({ list: hourly(45), cursor, fullReadAt: new Date('2026-11-22T12:00:00Z'), payload: { mode: 'sync' } })).fetched).toEqual([1, 2, 3, 4, 5]);
    // Six days and 23 hours: not yet (default 7 days); the lookback stop line applies.
    expect((await run({ list: hourly(45), cursor, fullReadAt: new Date('2026-11-22T13:00:00Z'), payload: { mode: 'sync' }, env: { PRINTIFY_ORDER_LOOKBACK_DAYS: '1' } })).fetched).toEqual([1, 2, 3]);
    expect((await run({ list: hourly(45), cursor: null, payload: { mode: 'sync' } })).fetched).toEqual([1, 2, 3, 4, 5]);
  });

  it('fullReadDue: none on record, or at least the period old — whatever the sync interval or a missed slot', () => {
    const now = new Date('2026-11-29T12:00:00Z');
    expect(fullReadDue(null, now, 7)).toBe(true);
    expect(fullReadDue(new Date('2026-11-22T12:00:00Z'), now, 7)).toBe(true);
    expect(fullReadDue(new Date('2026-11-22T12:00:00.001Z'), now, 7)).toBe(false);
    expect(fullReadDue(new Date('2026-10-01T07:13:00Z'), now, 7)).toBe(true);
  });
});
