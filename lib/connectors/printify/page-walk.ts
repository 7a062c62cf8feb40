import * as z from 'zod';
import type { Trx } from '../../../db/transaction.js';
import { pageNumbers, type NumberedPage } from '../pagination/page-numbers.js';
import { isoTime, newestOf, progressSchema, type CommerceTaskRun } from '../sync/commerce-task-run.js';

/**
 * Where a walk over a Printify list stands: the task's checkpoint (version 1), committed with
 * each page's rows. `page` is the next page to read (null: the last step is committed);
 * `newest` the newest cursor time read; `floor` the sync's stop line, fixed when the walk
 * started so a resumed walk reaches as far back as the first run would have; `progress` counts
 * the vendor's records read, against the list's `total`; `startedAt` when the walk started
 * (rows it wrote have a later `updated_at`) and `steadyTotal` the list's total while every page
 * reported the same one (null once two differed). The last two are absent in checkpoints
 * written before they existed: such a walk deletes nothing and marks no full read.
 */
export const walkCheckpointSchema = z.object({
  v: z.literal(1),
  page: z.number().int().min(1).nullable(),
  newest: isoTime.nullable(),
  floor: isoTime.nullable(),
  progress: progressSchema,
  startedAt: isoTime.optional(),
  steadyTotal: z.number().int().min(0).nullable().optional(),
});
export type WalkCheckpoint = z.infer<typeof walkCheckpointSchema>;

/** What one page comes to: its rows' write, its newest cursor time, and whether the walk ends with it (a stop line reached). */
export interface PageOutcome {
  write: ((trx: Trx) => Promise<void>) | null;
  newest: Date | null;
  last: boolean;
}

export interface PageWalk<T> {
  fetchPage(accessToken: string, page: number): Promise<NumberedPage<T>>;
  /** The stop line of a walk that starts afresh (null: every page). */
  floor(): Promise<Date | null>;
  readPage(items: readonly T[], floor: Date | null): PageOutcome;
  /** The final step of a walk that read the whole list: the connection's rows it did not write (`updated_at` before `readStart`) are gone at the vendor. */
  removeUnseen?(trx: Trx, readStart: Date): Promise<void>;
}

/**
 * Walks the pages from the checkpoint's, one committed step per page (its rows and the new
 * checkpoint in one transaction). The cursor moves once, at the final step, in sync and backfill
 * alike: the list is newest first, so a walk cut short has not read what lies between its first
 * page and the stop line, and a cursor set from page 1 would move the next sync's stop line past
 * it. A checkpoint this version cannot read starts the walk over — re-reading is safe (upserts),
 * skipping is not.
 */
export async function walkPages<T>(run: CommerceTaskRun, walk: PageWalk<T>, checkpoint: unknown): Promise<void> {
  const saved = walkCheckpointSchema.safeParse(checkpoint).data;
  if (saved?.page === null) return;
  let state: WalkCheckpoint = saved ?? { v: 1, page: 1, newest: null, floor: isoOrNull(await walk.floor()), progress: { done: 0, total: null }, startedAt: run.now().toISOString() };
  const floor = state.floor === null ? null : new Date(state.floor);
  const fetchPage = (page: number) => run.call(`${run.entity} page ${page}`, (token) => walk.fetchPage(token, page));
  for await (const result of pageNumbers(fetchPage, state.page!)) {
    const outcome = walk.readPage(result.items, floor);
    const newest = newestOf([state.newest === null ? null : new Date(state.newest), outcome.newest]);
    const done = state.progress.done + result.items.length;
    const listEnded = result.nextPage === null || result.items.length === 0;
    const ends = outcome.last || listEnded;
    // New records shift a newest-first list, so a page may repeat records and `done` pass the
    // vendor's total; a walk that stops early has read all it needed: its total is what it read.
    const total = ends ? done : result.total === null ? null : Math.max(result.total, done);
    const steadyTotal = state.steadyTotal === undefined && state.page !== 1 ? null : state.steadyTotal === undefined || state.steadyTotal === result.total ? result.total : null;
    const next: WalkCheckpoint = { v: 1, page: ends ? null : result.nextPage, newest: isoOrNull(newest), floor: state.floor, progress: { done, total }, ...(state.startedAt === undefined ? {} : { startedAt: state.startedAt, steadyTotal }) };
    const startedAt = state.startedAt === undefined ? null : new Date(state.startedAt);
    // The whole list read, with no stop line: a complete read. A record deleted mid-walk shifts
    // the pages and may leave one unread: only a walk whose pages all gave the same total, all of
    // it read, removes the rows it did not see.
    const complete = listEnded && !outcome.last && floor === null && startedAt !== null;
    const removeFrom = complete && walk.removeUnseen && steadyTotal !== null && done >= steadyTotal ? startedAt : null;
    await run.commit(
      {
        write: async (trx) => {
          if (outcome.write) await outcome.write(trx);
          if (removeFrom) await walk.removeUnseen!(trx, removeFrom);
        },
        cursor: ends ? newest : null,
        completes: ends ? { scannedUntil: startedAt ?? run.now(), fullReadAt: complete ? startedAt : null } : null,
      },
      next,
    );
    state = next;
    if (ends) return;
  }
}

function isoOrNull(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}
