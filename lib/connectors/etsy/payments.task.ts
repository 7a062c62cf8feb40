import * as z from 'zod';
import { upsertPayments } from '../../commerce/payments.repository.js';
import type { ConnectorTaskHandler, TaskDeps } from '../connector.js';
import { windowedOffsetPages } from '../pagination/windowed-offset-pages.js';
import { dateOfEpochSeconds, epochSecondsOf } from './etsy-time.js';
import { windowFrom } from './etsy-windows.js';
import { ETSY_PAGE_LIMIT, type EtsyClient } from './etsy.client.js';
import type { EtsySettings } from './etsy.config.js';
import { isoTime, newestOf, progressSchema } from '../sync/commerce-task-run.js';
import { backfillUntil, isoOfSeconds, secondsOfIso, startEtsyTask, SYNC_OVERLAP_SECONDS, type EtsyTaskRun } from './etsy-task-run.js';
import { mapLedgerEntry } from './ledger-entries.mapper.js';

/*
 * Strategy: payment-account ledger entries in 31-day `created` windows (Etsy's maximum), oldest first, offset pages of 100; checkpoint `{windowStart, offset, newest}`.
 * An entry never changes once written: a sync reads from max(cursor = newest entry_created_at, scanned_until = how far the last completed read scanned) − 10 min up to its start,
 * so only new (or late-stamped) entries are fetched, and a shop without new entries costs one window a sync, not one per 31 days since its last entry.
 *
 * Progress has no total: Etsy counts one window at a time (at most 31 days), never the range.
 */

const checkpointSchema = z.object({
  v: z.literal(1),
  mode: z.enum(['backfill', 'sync']),
  windowStart: isoTime,
  offset: z.number().int().nonnegative(),
  /** The range's last second: the backfill's `until`, or the time the sync started. */
  until: isoTime,
  newest: isoTime.nullable(),
  progress: progressSchema,
});
type Checkpoint = z.infer<typeof checkpointSchema>;

export function createPaymentsHandler(deps: TaskDeps<EtsySettings, EtsyClient>): ConnectorTaskHandler {
  return async (task, context) => {
    const run = startEtsyTask(deps, task, context, 'payments');
    const { mode } = run.payload;
    const parsed = checkpointSchema.safeParse(context.checkpoint).data;
    const checkpointed = parsed?.mode === mode ? parsed : undefined;
    // A backfill's checkpoint must be of its own range; a sync's holds the bound it started with.
    const until = mode === 'backfill' ? backfillUntil(run, checkpointed?.until) : checkpointed ? secondsOfIso(checkpointed.until) : epochSecondsOf(run.now());
    const saved = checkpointed !== undefined && secondsOfIso(checkpointed.until) === until ? checkpointed : undefined;
    const windowStart = saved ? secondsOfIso(saved.windowStart) : await firstSecond(deps, run, until);
    if (saved && windowStart > until) return; // its final step is committed

    let newest = saved?.newest ? new Date(saved.newest) : null;
    let done = saved?.progress.done ?? 0;
    const step = (next: { windowStart: number; offset: number }): Checkpoint => ({
      v: 1,
      mode,
      windowStart: isoOfSeconds(next.windowStart),
      offset: next.offset,
      until: isoOfSeconds(until),
      newest: newest?.toISOString() ?? null,
      progress: { done, total: null },
    });
    if (windowStart > until) {
      // Nothing to read (the shop opened after the range): only the backfill's final step, its cursor at the range's end.
      if (mode === 'backfill') await run.commit({ cursor: dateOfEpochSeconds(until), completes: { scannedUntil: dateOfEpochSeconds(until), fullReadAt: null } }, step({ windowStart, offset: 0 }));
      return;
    }
    const pages = windowedOffsetPages(
      (window, offset, limit) =>
        run.call(`ledger entries created ${isoOfSeconds(window.start)}..${isoOfSeconds(window.end)} at offset ${offset}`, (token) =>
          deps.client.listLedgerEntries(token, run.accountId, { minCreated: window.start, maxCreated: window.end, limit, offset }),
        ),
      { limit: ETSY_PAGE_LIMIT, start: { windowStart, offset: saved?.offset ?? 0 }, until, windowAt: windowFrom },
    );
    for await (const page of pages) {
      const rows = page.results.map(mapLedgerEntry);
      newest = newestOf([newest, ...rows.map((row) => row.entryCreatedAt)]);
      done += rows.length;
      // The cursor is the newest entry_created_at committed: a sync moves it each page; a backfill
      // sets it with its last page (the range's end when the range held no entry).
      const cursor = mode === 'sync' ? newest : page.finished ? (newest ?? dateOfEpochSeconds(until)) : null;
      await run.commit(
        {
          write: rows.length === 0 ? null : (trx) => upsertPayments(trx, run.owner, rows, run.now()),
          cursor,
          completes: page.finished ? { scannedUntil: dateOfEpochSeconds(until), fullReadAt: null } : null,
        },
        step(page.next),
      );
    }
  };
}

/**
 * Where a new walk starts: a backfill at the shop's creation (or COMMERCE_BACKFILL_SINCE / the
 * job's range, if later); a sync at the later of its cursor and how far the last completed read
 * scanned, − overlap, or at the shop's creation when no backfill ever set a cursor.
 */
async function firstSecond(deps: TaskDeps<EtsySettings, EtsyClient>, run: EtsyTaskRun, until: number): Promise<number> {
  const shopCreated = async () => (await run.call('reading the shop', (token) => deps.client.getShop(token, run.accountId))).createdAt;
  if (run.payload.mode === 'sync') {
    const state = await run.syncState();
    if (state === null) return shopCreated();
    const from = newestOf([state.cursor, state.scannedUntil])!;
    return Math.min(epochSecondsOf(from) - SYNC_OVERLAP_SECONDS, until);
  }
  const created = await shopCreated();
  return run.payload.since === null ? created : Math.max(created, epochSecondsOf(new Date(run.payload.since)));
}
