import { nextZonedDayStart, zonedDayStart } from '../shared/zoned-day.js';

/**
 * The rules of a shared budget (DESIGN.md "Budgets"), pure: the store (budget-store.repository.ts)
 * reads a budget's state under a lock, asks these functions, and writes back what they decide.
 * Hand-written: the rules are the vendors' (PLATFORMS.md), and rate-limit libraries keep their
 * state in memory or in Redis, not in the MySQL-compatible database every invocation shares.
 *
 * - **Rate**: requests start at evenly spaced slots, `1000 / requestsPerSecond` ms apart with a
 *   small margin (the generic cell rate algorithm without bursts). Spacing holds the rate over
 *   any sliding second, and over any sliding minute for a per-minute vendor limit (Printify's
 *   600/min is paced at 10/s).
 * - **Daily quota**: units counted in the vendor's window — a calendar day in the vendor's time
 *   zone (YouTube: midnight Pacific), or a sliding 24 hours (Etsy) counted in short buckets,
 *   a bucket counted whole while any of it is inside the window (never under-counted).
 * - **Backfill share**: backfill calls may use at most `backfillShare` of the daily quota; every
 *   other call may use all that is left.
 * - **Cost bucket** (Shopify): points that refill at the restore rate up to the capacity; a call
 *   takes its cost and starts once the bucket holds it.
 * - **Holds**: a vendor's "stop until" (a 429's Retry-After, a quota error's reset) holds every
 *   call of the budget until then.
 */

/** How a vendor defines the window of its daily quota. */
export type QuotaWindow =
  | { kind: 'calendar-day'; timeZone: string }
  | { kind: 'sliding'; lengthMs: number; bucketMs: number };

export const PACIFIC_DAY: QuotaWindow = { kind: 'calendar-day', timeZone: 'America/Los_Angeles' };
/** Etsy's sliding 24 hours, counted in 15-minute buckets (at most 1/96 of a day counted early). */
export const SLIDING_DAY: QuotaWindow = { kind: 'sliding', lengthMs: 86_400_000, bucketMs: 900_000 };

/**
 * How far back any window reaches: a calendar day lasts up to 25 hours (the day clocks fall
 * back), a sliding 24 hours starts inside its oldest bucket. Counts older than this are never read.
 */
export const LONGEST_WINDOW_MS = 26 * 3_600_000;

/** The limits one reservation is decided under (the environment's defaults with the admin's overrides). */
export interface BudgetLimits {
  requestsPerSecond: number;
  /** Units per quota window; null: the vendor sets none. */
  dailyQuota: number | null;
  /** The share (0–1) of the daily quota backfill calls may use. */
  backfillShare: number;
  quotaWindow: QuotaWindow;
  /** The cost bucket assumed until the vendor reports its own (Shopify: older shops' 1,000 at 50/s). */
  costBucket?: { capacity: number; restorePerSecond: number };
}

/** Units counted in one bucket of a quota window. */
export interface QuotaBucket {
  start: Date;
  used: number;
  backfillUsed: number;
}

/** A vendor's cost bucket as last known (Shopify's throttleStatus); `available` may be below 0 while calls wait for it. */
export interface CostBucket {
  available: number;
  capacity: number;
  restorePerSecond: number;
  atMs: number;
}

/** A budget's pacing state, one row per (budget, key). */
export interface PaceState {
  /** The first slot not yet reserved; null before the first call. */
  nextSlotMs: number | null;
  heldUntilMs: number | null;
  heldReason: string | null;
  bucket: CostBucket | null;
}

/** A budget key no call has touched: no slot taken, no hold, no bucket known. */
export const IDLE_PACE: PaceState = { nextSlotMs: null, heldUntilMs: null, heldReason: null, bucket: null };

export interface ReserveRequest {
  /** Quota units the call spends (YouTube Data API: 1 for a list, 50 for an insert). */
  units: number;
  /** Points the call takes from a cost bucket (0 without one). */
  cost: number;
  /** A backfill's call, held to the backfill share. */
  backfill: boolean;
  /** The latest start the caller accepts (its longest wait, its deadline). */
  latestStartMs: number;
  /**
   * How soon after `now` the call can go out at the earliest: the time its reservation takes to
   * be stored (the rest of the transaction and its commit). A start sooner than that would be
   * missed, the call sent late and crowding the next slot's.
   */
  leadMs: number;
}

export type ReserveDecision =
  | {
      outcome: 'reserved';
      /** When the call may start. */
      startMs: number;
      pace: PaceState;
      /** Where the units are counted. */
      charge: QuotaCharge;
    }
  /** Not before `retryAt`: a slot, hold, quota or share frees up then. Nothing was reserved. */
  | { outcome: 'wait'; retryAt: Date; reason: string }
  /** Only a person can make room (a quota or share of 0, a call bigger than the quota). */
  | { outcome: 'blocked'; reason: string };

export interface QuotaCharge {
  bucketStart: Date;
  units: number;
  backfillUnits: number;
}

/** Waits longer than this are not sat out inside an invocation: the task is rescheduled instead. */
export const MAX_WAIT_MS = 10_000;
/**
 * The slowest rate a budget may be set to: its slots must be closer than MAX_WAIT_MS, or a
 * task's second call would always be refused and rescheduled. 0.2/s spaces them about 5 s apart.
 */
export const MIN_REQUESTS_PER_SECOND = 0.2;

/** Slots are spaced this much wider than the rate: a late timer must not put rate + 1 calls in a second. */
export const RATE_MARGIN = 1.03;

/**
 * How late after its slot's start a call may still go out. The margin leaves a second's worth of
 * slots 1000 × (RATE_MARGIN − 1) ≈ 30 ms of slack: a call that reaches the vendor later than that
 * after its slot lands in the same second as the call `rate` slots on, and rate + 1 calls arrive
 * in that second. A busy event loop wakes timers that late and more, a slow commit stores a
 * reservation after its start; such a call gives its slot up and takes a new one. More than half
 * of the slack is left for the request's way to the vendor. (8 ms cost bench:backfill 0.94–0.95 of
 * the rate on SQLite, whose commits stall the event loop; 12 ms gave 0.962 and no 429.)
 */
export const LATE_START_MS = 12;

/** Whole ms (the store keeps ms), rounded up: never closer than the rate allows. */
export function slotIntervalMs(requestsPerSecond: number): number {
  return Math.ceil((1_000 / requestsPerSecond) * RATE_MARGIN);
}

/** The bucket a use at `now` is counted in: the start of the vendor's day, or of the sliding window's bucket. */
export function quotaBucketStart(window: QuotaWindow, now: Date): Date {
  if (window.kind === 'calendar-day') return zonedDayStart(now, window.timeZone);
  return new Date(Math.floor(now.getTime() / window.bucketMs) * window.bucketMs);
}

/** The oldest bucket start still counted at `now`: today's, or the bucket holding `now − length`. */
export function quotaWindowStart(window: QuotaWindow, now: Date): Date {
  if (window.kind === 'calendar-day') return quotaBucketStart(window, now);
  return new Date(Math.floor((now.getTime() - window.lengthMs) / window.bucketMs) * window.bucketMs);
}

/** Units used in the window at `now`, in all and by backfills. */
export function quotaUsed(window: QuotaWindow, buckets: readonly QuotaBucket[], now: Date): { used: number; backfillUsed: number } {
  const from = quotaWindowStart(window, now).getTime();
  let used = 0;
  let backfillUsed = 0;
  for (const bucket of buckets) {
    if (bucket.start.getTime() < from || bucket.start.getTime() > now.getTime()) continue;
    used += bucket.used;
    backfillUsed += bucket.backfillUsed;
  }
  return { used, backfillUsed };
}

/** What backfills may use of a window: whole units of the share. */
export function backfillAllowance(limits: Pick<BudgetLimits, 'dailyQuota' | 'backfillShare'>): number | null {
  return limits.dailyQuota === null ? null : Math.floor(limits.dailyQuota * limits.backfillShare);
}

/**
 * When `need` more units fit under `limit` again, counting `field`: the next day's start for a
 * calendar day; for a sliding window, when enough of the oldest buckets have slid out (a bucket
 * leaves once its end is more than the window's length ago).
 */
export function quotaFreesAt(window: QuotaWindow, buckets: readonly QuotaBucket[], now: Date, need: number, limit: number, field: 'used' | 'backfillUsed'): Date {
  if (window.kind === 'calendar-day') return nextZonedDayStart(now, window.timeZone);
  const from = quotaWindowStart(window, now).getTime();
  const counted = buckets.filter((b) => b.start.getTime() >= from && b.start.getTime() <= now.getTime()).sort((a, b) => a.start.getTime() - b.start.getTime());
  let total = counted.reduce((sum, b) => sum + b[field], 0);
  for (const bucket of counted) {
    total -= bucket[field];
    if (total + need <= limit) return new Date(bucket.start.getTime() + window.bucketMs + window.lengthMs);
  }
  // Everything counted has slid out by then (the caller checked that `need` fits an empty window).
  return new Date(now.getTime() + window.lengthMs);
}

/** The bucket refilled up to `nowMs`. */
export function refillBucket(bucket: CostBucket, nowMs: number): CostBucket {
  const elapsed = Math.max(0, nowMs - bucket.atMs) / 1_000;
  return { ...bucket, available: Math.min(bucket.capacity, bucket.available + elapsed * bucket.restorePerSecond), atMs: Math.max(nowMs, bucket.atMs) };
}

/** When a bucket holding `available` points (refilled at `nowMs`) holds 0 again after taking: the call's start. */
function bucketStartMs(bucket: CostBucket, nowMs: number): number {
  return bucket.available >= 0 ? nowMs : nowMs + Math.ceil((-bucket.available / bucket.restorePerSecond) * 1_000);
}

/**
 * Pure: whether a call may be reserved now, and the state after reserving it. Checked in the
 * order that names the furthest wait first: what only a person can change, a hold, the daily
 * quota, the backfill share; then the start is the latest of the next rate slot, the hold's
 * end and the cost bucket's refill — refused (nothing reserved) when that is after `latestStartMs`.
 */
export function decideReservation(limits: BudgetLimits, pace: PaceState, buckets: readonly QuotaBucket[], request: ReserveRequest, nowMs: number): ReserveDecision {
  const now = new Date(nowMs);
  const quota = limits.dailyQuota;
  const allowance = backfillAllowance(limits);
  if (quota !== null && request.units > quota) return { outcome: 'blocked', reason: `a call of ${request.units} units is more than the daily quota of ${quota}` };
  if (request.backfill && allowance !== null && request.units > allowance) {
    return { outcome: 'blocked', reason: `the backfill share (${limits.backfillShare} of ${quota}) allows backfills ${allowance} units a day, less than one call's ${request.units}` };
  }
  if (pace.heldUntilMs !== null && pace.heldUntilMs > request.latestStartMs) {
    return { outcome: 'wait', retryAt: new Date(pace.heldUntilMs), reason: `held until ${new Date(pace.heldUntilMs).toISOString()}: ${pace.heldReason ?? 'the vendor asked to wait'}` };
  }
  const used = quotaUsed(limits.quotaWindow, buckets, now);
  if (quota !== null && used.used + request.units > quota) {
    const retryAt = quotaFreesAt(limits.quotaWindow, buckets, now, request.units, quota, 'used');
    return { outcome: 'wait', retryAt, reason: `daily quota spent (${used.used}/${quota}); frees up at ${retryAt.toISOString()}` };
  }
  if (request.backfill && allowance !== null && used.backfillUsed + request.units > allowance) {
    const retryAt = quotaFreesAt(limits.quotaWindow, buckets, now, request.units, allowance, 'backfillUsed');
    return { outcome: 'wait', retryAt, reason: `backfill share of the daily quota spent (${used.backfillUsed}/${allowance}); frees up at ${retryAt.toISOString()}` };
  }
  const interval = slotIntervalMs(limits.requestsPerSecond);
  const slotMs = Math.max(nowMs + request.leadMs, pace.nextSlotMs ?? 0, pace.heldUntilMs ?? 0);
  // Before the vendor reported its bucket, the one its spec assumes, full.
  const known = pace.bucket ?? (limits.costBucket && request.cost > 0 ? { available: limits.costBucket.capacity, ...limits.costBucket, atMs: nowMs } : null);
  const bucket = known && request.cost > 0 ? refillBucket(known, nowMs) : known;
  const taken = bucket && request.cost > 0 ? { ...bucket, available: bucket.available - request.cost } : bucket;
  const startMs = Math.max(slotMs, taken && request.cost > 0 ? bucketStartMs(taken, nowMs) : nowMs);
  if (startMs > request.latestStartMs) {
    const reason = startMs === slotMs ? `next request slot at ${new Date(startMs).toISOString()} (${limits.requestsPerSecond} requests/s)` : `cost bucket refills by ${new Date(startMs).toISOString()}`;
    return { outcome: 'wait', retryAt: new Date(startMs), reason };
  }
  return {
    outcome: 'reserved',
    startMs,
    pace: { ...pace, nextSlotMs: Math.max(slotMs, startMs) + interval, bucket: taken },
    charge: { bucketStart: quotaBucketStart(limits.quotaWindow, now), units: request.units, backfillUnits: request.backfill ? request.units : 0 },
  };
}

/**
 * Pure: a reservation given back (its call was never sent): its units leave the count, its cost
 * returns to the bucket, and its slot is freed when no later slot was reserved after it.
 */
export function giveBackReservation(pace: PaceState, reservation: { startMs: number; slotEndMs: number; cost: number }): PaceState {
  return {
    ...pace,
    nextSlotMs: pace.nextSlotMs === reservation.slotEndMs ? reservation.startMs : pace.nextSlotMs,
    bucket: pace.bucket && reservation.cost > 0 ? { ...pace.bucket, available: Math.min(pace.bucket.capacity, pace.bucket.available + reservation.cost) } : pace.bucket,
  };
}

/** What a vendor's response said about its limits, in Sluice's terms (each connector maps its own headers). */
export interface VendorObservation {
  /** Left of the vendor's daily window (Etsy `x-remaining-today`, with `x-limit-per-day`). */
  remainingToday?: { remaining: number; limit?: number };
  /** Left in the vendor's current second (Etsy `x-remaining-this-second`). */
  remainingThisSecond?: number;
  /** The vendor's requests per second (Etsy `x-limit-per-second`), when it says. */
  limitPerSecond?: number;
  /**
   * The cost bucket as the vendor reports it (Shopify `throttleStatus`), and the points it gave
   * back because the call cost less than was reserved (requested − actual).
   */
  bucket?: { available: number; capacity: number; restorePerSecond: number; refund?: number };
}

/**
 * Pure: the state after folding in a vendor's own numbers, so calls slow down before a 429:
 * - fewer units left today than Sluice counted (another app on the same key, calls Sluice did
 *   not count) → the difference is counted as used now (`extraUnits`);
 * - nothing left this second → calls wait until the vendor's second takes one again
 *   (fullSecondFreesInMs);
 * - the vendor's bucket → ours, never fuller than what Sluice itself still has (reservations
 *   made since the vendor measured would be forgotten), after the refund.
 */
export function foldObservation(limits: BudgetLimits, pace: PaceState, used: number, observation: VendorObservation, nowMs: number): { pace: PaceState; extraUnits: number } {
  let next = pace;
  let extraUnits = 0;
  const today = observation.remainingToday;
  if (today) {
    const limit = Math.min(limits.dailyQuota ?? Infinity, today.limit ?? Infinity);
    const ourLeft = limit - used;
    if (Number.isFinite(ourLeft) && ourLeft > today.remaining) extraUnits = Math.ceil(ourLeft - today.remaining);
  }
  if (observation.remainingThisSecond !== undefined && observation.remainingThisSecond <= 0) {
    const until = nowMs + fullSecondFreesInMs(limits, observation.limitPerSecond);
    if ((next.heldUntilMs ?? 0) < until) next = { ...next, heldUntilMs: until, heldReason: 'the vendor reported no requests left this second' };
  }
  const reported = observation.bucket;
  if (reported) {
    const ours = next.bucket ? refillBucket(next.bucket, nowMs) : null;
    const refunded = ours ? Math.min(reported.capacity, ours.available + (reported.refund ?? 0)) : reported.available;
    next = { ...next, bucket: { available: Math.min(refunded, reported.available), capacity: reported.capacity, restorePerSecond: reported.restorePerSecond, atMs: nowMs } };
  }
  return { pace: next, extraUnits };
}

/**
 * Pure: how long after a vendor reported its second full (no requests left in it) that second
 * takes a call again. When Sluice's own pace can put `vendorLimit` calls in one second, the
 * second may hold only Sluice's calls, a slot apart: the oldest was `vendorLimit − 1` slots ago,
 * and the second frees a second after it. Paced at the vendor's limit that is sooner than
 * Sluice's next slot (10/s: 103 ms slots, free 73 ms on), so the report slows nothing: at full
 * pace every tenth answer reports the second full, and holding a whole second on each (as this
 * once did) cost Etsy backfills half their rate (bench:commerce). Otherwise — the vendor's limit
 * unknown, or more calls in its second than Sluice's pace allows (others use the key) — the
 * whole second. Others' calls can also make the second free later than estimated; the vendor's
 * 429 then holds the budget until its Retry-After.
 */
export function fullSecondFreesInMs(limits: Pick<BudgetLimits, 'requestsPerSecond'>, vendorLimit: number | undefined): number {
  const interval = slotIntervalMs(limits.requestsPerSecond);
  // Calls a slot apart share a sliding second while less than 1,000 ms apart.
  const ownMostPerSecond = Math.floor(999 / interval) + 1;
  if (vendorLimit === undefined || vendorLimit > ownMostPerSecond) return 1_000;
  return 1_000 - (Math.max(1, vendorLimit) - 1) * interval;
}

/** Why a budget's calls cannot run now, and until when (null: until a person raises a limit). */
export interface BudgetBlock {
  until: Date | null;
  reason: string;
}

/**
 * Pure: what keeps a budget's tasks from being claimed at `now` — for every call (`all`) and
 * for backfill calls (`backfill`, which includes `all`). A wait shorter than `minimumWaitMs`
 * (a rate slot, a one-second hold) is left to the callers, who sit it out.
 */
export function budgetBlocks(limits: BudgetLimits, pace: PaceState, buckets: readonly QuotaBucket[], nowMs: number, minimumWaitMs: number): { all: BudgetBlock | null; backfill: BudgetBlock | null } {
  const blockOf = (backfill: boolean): BudgetBlock | null => {
    // A zero-cost probe of rate and bucket would always pass: only holds and quotas block.
    const decision = decideReservation(limits, { ...pace, nextSlotMs: null, bucket: null }, buckets, { units: 1, cost: 0, backfill, latestStartMs: nowMs + minimumWaitMs, leadMs: 0 }, nowMs);
    if (decision.outcome === 'blocked') return { until: null, reason: decision.reason };
    if (decision.outcome === 'wait') return { until: decision.retryAt, reason: decision.reason };
    return null;
  };
  const all = blockOf(false);
  return { all, backfill: all ?? blockOf(true) };
}
