import * as z from 'zod';
import { upsertListings } from '../../commerce/listings.repository.js';
import { advanceSyncCursor } from '../../commerce/sync-cursors.repository.js';
import type { ConnectorTaskHandler, TaskDeps } from '../connector.js';
import { offsetPages } from '../pagination/offset-pages.js';
import { ETSY_PAGE_LIMIT, type EtsyClient } from './etsy.client.js';
import type { EtsySettings } from './etsy.config.js';
import { isoTime, laterOf, progressSchema, startEtsyTask } from './etsy-task-run.js';
import { mapListing } from './listings.mapper.js';

/*
 * Strategy: the shop's active listings (`state=active`, as the seed asks), oldest first, offset pages of 100; checkpoint `{offset, newest}`.
 * Etsy has no updated-since filter for listings, so a sync re-reads every active listing; a listing that leaves `active` is not read again and its row keeps its last state.
 */

const checkpointSchema = z.object({
  v: z.literal(1),
  mode: z.enum(['backfill', 'sync']),
  offset: z.number().int().nonnegative(),
  newest: isoTime.nullable(),
  finished: z.boolean(),
  progress: progressSchema,
});

export function createListingsHandler(deps: TaskDeps<EtsySettings, EtsyClient>): ConnectorTaskHandler {
  return async (task, context) => {
    const run = startEtsyTask(deps, task, context, 'listings');
    const { mode } = run.payload;
    const parsed = checkpointSchema.safeParse(context.checkpoint).data;
    const saved = parsed?.mode === mode ? parsed : undefined;
    if (saved?.finished) return;
    let newest = saved?.newest ? new Date(saved.newest) : null;
    let done = saved?.progress.done ?? 0;
    const pages = offsetPages(
      (offset, limit) => run.call(`active listings at offset ${offset}`, (token) => deps.client.listActiveListings(token, run.shopId, { limit, offset })),
      { limit: ETSY_PAGE_LIMIT, startOffset: saved?.offset ?? 0 },
    );
    for await (const page of pages) {
      const rows = page.results.map(mapListing);
      newest = laterOf(newest, rows.map((row) => row.platformUpdatedAt));
      done += rows.length;
      // The cursor is the newest listing change committed: a sync moves it each page, a backfill
      // sets it with its last page (the time it ran when the shop has no active listing).
      const cursor = mode === 'sync' ? newest : page.last ? (newest ?? run.now()) : null;
      await context.commitStep(
        async (trx) => {
          if (rows.length > 0) await upsertListings(trx, run.owner, rows, run.now());
          if (cursor) await advanceSyncCursor(trx, run.owner.connectionId, 'listings', cursor, run.now());
        },
        {
          v: 1,
          mode,
          offset: page.nextOffset,
          newest: newest?.toISOString() ?? null,
          finished: page.last,
          progress: { done, total: Math.max(page.count, done) },
        } satisfies z.infer<typeof checkpointSchema>,
      );
    }
  };
}
