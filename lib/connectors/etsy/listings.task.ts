import * as z from 'zod';
import { deleteListingsNotSeenSince, upsertListings } from '../../commerce/listings.repository.js';
import type { ConnectorTaskHandler, TaskDeps } from '../connector.js';
import { offsetPages } from '../pagination/offset-pages.js';
import { isoTime, newestOf, progressSchema } from '../sync/commerce-task-run.js';
import { ETSY_PAGE_LIMIT, type EtsyClient } from './etsy.client.js';
import type { EtsySettings } from './etsy.config.js';
import { startEtsyTask } from './etsy-task-run.js';
import { mapListing } from './listings.mapper.js';

/*
 * Strategy: the shop's active listings (`state=active`, as the seed asks), oldest first, offset pages of 100; checkpoint `{offset, newest, startedAt}`.
 * Etsy has no updated-since filter for listings, so every read (backfill or sync) is complete: its final step deletes the connection's listings it did not write (they left `active`).
 */

const checkpointSchema = z.object({
  v: z.literal(1),
  mode: z.enum(['backfill', 'sync']),
  offset: z.number().int().nonnegative(),
  newest: isoTime.nullable(),
  finished: z.boolean(),
  progress: progressSchema,
  /** When the read started: rows it wrote have a later `updated_at`. Absent in a checkpoint written before it existed: that read deletes nothing. */
  startedAt: isoTime.optional(),
  /** Etsy's count, while every page of the read reported the same one (null once two differed). */
  steadyCount: z.number().int().nonnegative().nullable().optional(),
});

export function createListingsHandler(deps: TaskDeps<EtsySettings, EtsyClient>): ConnectorTaskHandler {
  return async (task, context) => {
    const run = startEtsyTask(deps, task, context, 'listings');
    const { mode } = run.payload;
    const parsed = checkpointSchema.safeParse(context.checkpoint).data;
    const saved = parsed?.mode === mode ? parsed : undefined;
    if (saved?.finished) return;
    const startedAt = saved ? saved.startedAt : run.now().toISOString();
    let newest = saved?.newest ? new Date(saved.newest) : null;
    let done = saved?.progress.done ?? 0;
    let steadyCount = saved ? (saved.steadyCount ?? null) : undefined;
    const pages = offsetPages(
      (offset, limit) => run.call(`active listings at offset ${offset}`, (token) => deps.client.listActiveListings(token, run.accountId, { limit, offset })),
      { limit: ETSY_PAGE_LIMIT, startOffset: saved?.offset ?? 0 },
    );
    for await (const page of pages) {
      const rows = page.results.map(mapListing);
      newest = newestOf([newest, ...rows.map((row) => row.platformUpdatedAt)]);
      done += rows.length;
      // A listing leaving `active` mid-read shifts the offsets and one still active may go unread
      // (and be deleted): only a read whose every page saw the same count, all of it read, deletes.
      steadyCount = steadyCount === undefined || steadyCount === page.count ? page.count : null;
      const sweepFrom = page.last && startedAt !== undefined && steadyCount !== null && done >= steadyCount ? new Date(startedAt) : null;
      // The cursor is the newest listing change committed: a sync moves it each page, a backfill
      // sets it with its last page (the time it ran when the shop has no active listing).
      const cursor = mode === 'sync' ? newest : page.last ? (newest ?? run.now()) : null;
      await run.commit(
        {
          write: async (trx) => {
            if (rows.length > 0) await upsertListings(trx, run.owner, rows, run.now());
            if (sweepFrom) await deleteListingsNotSeenSince(trx, run.owner, sweepFrom);
          },
          cursor,
          completes: page.last ? { scannedUntil: new Date(startedAt ?? run.now()), fullReadAt: startedAt === undefined ? null : new Date(startedAt) } : null,
        },
        {
          v: 1,
          mode,
          offset: page.nextOffset,
          newest: newest?.toISOString() ?? null,
          finished: page.last,
          progress: { done, total: Math.max(page.count, done) },
          ...(startedAt === undefined ? {} : { startedAt, steadyCount }),
        } satisfies z.infer<typeof checkpointSchema>,
      );
    }
  };
}
