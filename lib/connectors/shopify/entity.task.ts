import * as z from 'zod';
import type { CommerceEntity } from '../../../db/tables/commerce.table.js';
import { DeadlineReachedError, NotReadyError, RetryableError } from '../../errors.js';
import type { Logger } from '../../shared/logger.js';
import type { TaskHandlerFactory } from '../connector.js';
import { fullReadDue, isoTime, newestOf, progressSchema, startCommerceTask, type CommerceTaskRun } from '../sync/commerce-task-run.js';
import { readBulkChunks } from './bulk-jsonl.js';
import { ENTITY_RECORDS, type EntityRecords, type MappedRecords } from './entity-writes.js';
import { grantedScopes, hasAllOrdersScope } from './shopify-oauth.js';
import { bulkQueryOf, searchFilter } from './shopify-queries.js';
import { BulkResultGoneError, type BulkOperationState, type ShopifyClient, type ShopifyEntity } from './shopify.client.js';
import type { ShopifySettings } from './shopify.config.js';

/*
 * Strategy (issue 12). A full read — a backfill, or a sync's periodic read of a whole catalogue —
 * runs one bulk operation across invocations, each step committed with the checkpoint:
 * - `starting`: the read's filter and start are fixed (the count gives the progress total); the
 *   operation is started — or found, when an earlier try started it and never heard back
 *   (Shopify's start is not idempotent; findBulk);
 * - `bulk`: each claim polls it, never sleeping inside a function: a running one reschedules the
 *   task (NotReadyError, no attempt spent; bulkPollDelayMs);
 * - `download`: the completed file is streamed and upserted in chunks of BULK_CHUNK_LINES lines,
 *   the checkpoint holding the line and byte offsets after the last committed chunk — and the
 *   operation's id, not its signed URL, asked for afresh on each resume — so a crash resumes
 *   mid-file with a Range request and memory stays flat whatever the file size;
 * - `pages`: a failed, cancelled, expired or unknown operation, or a file gone, falls back to
 *   paginated queries sorted by id from the start; what was already upserted stays (upserts are
 *   idempotent) and progress counts afresh.
 *
 * An incremental sync reads `updated_at >= cursor − overlap` sorted by UPDATED_AT in pages, the
 * cursor moved with each page; the client paces every query from Shopify's `throttleStatus`
 * before Shopify throttles, and a THROTTLED answer reschedules for the bucket's refill without an
 * attempt. No such query returns a deleted record: a products or customers sync whose last
 * complete read is SHOPIFY_FULL_RESYNC_DAYS old is a full read, and its final step removes the
 * connection's rows it did not write (but those stored newer than its snapshot).
 *
 * Orders: without `read_all_orders`, Shopify shows the last 60 days only; the backfill asks for
 * that window (the connection carries the limitation, set when it was connected) instead of
 * reading a history that answers nothing.
 *
 * The cursor after a full read is the oldest of the newest `updatedAt` read, the time the read
 * started (a record changed while the operation ran may be in the file with its older state) and
 * the end of its window.
 */

/** How long a running bulk operation is left before it is polled again: at first, and at most. */
export const BULK_POLL_MS = 5_000;
export const BULK_POLL_MAX_MS = 60_000;

/**
 * Pure: the wait before the next poll of an operation running for `elapsedMs` — a quarter of its
 * age, between BULK_POLL_MS and BULK_POLL_MAX_MS: a small export is picked up within seconds, an
 * hour-long one costs a claim a minute instead of one every five seconds.
 */
export function bulkPollDelayMs(elapsedMs: number): number {
  return Math.min(BULK_POLL_MAX_MS, Math.max(BULK_POLL_MS, Math.round(elapsedMs / 4)));
}
/** Lines of the bulk file per committed step: bounds the memory and the work a crash repeats. */
export const BULK_CHUNK_LINES = 2_000;
/** Shopify shows orders older than this only to apps granted `read_all_orders`. */
export const RECENT_ORDERS_DAYS = 60;
const DAY_MS = 86_400_000;

const stepSchema = z.discriminatedUnion('phase', [
  /** The bulk operation is being started: a retry finds the one it may already have started (findBulk). */
  z.object({ phase: z.literal('starting') }),
  z.object({ phase: z.literal('bulk'), operationId: z.string().min(1) }),
  /**
   * The completed operation's file, read on from `line`/`byte`. Its signed URL is not kept (it
   * opens the store's records to anyone holding it for days): each resume asks for a fresh one.
   */
  z.object({
    phase: z.literal('download'),
    operationId: z.string().min(1),
    line: z.number().int().nonnegative(),
    byte: z.number().int().nonnegative(),
    /** The lines the file holds (Shopify's objectCount: one object a line): a file that ends short is not a complete read. */
    lines: z.number().int().nonnegative(),
  }),
  /** Pages: a sync's (by UPDATED_AT), or a full read's fallback (by ID) with the reason it fell back. */
  z.object({ phase: z.literal('pages'), after: z.string().nullable(), fallback: z.string().nullable() }),
  z.object({ phase: z.literal('finished') }),
]);
type Step = z.infer<typeof stepSchema>;

const checkpointSchema = z.object({
  v: z.literal(1),
  mode: z.enum(['backfill', 'sync']),
  /** When the read started (its cursor's upper bound, and the sync's scanned_until). */
  startedAt: isoTime,
  /** The search filter every query of the read uses (null: everything). */
  search: z.string().nullable(),
  /** The shop's currency, for variant prices (read once per task). */
  currency: z.string().nullable(),
  /** A read of everything in its window by a bulk operation (a backfill, or a sync's periodic full read): its cursor is set at the end. */
  full: z.boolean(),
  newest: isoTime.nullable(),
  progress: progressSchema,
  step: stepSchema,
});
type Checkpoint = z.infer<typeof checkpointSchema>;

export function createEntityTask(entity: ShopifyEntity): TaskHandlerFactory<ShopifySettings, ShopifyClient> {
  const records = ENTITY_RECORDS[entity];
  return (deps) => async (task, context) => {
    const run = startCommerceTask(deps, task, context, { platform: 'shopify', entity: entity as CommerceEntity });
    const shop = run.accountId;
    const client = deps.client;
    const logger = deps.logger.child({ task: task.id, shop, entity });
    const parsed = checkpointSchema.safeParse(context.checkpoint).data;
    const resumed = parsed?.mode === run.payload.mode ? parsed : undefined;
    let state: Checkpoint = resumed ?? (await begin(run, client, records, context.connection.scopes, deps.settings, logger));
    const save = (mapped: MappedRecords | null, next: Checkpoint, final: boolean) => {
      state = next;
      const newest = state.newest === null ? null : new Date(state.newest);
      const startedAt = new Date(state.startedAt);
      // A backfill of a window that ended before the read (`end_date` in the past) read nothing
      // created after it: its cursor and scanned mark stay at the window's end, so the next sync
      // reads everything since.
      const windowEnd = run.payload.mode === 'backfill' && state.search !== null && run.payload.until !== null ? olderOf(new Date(run.payload.until), startedAt) : startedAt;
      const cursor = !state.full ? newest : final ? olderOf(newest ?? windowEnd, windowEnd) : null;
      // A complete read of the whole catalogue (no filter) knows what is gone.
      const sweep = final && state.full && state.search === null ? records.sweep : undefined;
      return run.commit(
        {
          write:
            mapped === null && sweep === undefined
              ? null
              : async (trx) => {
                  if (mapped !== null) await mapped.write(trx, run.owner, run.now());
                  if (sweep !== undefined) await sweep(trx, run.owner, startedAt);
                },
          cursor,
          completes: final ? { scannedUntil: windowEnd, fullReadAt: state.full ? startedAt : null } : null,
        },
        state,
      );
    };
    const advance = (mapped: MappedRecords, step: Step, final: boolean) =>
      save(
        mapped,
        {
          ...state,
          newest: newestOf([state.newest === null ? null : new Date(state.newest), ...mapped.updatedAts])?.toISOString() ?? null,
          progress: { done: state.progress.done + mapped.records, total: state.progress.total === null ? null : Math.max(state.progress.total, state.progress.done + mapped.records) },
          step,
        },
        final,
      );
    // The read's first step is committed at once (the bulk operation's id); a read with nothing to read is also its last.
    if (resumed === undefined) await save(null, state, state.step.phase === 'finished');

    while (state.step.phase !== 'finished') {
      const step = state.step;
      if (step.phase === 'starting') {
        const query = bulkQueryOf(entity, state.search);
        const startedAt = new Date(state.startedAt);
        // Shopify's start is not idempotent: a lost answer, or a crash before this commit, may have
        // started it already — then that operation is this read's.
        const operation = await run.call(`starting the ${entity} bulk operation`, async (token) => (await client.findBulk(shop, token, query, startedAt)) ?? client.startBulk(shop, token, entity, state.search));
        logger.info('shopify.bulk_started', { operation: operation.id, total: state.progress.total });
        await save(null, { ...state, step: { phase: 'bulk', operationId: operation.id } }, false);
      } else if (step.phase === 'bulk') {
        const operation = await poll(step.operationId);
        if (operation === null) continue;
        const next = afterPoll(operation);
        if (next === 'running') {
          const now = run.now().getTime();
          throw new NotReadyError(`bulk operation ${operation.id} is ${operation.status}`, new Date(now + bulkPollDelayMs(now - Date.parse(state.startedAt))));
        }
        if (next.phase === 'pages') await fallBack(next.fallback!, { operation: operation.id, status: operation.status, errorCode: operation.errorCode });
        else {
          logger.info('shopify.bulk_completed', { operation: operation.id, objects: operation.objectCount });
          await save(null, { ...state, step: next }, next.phase === 'finished');
        }
      } else if (step.phase === 'download') {
        await download(step);
      } else {
        const sortKey = state.full ? 'ID' : 'UPDATED_AT';
        const page = await run.call(`${entity} page after ${step.after ?? 'the start'}`, (token) => client.listPage(shop, token, entity, { search: state.search, after: step.after, sortKey }));
        const last = !page.hasNextPage || page.endCursor === null;
        await advance(records.fromPage(page.nodes, state.currency), last ? { phase: 'finished' } : { phase: 'pages', after: page.endCursor, fallback: step.fallback }, last);
      }
    }

    /** The operation's state; null when Shopify no longer knows it (the read has fallen back to pages). */
    async function poll(operationId: string): Promise<BulkOperationState | null> {
      try {
        return await run.call(`polling bulk operation ${operationId}`, (token) => client.bulkStatus(shop, token, operationId));
      } catch (error) {
        if (!(error instanceof BulkResultGoneError)) throw error;
        await fallBack(error.message, { operation: operationId });
        return null;
      }
    }

    /**
     * The bulk route is closed (the operation failed, expired or is unknown; its file is gone):
     * the read goes on with pages sorted by id from the start — the rows already upserted are
     * written again, idempotently — and counts its progress afresh.
     */
    async function fallBack(reason: string, fields: Record<string, unknown>) {
      logger.warn('shopify.bulk_fallback', { ...fields, reason });
      await save(null, { ...state, progress: { done: 0, total: state.progress.total }, step: { phase: 'pages', after: null, fallback: reason } }, false);
    }

    async function download(step: Extract<Step, { phase: 'download' }>) {
      run.checkDeadline(`downloading the bulk file at line ${step.line}`);
      const operation = await poll(step.operationId);
      if (operation === null) return;
      if (operation.status !== 'COMPLETED' || operation.url === null) {
        await fallBack(`bulk operation ${operation.id} is ${operation.status} with its file half read (line ${step.line})`, { operation: operation.id, status: operation.status });
        return;
      }
      // The body stops with the invocation: a stalled download cannot outlive the deadline.
      const untilDeadline = Math.max(0, context.deadline.getTime() - run.now().getTime());
      const deadline = AbortSignal.timeout(untilDeadline);
      const signal = AbortSignal.any([context.signal, deadline]);
      const deadlineStopped = (error: unknown) => deadline.aborted && !context.signal.aborted && (error === deadline.reason || (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')));
      let opened;
      try {
        opened = await client.openBulkResult(operation.url, step.byte, signal);
      } catch (error) {
        if (deadlineStopped(error)) throw new DeadlineReachedError(`deadline reached opening the bulk file at line ${step.line}; it resumes there`, { cause: error });
        if (!(error instanceof BulkResultGoneError)) throw error;
        await fallBack(`the bulk result file is gone at line ${step.line}: ${error.message}`, { operation: operation.id });
        return;
      }
      const body = opened.startByte === step.byte ? opened.body : opened.body.pipeThrough(skipBytes(step.byte - opened.startByte));
      const chunks = readBulkChunks(body, { startLine: step.line, startByte: step.byte, maxLines: BULK_CHUNK_LINES, childKeys: records.childKeys });
      let line = step.line;
      try {
        for await (const chunk of chunks) {
          await advance(records.fromChunk(chunk, state.currency), { ...step, line: chunk.endLine, byte: chunk.endByte }, false);
          line = chunk.endLine;
          logger.info('shopify.bulk_chunk', { line, done: state.progress.done, total: state.progress.total });
          run.checkDeadline(`the bulk file's line ${line}`);
        }
      } catch (error) {
        if (deadlineStopped(error)) throw new DeadlineReachedError(`deadline reached while downloading the bulk file; it resumes at line ${line}`, { cause: error });
        throw error;
      } finally {
        await chunks.return(undefined);
      }
      // A body that ended early but cleanly (a proxy, a dropped stream) is not the whole file: resumed from here.
      if (line < step.lines) throw new RetryableError(`the bulk file ended at line ${line} of ${step.lines}; it resumes there`);
      await save(null, { ...state, step: { phase: 'finished' } }, true);
      logger.info('shopify.bulk_upserted', { records: state.progress.done });
    }
  };
}

/**
 * The read's first step: its window and search (fixed for the read: a retry asks for the same
 * records), the shop's currency when variants need it, the vendor's count (progress total), and
 * whether it is a full read (a bulk operation, started next) or an incremental one (pages).
 */
async function begin(run: CommerceTaskRun, client: ShopifyClient, records: EntityRecords, scopes: string, settings: ShopifySettings, logger: Logger): Promise<Checkpoint> {
  const shop = run.accountId;
  const now = run.now();
  const { mode } = run.payload;
  const synced = mode === 'sync' ? await run.syncState() : null;
  const full = mode === 'backfill' || (records.sweep !== undefined && fullReadDue(synced?.fullReadAt ?? null, now, settings.fullResyncDays));
  const search = !full ? incrementalSearch(synced?.cursor ?? null, settings) : mode === 'backfill' ? backfillSearch(run, records.entity, scopes, now, logger) : null;
  const currency = records.needsShopCurrency ? (await run.call('reading the shop currency', (token) => client.shopInfo(shop, token))).currencyCode : null;
  const total = await run.call(`counting ${records.entity}`, (token) => client.count(shop, token, records.entity, search));
  const base = { v: 1 as const, mode, startedAt: now.toISOString(), search, currency, full, newest: null, progress: { done: 0, total } };
  if (!full) return { ...base, step: { phase: 'pages', after: null, fallback: null } };
  // Nothing to read ends the read at once, but for a read that sweeps: an empty catalogue deletes
  // every stored row, so it takes the bulk operation's word (no objects) too, not the count's alone.
  if (total === 0 && !(records.sweep !== undefined && search === null)) return { ...base, step: { phase: 'finished' } };
  return { ...base, step: { phase: 'starting' } };
}

/** Pure: where a polled bulk operation leaves the read. */
export function afterPoll(operation: BulkOperationState): Step | 'running' {
  switch (operation.status) {
    case 'CREATED':
    case 'RUNNING':
    case 'CANCELING':
      return 'running';
    case 'COMPLETED':
      // A bulk operation that matched nothing has a null url (PLATFORMS.md); one with objects and no
      // url (its file already gone) is no evidence of an empty catalogue: pages read it instead.
      if (operation.url !== null) return { phase: 'download', operationId: operation.id, line: 0, byte: 0, lines: operation.objectCount };
      return operation.objectCount === 0 ? { phase: 'finished' } : { phase: 'pages', after: null, fallback: `bulk operation ${operation.id} completed with ${operation.objectCount} objects and no file` };
    default:
      return { phase: 'pages', after: null, fallback: `bulk operation ${operation.id} ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ''}` };
  }
}

/** A backfill's filter: orders by their creation in the payload's window (the last 60 days without `read_all_orders`); products and customers whole (their current state). */
export function backfillSearch(run: Pick<CommerceTaskRun, 'payload'>, entity: ShopifyEntity, scopes: string, now: Date, logger?: Logger): string | null {
  if (entity !== 'orders') return null;
  let since = run.payload.since === null ? null : new Date(run.payload.since);
  const until = run.payload.until === null ? null : new Date(run.payload.until);
  if (!hasAllOrdersScope(grantedScopes({ scopes }))) {
    const visible = new Date(now.getTime() - RECENT_ORDERS_DAYS * DAY_MS);
    if (since === null || since < visible) {
      logger?.warn('shopify.orders_limited', { reason: `without read_all_orders Shopify shows the last ${RECENT_ORDERS_DAYS} days only`, since: visible.toISOString() });
      since = visible;
    }
  }
  // The payload's `until` is the window's last instant; the filter's bound is exclusive.
  return searchFilter({ ...(since ? { createdSince: since } : {}), ...(until ? { createdUntil: new Date(until.getTime() + 1) } : {}) });
}

/** A sync's filter: records updated since the cursor, less the overlap (none yet: everything). */
function incrementalSearch(cursor: Date | null, settings: ShopifySettings): string | null {
  return cursor === null ? null : searchFilter({ updatedSince: new Date(cursor.getTime() - settings.syncOverlapMinutes * 60_000) });
}

const olderOf = (a: Date, b: Date) => (a < b ? a : b);

/** Drops the first `count` bytes of a stream: a result server that ignored the Range sent the whole file. */
function skipBytes(count: number): TransformStream<Uint8Array, Uint8Array> {
  let left = count;
  return new TransformStream({
    transform(bytes, controller) {
      if (left >= bytes.byteLength) {
        left -= bytes.byteLength;
        return;
      }
      controller.enqueue(left === 0 ? bytes : bytes.subarray(left));
      left = 0;
    },
  });
}
