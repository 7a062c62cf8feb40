import * as z from 'zod';
import { ValidationError } from '../../errors.js';
import { addDays, parseDay } from '../../shared/calendar-days.js';
import type { JobParams, JobPlan, JobPlanner, PlannedTask } from '../connector.js';
import type { CommerceSettings } from './commerce.config.js';
import { backfillWindow, commerceTaskKey, syncSlot } from './commerce-task-keys.js';

/** One entity a commerce connector syncs, in the order its backfill runs them (DESIGN.md, seed 002). */
export interface CommerceEntityTask {
  entity: string;
  /** The task kind, `${platform}.${entity}`. */
  kind: string;
}

export interface CommercePlatformPlan {
  platform: string;
  /** In backfill order: within a platform one entity at a time, this order. */
  entities: readonly CommerceEntityTask[];
}

/** What a commerce task is told (checked by its handler). */
export const commercePayloadSchema = z.object({
  entity: z.string().min(1),
  mode: z.enum(['backfill', 'sync']),
  /** Backfill: the first instant fetched (ISO); null: the shop's whole history. */
  since: z.iso.datetime().nullable(),
  /** Backfill: the last instant fetched (ISO); null for syncs (up to the moment they run). */
  until: z.iso.datetime().nullable(),
  /** The dedupe key of the entity task that must end before this one starts. */
  after: z.string().nullable(),
  /** The dedupe key of the entity task that waits for this one (released when it ends). */
  next: z.string().nullable().default(null),
});
export type CommercePayload = z.infer<typeof commercePayloadSchema>;

/** Syncs (freshness) are claimed before backfills (history), as YouTube's. */
const SYNC_PRIORITY = 0;
const BACKFILL_PRIORITY = 10;

/**
 * Pure: a commerce backfill — one task per entity over the window, chained in the platform's
 * order (`after`/`next`), so orders end before listings start. The window is `start_date`..
 * `end_date`, or the last `days` days, or from COMMERCE_BACKFILL_SINCE, or the whole history
 * (the task finds where it starts, e.g. Etsy's shop `create_date`), up to now. `entities` re-runs
 * only those, still in order.
 */
export function planCommerceBackfill(spec: CommercePlatformPlan): JobPlanner<{ commerce: CommerceSettings }> {
  return ({ connection, params, settings }, now) => {
    const today = now.toISOString().slice(0, 10);
    const { startDay, endDay } = backfillRange(params, settings.commerce, today);
    const entities = selectEntities(spec, params.entities);
    const since = startDay === null ? null : `${startDay}T00:00:00.000Z`;
    const until = endDay === today ? now.toISOString() : `${endDay}T23:59:59.999Z`;
    const window = backfillWindow(startDay ?? WHOLE_HISTORY_START, endDay);
    const keys = entities.map((e) => commerceTaskKey(connection.tenantId, spec.platform, e.entity, connection.externalAccountId, window));
    const tasks: PlannedTask[] = entities.map((e, index) => ({
      kind: e.kind,
      dedupeKey: keys[index]!,
      payload: { entity: e.entity, mode: 'backfill', since, until, after: keys[index - 1] ?? null, next: keys[index + 1] ?? null } satisfies CommercePayload,
      priority: BACKFILL_PRIORITY,
    }));
    return {
      tasks,
      config: { start_date: startDay, end_date: endDay, entities: entities.map((e) => e.entity), force: params.force ?? false },
      estimate: estimateOf(tasks),
    };
  };
}

/**
 * Pure: the incremental sync of the current slot — one task per entity, each starting from its
 * own cursor (read when it runs). Keyed by slot: a second delivery of the cron enqueues nothing.
 */
export function planCommerceSync(spec: CommercePlatformPlan): JobPlanner<{ commerce: CommerceSettings }> {
  return ({ connection, params, settings }, now) => {
    const slot = syncSlot(now, settings.commerce.syncIntervalMinutes);
    const tasks: PlannedTask[] = selectEntities(spec, params.entities).map((e) => ({
      kind: e.kind,
      dedupeKey: commerceTaskKey(connection.tenantId, spec.platform, e.entity, connection.externalAccountId, `sync:${slot}`),
      payload: { entity: e.entity, mode: 'sync', since: null, until: null, after: null, next: null } satisfies CommercePayload,
      priority: SYNC_PRIORITY,
    }));
    return { tasks, config: { slot, entities: tasks.map((t) => (t.payload as CommercePayload).entity), force: params.force ?? false }, estimate: estimateOf(tasks) };
  };
}

/** The window's first day when the whole history is fetched (in task keys only: the task finds the real start). */
export const WHOLE_HISTORY_START = '1970-01-01';

function backfillRange(params: JobParams, settings: CommerceSettings, today: string): { startDay: string | null; endDay: string } {
  if (params.days !== undefined && (params.startDate !== undefined || params.endDate !== undefined)) {
    fail('days', 'give either days or start_date and end_date, not both');
  }
  if (params.days !== undefined) {
    if (!Number.isInteger(params.days) || params.days < 1) fail('days', 'must be a whole number of days, at least 1');
    return { startDay: addDays(today, -(params.days - 1)), endDay: today };
  }
  const endDay = params.endDate ?? today;
  if (params.endDate !== undefined) checkDay(params.endDate, 'end_date');
  if (endDay > today) fail('end_date', `must not be after today (${today})`);
  const startDay = params.startDate ?? settings.backfillSince;
  if (params.startDate !== undefined) checkDay(params.startDate, 'start_date');
  if (startDay !== null && startDay > endDay) fail('start_date', `must not be after end_date (${endDay})`);
  return { startDay, endDay };
}

function selectEntities(spec: CommercePlatformPlan, asked: readonly string[] | undefined): readonly CommerceEntityTask[] {
  if (asked === undefined) return spec.entities;
  const known = spec.entities.map((e) => e.entity);
  const unknown = asked.filter((entity) => !known.includes(entity));
  if (unknown.length > 0) fail('entities', `${spec.platform} has no ${unknown.join(', ')}: one of ${known.join(', ')}`);
  if (asked.length === 0) fail('entities', 'name at least one entity');
  return spec.entities.filter((e) => asked.includes(e.entity));
}

/** Commerce calls depend on the shop's size, which only the vendor's counts tell: at least one call per entity. */
function estimateOf(tasks: readonly PlannedTask[]): JobPlan['estimate'] {
  return { apiCalls: tasks.length, quotaUnits: tasks.length };
}

function checkDay(value: string, path: string): void {
  try {
    parseDay(value);
  } catch {
    fail(path, 'must be a YYYY-MM-DD day');
  }
}

function fail(path: string, message: string): never {
  throw new ValidationError(`${path} ${message}`, [{ path, message }]);
}
