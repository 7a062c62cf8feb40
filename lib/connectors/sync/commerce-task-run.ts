import type { Kysely } from 'kysely';
import * as z from 'zod';
import type { Database } from '../../../db/database.js';
import type { CommerceEntity } from '../../../db/tables/commerce.table.js';
import type { Trx } from '../../../db/transaction.js';
import type { CommerceOwner } from '../../commerce/commerce-owner.js';
import { advanceSyncCursor, getSyncState, markCompletedRead, type CompletedRead, type SyncState } from '../../commerce/sync-cursors.repository.js';
import { DeadlineReachedError, PermanentError } from '../../errors.js';
import type { Task } from '../../queue/repository/index.js';
import type { Clock } from '../../shared/clock.js';
import type { ConnectorTaskContext } from '../connector.js';
import { commercePayloadSchema, type CommercePayload } from './commerce-plan.js';

/** A task's count of the vendor's records: read so far, and the vendor's total when it says one. */
export const progressSchema = z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative().nullable() });
export type Progress = z.infer<typeof progressSchema>;

/** A time in a checkpoint: ISO text. */
export const isoTime = z.iso.datetime();

/** The sync_cursors calls a commerce task makes; the repositories by default, a recorder in unit tests. */
export interface SyncCursorStore {
  getSyncState(db: Kysely<Database>, connectionId: number, entity: CommerceEntity): Promise<SyncState | null>;
  advanceSyncCursor(trx: Trx, connectionId: number, entity: CommerceEntity, value: Date, now: Date): Promise<void>;
  markCompletedRead(trx: Trx, connectionId: number, entity: CommerceEntity, read: CompletedRead, now: Date): Promise<void>;
}

export const syncCursorRepository: SyncCursorStore = { getSyncState, advanceSyncCursor, markCompletedRead };

/** One committed step of a commerce task: its rows, its cursor, and — on the read's final step — what the read completed. */
export interface CommerceStep {
  /** The page's rows (and, on a final step, rows the read found gone). */
  write?: ((trx: Trx) => Promise<void>) | null;
  /** Moves the entity's cursor here (never backwards: advanceSyncCursor keeps the max). */
  cursor?: Date | null;
  /** The read's final step: sync_cursors' `scanned_until` (and `full_read_at` for a complete read). */
  completes?: CompletedRead | null;
}

/** What every commerce entity task works with, whatever its platform. */
export interface CommerceTaskRun {
  payload: CommercePayload;
  entity: CommerceEntity;
  /** The connection's `external_account_id`: the shop id. */
  accountId: string;
  owner: CommerceOwner;
  /** Throws DeadlineReachedError at or after the invocation's deadline: the task resumes from its last committed step, spending no attempt. */
  checkDeadline(before: string): void;
  /** One platform call with the connection's token; none starts at or after the deadline. */
  call<T>(before: string, run: (accessToken: string) => Promise<T>): Promise<T>;
  /** The entity's sync_cursors row (null: no backfill ended). */
  syncState(): Promise<SyncState | null>;
  /** Commits the step's rows, cursor and read marks with the task's checkpoint, in one transaction. */
  commit(step: CommerceStep, checkpoint: unknown): Promise<void>;
  now(): Date;
}

export interface CommerceTaskDeps {
  db: Kysely<Database>;
  clock: Clock;
}

/** Parses the task's payload (a PermanentError when it is not a commerce payload of `entity`) and binds the run's shared parts. */
export function startCommerceTask(
  deps: CommerceTaskDeps,
  task: Task,
  context: Pick<ConnectorTaskContext, 'deadline' | 'connection' | 'call' | 'commitStep'>,
  { platform, entity }: { platform: string; entity: CommerceEntity },
  cursors: SyncCursorStore = syncCursorRepository,
): CommerceTaskRun {
  const parsed = commercePayloadSchema.safeParse(task.payload);
  if (!parsed.success) throw new PermanentError(`invalid ${task.kind} payload: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  if (parsed.data.entity !== entity) throw new PermanentError(`${task.kind} got a payload for entity "${parsed.data.entity}"`);
  const { connection } = context;
  const checkDeadline = (before: string) => {
    if (deps.clock.now() >= context.deadline) throw new DeadlineReachedError(`deadline reached before ${before}; the task resumes there`);
  };
  return {
    payload: parsed.data,
    entity,
    accountId: connection.externalAccountId,
    owner: { tenantId: connection.tenantId, platform, connectionId: connection.id },
    checkDeadline,
    async call(before, run) {
      checkDeadline(before);
      return context.call(run);
    },
    syncState: () => cursors.getSyncState(deps.db, connection.id, entity),
    commit({ write, cursor, completes }, checkpoint) {
      const now = deps.clock.now();
      return context.commitStep(async (trx) => {
        if (write) await write(trx);
        if (cursor) await cursors.advanceSyncCursor(trx, connection.id, entity, cursor, now);
        if (completes) await cursors.markCompletedRead(trx, connection.id, entity, completes, now);
      }, checkpoint);
    },
    now: () => deps.clock.now(),
  };
}

/** Pure: the latest of the times given, nulls ignored (null: none). */
export function newestOf(times: readonly (Date | null)[]): Date | null {
  return times.reduce<Date | null>((newest, time) => (time !== null && (newest === null || time > newest) ? time : newest), null);
}

const DAY_MS = 86_400_000;

/**
 * Pure: whether a sync reads the whole list — no complete read yet, or the last one started
 * `everyDays` days ago or more. Decided by the task when it starts, so no slot, interval or
 * missed run can skip a period.
 */
export function fullReadDue(fullReadAt: Date | null, now: Date, everyDays: number): boolean {
  return fullReadAt === null || now.getTime() - fullReadAt.getTime() >= everyDays * DAY_MS;
}
