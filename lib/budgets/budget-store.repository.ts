import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { BudgetPaceTable } from '../../db/tables/budget-store.table.js';
import { sqlFlavorOf } from '../../db/sql-flavor.js';
import { inTransaction, type Trx } from '../../db/transaction.js';
import { fromDbTime, toDbTime } from '../../db/values.js';
import type { Clock } from '../shared/clock.js';
import {
  decideReservation,
  foldObservation,
  giveBackReservation,
  quotaBucketStart,
  quotaUsed,
  quotaWindowStart,
  type BudgetLimits,
  type PaceState,
  type QuotaBucket,
  type QuotaCharge,
  type ReserveDecision,
  type ReserveRequest,
  type VendorObservation,
} from './budget-policy.js';

/**
 * The budget store (DESIGN.md "Budgets"): every reservation, hold and vendor observation of a
 * budget is one short transaction that locks the budget's `budget_pace` row first (PlanetScale
 * kills long transactions; one lock order means no deadlock between them), reads its counts,
 * asks the pure policy (budget-policy.ts) and writes back what it decided.
 */

/** A budget as the vendor counts it: the budget's name and the app or account key. */
export interface BudgetRef {
  budget: string;
  key: string;
}

/** A granted reservation, enough to give it back. */
export interface Reservation {
  ref: BudgetRef;
  startMs: number;
  /** The slot after this one (the pace's next slot right after reserving). */
  slotEndMs: number;
  /** When it was decided (the budget's row locked): what follows until it is stored is the lead of the next. */
  decidedAtMs: number;
  cost: number;
  charge: QuotaCharge;
}

export type ReserveOutcome = Exclude<ReserveDecision, { outcome: 'reserved' }> | { outcome: 'reserved'; reservation: Reservation };

/**
 * Atomically decides and records one call's reservation (`used + n <= limit`), or says why not.
 * The time it is decided at is read once the budget's row is locked: a `now` from before the
 * wait for the lock would grant an idle budget's call a start already past, sent late, and
 * bunched up with the next slot's call (two calls closer than the rate allows). The time still
 * to come until it is stored is the request's `leadMs`.
 */
export async function reserveBudget(db: Kysely<Database>, ref: BudgetRef, limits: BudgetLimits, request: ReserveRequest, clock: Clock): Promise<ReserveOutcome> {
  return inTransaction(db, async (trx) => {
    const pace = await lockPace(trx, ref, clock.now());
    const now = clock.now();
    // Without a quota nothing is decided from the counts (they are still kept, for the usage view).
    const buckets = limits.dailyQuota === null ? [] : await readBuckets(trx, ref, quotaWindowStart(limits.quotaWindow, now));
    const decision = decideReservation(limits, pace, buckets, request, now.getTime());
    if (decision.outcome !== 'reserved') return decision;
    await writePace(trx, ref, decision.pace, now);
    await countUnits(trx, ref, decision.charge, 1, now);
    return {
      outcome: 'reserved',
      reservation: { ref, startMs: decision.startMs, slotEndMs: decision.pace.nextSlotMs!, decidedAtMs: now.getTime(), cost: request.cost, charge: decision.charge },
    };
  });
}

/** A reservation whose call was never sent: its units, cost and (when still the last) slot go back. */
export async function giveBackBudget(db: Kysely<Database>, reservation: Reservation, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    const pace = await lockPace(trx, reservation.ref, now);
    await writePace(trx, reservation.ref, giveBackReservation(pace, reservation), now);
    await countUnits(trx, reservation.ref, reservation.charge, -1, now);
  });
}

/** Holds every call of the budget until `until` (a vendor's 429 or quota error), keeping a later hold. */
export async function holdBudget(db: Kysely<Database>, ref: BudgetRef, until: Date, reason: string, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    const pace = await lockPace(trx, ref, now);
    if ((pace.heldUntilMs ?? 0) >= until.getTime()) return;
    await writePace(trx, ref, { ...pace, heldUntilMs: until.getTime(), heldReason: reason.slice(0, 500) }, now);
  });
}

/** Folds a vendor's own numbers into the budget (budget-policy.ts foldObservation). */
export async function observeBudget(db: Kysely<Database>, ref: BudgetRef, limits: BudgetLimits, observation: VendorObservation, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    const pace = await lockPace(trx, ref, now);
    const { used } = quotaUsed(limits.quotaWindow, await readBuckets(trx, ref, quotaWindowStart(limits.quotaWindow, now)), now);
    const folded = foldObservation(limits, pace, used, observation, now.getTime());
    if (folded.pace !== pace) await writePace(trx, ref, folded.pace, now);
    if (folded.extraUnits > 0) await countUnits(trx, ref, { bucketStart: quotaBucketStart(limits.quotaWindow, now), units: folded.extraUnits, backfillUnits: 0 }, 1, now);
  });
}

/** A budget key's pace, and where the claims last deferred its tasks to (null: nowhere now). */
export type StoredPace = PaceState & { ref: BudgetRef; deferredUntilMs: number | null; backfillDeferredUntilMs: number | null };

/** Every budget's pace and its counts since `since` (the oldest window start in force): the config view, the claim's blocks. */
export interface BudgetStates {
  paces: Map<string, StoredPace>;
  buckets: Map<string, QuotaBucket[]>;
}

export const refId = (ref: BudgetRef) => `${ref.budget}\u0000${ref.key}`;

export async function readBudgetStates(db: Kysely<Database>, since: Date): Promise<BudgetStates> {
  const [paces, usage] = await Promise.all([
    db.selectFrom('budget_pace').selectAll().execute(),
    db.selectFrom('budget_usage').select(['budget', 'budget_key', 'bucket_start', 'used', 'backfill_used']).where('bucket_start', '>=', toDbTime(since)).execute(),
  ]);
  const states: BudgetStates = { paces: new Map(), buckets: new Map() };
  const ms = (value: string | null) => (value === null ? null : fromDbTime(value).getTime());
  for (const row of paces) {
    const ref = { budget: row.budget, key: row.budget_key };
    states.paces.set(refId(ref), { ref, ...toPace(row), deferredUntilMs: ms(row.deferred_until), backfillDeferredUntilMs: ms(row.backfill_deferred_until) });
  }
  for (const row of usage) {
    const id = refId({ budget: row.budget, key: row.budget_key });
    const list = states.buckets.get(id) ?? [];
    list.push({ start: fromDbTime(row.bucket_start), used: Number(row.used), backfillUsed: Number(row.backfill_used) });
    states.buckets.set(id, list);
  }
  return states;
}

/**
 * Records where the claims deferred a key's queued tasks (`backfillOnly`: its backfills') to,
 * or that nothing is deferred (null), so a hold that ends early can be undone by any invocation.
 */
export async function recordDeferral(db: Kysely<Database>, ref: BudgetRef, backfillOnly: boolean, until: Date | null, now: Date): Promise<void> {
  const value = until === null ? null : toDbTime(until);
  await db
    .updateTable('budget_pace')
    .set({ ...(backfillOnly ? { backfill_deferred_until: value } : { deferred_until: value }), updated_at: toDbTime(now) })
    .where('budget', '=', ref.budget)
    .where('budget_key', '=', ref.key)
    .execute();
}

/** Counts older than `before` are never read again (every window is at most a day and a bucket long). */
export async function pruneBudgetUsage(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('budget_usage').where('bucket_start', '<', toDbTime(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * The budget's pace row, locked for the transaction (SQLite: the whole database is), created
 * when missing: one statement once it exists, which is every call but a budget key's first.
 */
async function lockPace(trx: Trx, ref: BudgetRef, now: Date): Promise<PaceState> {
  const mysql = sqlFlavorOf(trx) === 'mysql';
  const select = trx.selectFrom('budget_pace').selectAll().where('budget', '=', ref.budget).where('budget_key', '=', ref.key);
  const lock = () => (mysql ? select.forUpdate() : select).executeTakeFirst();
  const found = await lock();
  if (found) return toPace(found);
  const insert = trx.insertInto('budget_pace').values({ budget: ref.budget, budget_key: ref.key, updated_at: toDbTime(now) });
  await (mysql ? insert.onDuplicateKeyUpdate({ budget: sql`budget` }) : insert.onConflict((oc) => oc.columns(['budget', 'budget_key']).doNothing())).execute();
  return toPace((await lock())!);
}

function toPace(row: Selectable<BudgetPaceTable>): PaceState {
  const ms = (value: string | Date | null) => (value === null ? null : fromDbTime(value).getTime());
  const bucket =
    row.bucket_available === null || row.bucket_capacity === null || row.bucket_restore_rate === null || row.bucket_at === null
      ? null
      : { available: Number(row.bucket_available), capacity: Number(row.bucket_capacity), restorePerSecond: Number(row.bucket_restore_rate), atMs: ms(row.bucket_at)! };
  return { nextSlotMs: ms(row.next_slot_at), heldUntilMs: ms(row.held_until), heldReason: row.held_reason, bucket };
}

async function writePace(trx: Trx, ref: BudgetRef, pace: PaceState, now: Date): Promise<void> {
  const time = (ms: number | null) => (ms === null ? null : toDbTime(new Date(ms)));
  await trx
    .updateTable('budget_pace')
    .set({
      next_slot_at: time(pace.nextSlotMs),
      held_until: time(pace.heldUntilMs),
      held_reason: pace.heldReason,
      bucket_available: pace.bucket?.available ?? null,
      bucket_capacity: pace.bucket?.capacity ?? null,
      bucket_restore_rate: pace.bucket?.restorePerSecond ?? null,
      bucket_at: time(pace.bucket?.atMs ?? null),
      updated_at: toDbTime(now),
    })
    .where('budget', '=', ref.budget)
    .where('budget_key', '=', ref.key)
    .execute();
}

async function readBuckets(trx: Trx, ref: BudgetRef, since: Date): Promise<QuotaBucket[]> {
  const rows = await trx
    .selectFrom('budget_usage')
    .select(['bucket_start', 'used', 'backfill_used'])
    .where('budget', '=', ref.budget)
    .where('budget_key', '=', ref.key)
    .where('bucket_start', '>=', toDbTime(since))
    .execute();
  return rows.map((row) => ({ start: fromDbTime(row.bucket_start), used: Number(row.used), backfillUsed: Number(row.backfill_used) }));
}

/** Adds (sign 1) or takes back (−1, never below 0) a charge in its bucket. */
async function countUnits(trx: Trx, ref: BudgetRef, charge: QuotaCharge, sign: 1 | -1, now: Date): Promise<void> {
  if (charge.units === 0 && charge.backfillUnits === 0) return;
  const start = toDbTime(charge.bucketStart);
  if (sign === -1) {
    await trx
      .updateTable('budget_usage')
      .set({
        used: sql`case when used > ${charge.units} then used - ${charge.units} else 0 end`,
        backfill_used: sql`case when backfill_used > ${charge.backfillUnits} then backfill_used - ${charge.backfillUnits} else 0 end`,
        updated_at: toDbTime(now),
      })
      .where('budget', '=', ref.budget)
      .where('budget_key', '=', ref.key)
      .where('bucket_start', '=', start)
      .execute();
    return;
  }
  const insert = trx
    .insertInto('budget_usage')
    .values({ budget: ref.budget, budget_key: ref.key, bucket_start: start, used: charge.units, backfill_used: charge.backfillUnits, updated_at: toDbTime(now) });
  await (sqlFlavorOf(trx) === 'mysql'
    ? insert.onDuplicateKeyUpdate({ used: sql`used + values(used)`, backfill_used: sql`backfill_used + values(backfill_used)`, updated_at: sql`values(updated_at)` })
    : insert.onConflict((oc) =>
        oc.columns(['budget', 'budget_key', 'bucket_start']).doUpdateSet({ used: sql`used + excluded.used`, backfill_used: sql`backfill_used + excluded.backfill_used`, updated_at: sql`excluded.updated_at` }),
      )
  ).execute();
}
