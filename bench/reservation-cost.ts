/**
 * The cost of the budget store in a dispatcher's path, on a real database: one reservation
 * (`reserveBudget`: lock the budget's pace row, read its window, write back — what every
 * platform call now does before it is sent), with 1 and with 4 callers at once, and one claim
 * check (`readBudgetStates`: what a dispatcher reads at most once a second before its claims).
 * Medians and 95th percentiles in ms. Used by `npm run bench:budgets`.
 */
import { performance } from 'node:perf_hooks';
import { createThrowawayDatabase } from '../dev/throwaway-database.js';
import { PACIFIC_DAY, type BudgetLimits } from '../lib/budgets/budget-policy.js';
import { readBudgetStates, reserveBudget } from '../lib/budgets/budget-store.repository.js';
import { systemClock } from '../lib/shared/clock.js';

export interface ReservationCost {
  engine: 'sqlite' | 'mysql';
  reserveMedianMs: number;
  reserveP95Ms: number;
  /** Per reservation, 4 callers reserving the same budget at once (they queue on its row lock). */
  reserveConcurrentMedianMs: number;
  reserveConcurrentP95Ms: number;
  checkMedianMs: number;
}

/** A budget with a daily quota (its counts are read) that never refuses: the cost measured is the store's, not a wait for a slot. */
const LIMITS: BudgetLimits = { requestsPerSecond: 1_000_000, dailyQuota: 1_000_000_000, backfillShare: 0.5, quotaWindow: PACIFIC_DAY };

export async function measureReservationCost(engine: 'sqlite' | 'mysql', calls = 500): Promise<ReservationCost> {
  const database = await createThrowawayDatabase(engine, { prefix: 'sluice_bench_reserve', connectionLimit: 6 });
  try {
    const ref = { budget: 'bench', key: 'app' };
    const reserve = async () => {
      const started = performance.now();
      const outcome = await reserveBudget(database.db, ref, LIMITS, { units: 1, cost: 0, backfill: false, latestStartMs: Date.now() + 60_000, leadMs: 0 }, systemClock);
      if (outcome.outcome !== 'reserved') throw new Error(`the bench budget refused a call: ${outcome.reason}`);
      return performance.now() - started;
    };
    for (let i = 0; i < 20; i++) await reserve(); // warm the pool and the row
    const single: number[] = [];
    for (let i = 0; i < calls; i++) single.push(await reserve());
    const concurrent: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < calls / 4; i++) concurrent.push(await reserve());
      }),
    );
    const checks: number[] = [];
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      await readBudgetStates(database.db, new Date(Date.now() - 2 * 86_400_000));
      checks.push(performance.now() - started);
    }
    return {
      engine,
      reserveMedianMs: quantile(single, 0.5),
      reserveP95Ms: quantile(single, 0.95),
      reserveConcurrentMedianMs: quantile(concurrent, 0.5),
      reserveConcurrentP95Ms: quantile(concurrent, 0.95),
      checkMedianMs: quantile(checks, 0.5),
    };
  } finally {
    await database.drop();
  }
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100;
}

