import * as z from 'zod';
import type { CommerceEntity } from '../../../db/tables/commerce.table.js';
import type { Trx } from '../../../db/transaction.js';
import { DeadlineReachedError } from '../../errors.js';
import type { Clock } from '../../shared/clock.js';
import type { ConnectorTaskContext } from '../connector.js';
import { pageNumbers, type NumberedPage } from '../pagination/page-numbers.js';
import type { CommerceStore } from './commerce-store.js';

/**
 * Where a walk over a Printify list stands: the task's checkpoint (version 1), committed with
 * each page's rows. `page` is the next page to read (null: the last step is committed);
 * `newest` the newest cursor time committed; `floor` the sync's stop line, fixed when the walk
 * started so a resumed walk reaches as far back as the first run would have (the cursor it was
 * computed from moves with every step); `progress` counts the vendor's records read, against
 * the list's `total`.
 */
export const walkCheckpointSchema = z.object({
  v: z.literal(1),
  page: z.number().int().min(1).nullable(),
  newest: z.iso.datetime().nullable(),
  floor: z.iso.datetime().nullable(),
  progress: z.object({ done: z.number().int().min(0), total: z.number().int().min(0).nullable() }),
});
export type WalkCheckpoint = z.infer<typeof walkCheckpointSchema>;

/** What one page comes to: its rows' write, its newest cursor time, and whether the walk ends with it. */
export interface PageOutcome {
  write: ((trx: Trx) => Promise<void>) | null;
  newest: Date | null;
  last: boolean;
}

export interface PageWalk<T> {
  entity: CommerceEntity;
  /**
   * Sync moves the entity's cursor with every step (it only moves forward); a backfill sets it
   * once, at its end, when the history before it is complete (commerce-contracts.md).
   */
  mode: 'backfill' | 'sync';
  fetchPage(page: number): Promise<NumberedPage<T>>;
  /** The stop line of a walk that starts afresh (null: every page). */
  floor(): Promise<Date | null>;
  readPage(items: readonly T[], floor: Date | null): PageOutcome;
}

export interface PageWalkDeps {
  clock: Clock;
  store: Pick<CommerceStore, 'advanceSyncCursor'>;
}

/**
 * Walks the pages from the checkpoint's, one committed step per page: the page's rows, the
 * cursor (sync: each step; backfill: the last one) and the new checkpoint in one transaction.
 * No call starts at or after the deadline: the task resumes at the same page. A checkpoint this
 * version cannot read starts the walk over — re-reading is safe (upserts), skipping is not.
 */
export async function walkPages<T>(walk: PageWalk<T>, context: Pick<ConnectorTaskContext, 'deadline' | 'checkpoint' | 'commitStep' | 'connection'>, deps: PageWalkDeps): Promise<void> {
  const saved = walkCheckpointSchema.safeParse(context.checkpoint).data;
  if (saved?.page === null) return;
  let state: WalkCheckpoint = saved ?? { v: 1, page: 1, newest: null, floor: isoOrNull(await walk.floor()), progress: { done: 0, total: null } };
  const floor = state.floor === null ? null : new Date(state.floor);
  const fetchPage = (page: number) => {
    if (deps.clock.now() >= context.deadline) throw new DeadlineReachedError(`deadline reached before ${walk.entity} page ${page}; the task resumes there`);
    return walk.fetchPage(page);
  };
  for await (const result of pageNumbers(fetchPage, state.page!)) {
    const outcome = walk.readPage(result.items, floor);
    const newest = latest(state.newest === null ? null : new Date(state.newest), outcome.newest);
    const done = state.progress.done + result.items.length;
    const ends = outcome.last || result.nextPage === null || result.items.length === 0;
    // New records shift a newest-first list, so a page may repeat records and `done` pass the
    // vendor's total; a walk that stops early has read all it needed: its total is what it read.
    const total = ends ? done : result.total === null ? null : Math.max(result.total, done);
    const checkpoint: WalkCheckpoint = { v: 1, page: ends ? null : result.nextPage, newest: isoOrNull(newest), floor: state.floor, progress: { done, total } };
    const cursorTo = walk.mode === 'sync' ? outcome.newest : ends ? newest : null;
    const now = deps.clock.now();
    await context.commitStep(async (trx) => {
      if (outcome.write) await outcome.write(trx);
      if (cursorTo) await deps.store.advanceSyncCursor(trx, context.connection.id, walk.entity, cursorTo, now);
    }, checkpoint);
    state = checkpoint;
    if (ends) return;
  }
}

/** Pure: the later of two times (either may be missing). */
export function latest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return b > a ? b : a;
}

function isoOrNull(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}
