import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { BudgetSpec } from '../connectors/connector.js';
import { BudgetBlockedError, ConfigError, RateLimitedError } from '../errors.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { LATE_START_MS, MAX_WAIT_MS, type BudgetLimits, type VendorObservation } from './budget-policy.js';
import { giveBackBudget, holdBudget, observeBudget, reserveBudget, type BudgetRef, type Reservation } from './budget-store.repository.js';
import type { RateLimitConfig, RateLimits } from './rate-limit-config.js';
import { currentSpender } from './spender.js';

/**
 * How a connector's client spends its budgets (DESIGN.md "Budgets"). Every platform call goes
 * through `spend`, which reserves the call in the shared store before it is sent — so every
 * invocation, on every instance, paces itself against the same counts.
 */
export interface BudgetGate {
  /**
   * Reserves one request of `budget` (its `units` of quota, its `cost` from a cost bucket),
   * waits for its slot — at most MAX_WAIT_MS and never past the task's deadline — and sends it;
   * a call that would go out later than its slot (LATE_START_MS) takes a new one instead.
   * Refused: RateLimitedError with the moment it could start (the task is rescheduled then,
   * spending no attempt), or BudgetBlockedError when only a person can make room. A call
   * never sent gives its reservation back; a RateLimitedError from `send` (the vendor's 429 or
   * quota error) holds every call of the budget until its `retryAt` — and when that is within
   * the call's longest wait, the call is reserved again and sent after it, like any slot wait
   * (at most VENDOR_REFUSALS_SAT_OUT times); otherwise the error goes to the task.
   */
  spend<T>(budget: string, call: { units?: number; cost?: number }, send: () => Promise<T>): Promise<T>;
  /** Folds the vendor's own numbers from a response into the budget (Etsy's remaining counts, Shopify's bucket). */
  observe(budget: string, observation: VendorObservation): Promise<void>;
  /** The limits in force for `budget` (the admin's config over the defaults). */
  limitsOf(budget: string): Promise<BudgetLimits>;
}

/**
 * A vendor's refusals (429s) one call sits out before the task gets the RateLimitedError. A
 * crowded second (Etsy: Retry-After 1) is a wait like a slot's: rescheduling the task for it
 * cost it the rest of its invocation, since a lane ends when nothing is ready (bench:commerce).
 * A vendor that keeps refusing is the task's to reschedule.
 */
export const VENDOR_REFUSALS_SAT_OUT = 2;

/** The key of app-scoped budgets: one app per platform per deployment. */
export const APP_KEY = 'app';
/** The key of an account-scoped call made outside any task (an identify call before the account is known). */
export const UNKNOWN_ACCOUNT_KEY = 'unidentified';

/** Pure: the budget key a call is counted under. */
export function budgetKeyOf(spec: Pick<BudgetSpec, 'scope'>, accountKey: string | null | undefined): string {
  return spec.scope === 'app' ? APP_KEY : (accountKey ?? UNKNOWN_ACCOUNT_KEY);
}

/** Pure: the policy's limits of a budget — the config's numbers, the spec's window. */
export function budgetLimitsOf(spec: BudgetSpec, limits: RateLimits | undefined): BudgetLimits {
  return {
    requestsPerSecond: limits?.requests_per_second ?? spec.requestsPerSecond,
    dailyQuota: limits === undefined ? spec.dailyQuota : limits.daily_quota,
    backfillShare: limits?.backfill_share ?? spec.backfillShare,
    quotaWindow: spec.quotaWindow,
    ...(spec.costBucket ? { costBucket: spec.costBucket } : {}),
  };
}

/** The limits in force, read at most once a second per runtime: a PUT takes effect within a second everywhere, at once where it was made. */
export interface LimitsCache {
  current(): Promise<RateLimitConfig>;
  /** Read again at the next use (this instance stored a change). */
  invalidate(): void;
}

export const LIMITS_TTL_MS = 1_000;

export function createLimitsCache(load: () => Promise<RateLimitConfig>, clock: Clock, ttlMs = LIMITS_TTL_MS): LimitsCache {
  let cached: { at: number; value: Promise<RateLimitConfig> } | undefined;
  return {
    current() {
      const now = clock.now().getTime();
      if (!cached || now - cached.at >= ttlMs) {
        const value = load();
        cached = { at: now, value };
        value.catch(() => {
          if (cached?.value === value) cached = undefined;
        });
      }
      return cached.value;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

export interface BudgetGateOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  specs: readonly BudgetSpec[];
  limits: LimitsCache;
  /** How a caller waits for its slot (tests: a clock that moves); default: a timer, ended by the signal. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

export function createBudgetGate(options: BudgetGateOptions): BudgetGate {
  const { db, clock, logger } = options;
  const wait = options.sleep ?? sleep;
  const specOf = (budget: string) => {
    const spec = options.specs.find((candidate) => candidate.key === budget);
    if (!spec) throw new ConfigError(`no budget "${budget}" is declared by its connector`);
    return spec;
  };
  const limitsOf = async (budget: string) => budgetLimitsOf(specOf(budget), (await options.limits.current())[budget]);
  const refOf = (budget: string): BudgetRef => ({ budget, key: budgetKeyOf(specOf(budget), currentSpender()?.accountKey) });
  /** How long storing a reservation took after it was decided, as last seen: the lead the next one asks for. */
  let storeMs = 0;
  /** A reservation whose call is not sent goes back (a failure is logged: its slot and units are only lost). */
  const giveBack = (budget: string, reservation: Reservation) =>
    giveBackBudget(db, reservation, clock.now()).catch((cause: unknown) => logger.error('budget.give_back_failed', { budget, error: cause }));

  /** Sends a reserved call; the vendor's 429 or quota error holds every call of the budget until its `retryAt`. */
  const sendHoldingOnRefusal = async <T>(budget: string, ref: BudgetRef, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      if (error instanceof RateLimitedError) {
        await holdBudget(db, ref, error.retryAt, error.message, clock.now()).catch((cause: unknown) => logger.error('budget.hold_failed', { budget, error: cause }));
      }
      throw error;
    }
  };

  return {
    limitsOf,
    async spend(budget, call, send) {
      const spender = currentSpender();
      const ref = refOf(budget);
      const limits = await limitsOf(budget);
      const now = clock.now();
      const latestStartMs = Math.min(now.getTime() + MAX_WAIT_MS, spender?.deadline.getTime() ?? Infinity);
      let refusals = 0;
      for (;;) {
        const request = { units: call.units ?? 1, cost: call.cost ?? 0, backfill: spender?.backfill ?? false, latestStartMs, leadMs: storeMs };
        const outcome = await reserveBudget(db, ref, limits, request, clock);
        if (outcome.outcome === 'wait') throw new RateLimitedError(`${budget}: ${outcome.reason}`, outcome.retryAt);
        if (outcome.outcome === 'blocked') throw new BudgetBlockedError(`${budget}: ${outcome.reason}`);
        const { reservation } = outcome;
        storeMs = clock.now().getTime() - reservation.decidedAtMs;
        try {
          await wait(reservation.startMs - clock.now().getTime(), spender?.signal);
        } catch (error) {
          await giveBack(budget, reservation);
          throw error;
        }
        if (clock.now().getTime() - reservation.startMs <= LATE_START_MS) {
          try {
            return await sendHoldingOnRefusal(budget, ref, send);
          } catch (error) {
            // The budget is held until retryAt now: within the call's longest wait, its next reservation waits the hold out.
            if (!(error instanceof RateLimitedError) || error.retryAt.getTime() > latestStartMs || ++refusals > VENDOR_REFUSALS_SAT_OUT) throw error;
            continue;
          }
        }
        // Stored after its start, or woken late by a busy event loop, the call would crowd the next
        // slots' calls (LATE_START_MS): it takes a new slot, leaving the time storing it took.
        await giveBack(budget, reservation);
      }
    },
    async observe(budget, observation) {
      try {
        await observeBudget(db, refOf(budget), await limitsOf(budget), observation, clock.now());
      } catch (error) {
        // The call itself succeeded; a lost observation only means pacing from our own counts.
        logger.error('budget.observe_failed', { budget, error });
      }
    },
  };
}

/** Sleeps `ms` (nothing when ≤ 0); an aborted signal ends the wait with its reason. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
