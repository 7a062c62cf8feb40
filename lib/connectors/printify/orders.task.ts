import type { Trx } from '../../../db/transaction.js';
import type { TaskHandlerFactory } from '../connector.js';
import type { CommercePayload } from '../sync/commerce-plan.js';
import { fullReadDue, newestOf, startCommerceTask } from '../sync/commerce-task-run.js';
import type { CommerceStore } from './commerce-store.js';
import { mapOrder, type MappedOrder } from './orders.mapper.js';
import { walkPages, type PageWalk } from './page-walk.js';
import type { PrintifyClient } from './printify.client.js';
import type { PrintifySettings } from './printify.config.js';
import type { PrintifyOrder } from './printify.schemas.js';

/*
 * Strategy: orders.json lists newest first with no date filter; the checkpoint is the next page
 * (and the newest placed_at, and the stop line), committed with each page's upserts; the cursor
 * (newest placed_at) moves at the final step. Late changes (orders change status for weeks) are
 * caught by re-reading cursor − PRINTIFY_ORDER_LOOKBACK_DAYS every sync, and everything when the
 * last complete read (sync_cursors.full_read_at) is missing or PRINTIFY_FULL_RESYNC_DAYS old;
 * orders are canceled, never deleted, so deletes are not looked for.
 *
 * Pages move while a walk runs: an order placed meanwhile pushes every older one a place further,
 * so the page after the one committed starts with a record already read — a repeat, which the
 * upserts absorb. Nothing moves toward the front (that would take a deletion), so nothing is
 * skipped.
 */

const DAY_MS = 86_400_000;

export function createOrdersTask(store: CommerceStore): TaskHandlerFactory<PrintifySettings, PrintifyClient> {
  return (deps) => async (task, context) => {
    const run = startCommerceTask(deps, task, context, { platform: 'printify', entity: 'orders' }, store);
    const { payload } = run;
    const walk: PageWalk<PrintifyOrder> = {
      fetchPage: (token, page) => deps.client.listOrders(token, run.accountId, page),
      async floor() {
        if (payload.mode === 'backfill') return null;
        const state = await run.syncState();
        if (state === null || fullReadDue(state.fullReadAt, run.now(), deps.settings.fullResyncDays)) return null;
        return new Date(state.cursor.getTime() - deps.settings.orderLookbackDays * DAY_MS);
      },
      readPage: (items, floor) => {
        const outcome = readOrdersPage(items.map(mapOrder), payload, floor);
        const write = outcome.kept.length === 0 ? null : (trx: Trx) => store.upsertOrders(trx, run.owner, outcome.kept.map((m) => m.order), outcome.kept.flatMap((m) => m.lineItems), run.now());
        return { write, newest: outcome.newest, last: outcome.last };
      },
    };
    await walkPages(run, walk, context.checkpoint);
  };
}

/**
 * Pure: what a page of orders (newest first) comes to.
 * - Backfill: the orders placed inside `since`..`until` are stored; the walk ends after a page
 *   whose orders are all older than `since` (one whole page past the line, so orders that share
 *   a boundary second across a page break are not cut off).
 * - Sync: every order read is stored (each is the vendor's current state); the walk ends after
 *   the page whose oldest order is older than the floor (cursor − lookback; none on a full read).
 * `newest` is the newest placed_at stored, the orders cursor (DESIGN.md: Printify orders' cursor is placed_at).
 */
export function readOrdersPage(orders: readonly MappedOrder[], payload: Pick<CommercePayload, 'mode' | 'since' | 'until'>, floor: Date | null): { kept: MappedOrder[]; newest: Date | null; last: boolean } {
  const placed = (m: MappedOrder) => m.order.placedAt;
  if (payload.mode === 'sync') {
    return { kept: [...orders], newest: newestOf(orders.map(placed)), last: floor !== null && orders.some((m) => placed(m) < floor) };
  }
  const since = payload.since === null ? null : new Date(payload.since);
  const until = payload.until === null ? null : new Date(payload.until);
  const kept = orders.filter((m) => (since === null || placed(m) >= since) && (until === null || placed(m) <= until));
  const last = since !== null && orders.length > 0 && orders.every((m) => placed(m) < since);
  return { kept, newest: newestOf(kept.map(placed)), last };
}
