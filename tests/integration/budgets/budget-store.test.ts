import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { PACIFIC_DAY, SLIDING_DAY, slotIntervalMs, type BudgetLimits } from '../../../lib/budgets/budget-policy.js';
import { giveBackBudget, holdBudget, observeBudget, readBudgetStates, refId, reserveBudget, type Reservation } from '../../../lib/budgets/budget-store.repository.js';
import { describeEachEngine } from '../../support/engines.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-databases.js';

// DESIGN.md "Budgets": one store every invocation shares. Reserving is atomic (`used + n <=
// limit`) however many callers race; a call never sent gives its reservation back; a vendor's
// hold and its own numbers reach every caller.
const now = new Date('2026-11-29T12:00:00.000Z');
const quota = (over: Partial<BudgetLimits> = {}): BudgetLimits => ({ requestsPerSecond: 1_000, dailyQuota: 20, backfillShare: 0.5, quotaWindow: PACIFIC_DAY, ...over });
const request = (over: { units?: number; backfill?: boolean; latestStartMs?: number } = {}) => ({ units: 1, cost: 0, backfill: false, latestStartMs: now.getTime() + 60_000, leadMs: 0, ...over });
/** The store reads the clock once it holds the budget's lock: here, a clock that stands still. */
const at = (time: Date) => ({ now: () => time });

describeEachEngine('the budget store', (engine) => {
  let database: TestDatabase;
  let budget = 0;
  let ref = { budget: 'b0', key: 'app' };

  beforeAll(async () => {
    database = await createTestDatabase(engine, { connectionLimit: 10 });
  });
  afterAll(() => database?.drop());
  beforeEach(() => {
    ref = { budget: `b${++budget}`, key: 'app' };
  });

  const usage = async () => {
    const states = await readBudgetStates(database.db, new Date(now.getTime() - 86_400_000));
    const buckets = states.buckets.get(refId(ref)) ?? [];
    return { used: buckets.reduce((sum, b) => sum + b.used, 0), backfillUsed: buckets.reduce((sum, b) => sum + b.backfillUsed, 0), pace: states.paces.get(refId(ref)) };
  };

  it('30 callers racing for a quota of 20 units: exactly 20 are granted, the rest told when it frees up', async () => {
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => reserveBudget(database.db, ref, quota(), request(), at(now))));
    expect(outcomes.filter((o) => o.outcome === 'reserved')).toHaveLength(20);
    for (const refused of outcomes.filter((o) => o.outcome !== 'reserved')) {
      expect(refused).toMatchObject({ outcome: 'wait', retryAt: new Date('2026-11-30T08:00:00.000Z') });
    }
    expect(await usage()).toMatchObject({ used: 20, backfillUsed: 0 });
  });

  it('the slots granted to racing callers are spaced at the rate, with no two alike', async () => {
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => reserveBudget(database.db, ref, quota({ requestsPerSecond: 10, dailyQuota: null }), request(), at(now))));
    const starts = outcomes.map((o) => (o.outcome === 'reserved' ? o.reservation.startMs : NaN)).sort((a, b) => a - b);
    expect(starts.map((start) => start - now.getTime())).toEqual(Array.from({ length: 12 }, (_, i) => i * slotIntervalMs(10)));
  });

  it('backfills stop at their share while the rest of the quota stays for other calls', async () => {
    const backfills = await Promise.all(Array.from({ length: 14 }, () => reserveBudget(database.db, ref, quota(), request({ backfill: true }), at(now))));
    expect(backfills.filter((o) => o.outcome === 'reserved')).toHaveLength(10);
    const others = await Promise.all(Array.from({ length: 12 }, () => reserveBudget(database.db, ref, quota(), request(), at(now))));
    expect(others.filter((o) => o.outcome === 'reserved')).toHaveLength(10);
    expect(await usage()).toMatchObject({ used: 20, backfillUsed: 10 });
  });

  it('a reservation given back returns its units and, when it was the last, its slot', async () => {
    const limits = quota({ requestsPerSecond: 10 });
    const first = await reserveBudget(database.db, ref, limits, request({ backfill: true, units: 3 }), at(now));
    const second = await reserveBudget(database.db, ref, limits, request({ backfill: true, units: 2 }), at(now));
    const reservation = (o: typeof first) => (o.outcome === 'reserved' ? o.reservation : (undefined as never as Reservation));
    await giveBackBudget(database.db, reservation(second), now);
    expect(await usage()).toMatchObject({ used: 3, backfillUsed: 3, pace: { nextSlotMs: reservation(second).startMs } });
    // The first is no longer the last slot: its units go back, the slot after it stays taken.
    const third = await reserveBudget(database.db, ref, limits, request(), at(now));
    await giveBackBudget(database.db, reservation(first), now);
    expect(await usage()).toMatchObject({ used: 1, backfillUsed: 0, pace: { nextSlotMs: reservation(third).slotEndMs } });
  });

  it('a vendor hold reaches every caller until it ends; a shorter hold never shortens a longer one', async () => {
    await holdBudget(database.db, ref, new Date(now.getTime() + 3_600_000), '403 quotaExceeded', now);
    await holdBudget(database.db, ref, new Date(now.getTime() + 1_000), '429', now);
    expect(await reserveBudget(database.db, ref, quota(), request(), at(now))).toMatchObject({ outcome: 'wait', retryAt: new Date(now.getTime() + 3_600_000), reason: expect.stringContaining('403 quotaExceeded') });
    const later = new Date(now.getTime() + 3_600_000);
    expect((await reserveBudget(database.db, ref, quota(), request({ latestStartMs: later.getTime() + 60_000 }), at(later))).outcome).toBe('reserved');
  });

  it("the vendor's own numbers: fewer left today than counted is counted now; its bucket is kept", async () => {
    const limits = quota({ dailyQuota: 10_000, quotaWindow: SLIDING_DAY });
    await reserveBudget(database.db, ref, limits, request(), at(now));
    await observeBudget(database.db, ref, limits, { remainingToday: { remaining: 9_000, limit: 10_000 }, bucket: { available: 800, capacity: 1_000, restorePerSecond: 50 } }, now);
    expect(await usage()).toMatchObject({ used: 1_000, pace: { bucket: { available: 800, capacity: 1_000, restorePerSecond: 50, atMs: now.getTime() } } });
    // A second observation of the same numbers adds nothing: Sluice's count now matches the vendor's.
    await observeBudget(database.db, ref, limits, { remainingToday: { remaining: 9_000, limit: 10_000 } }, now);
    expect((await usage()).used).toBe(1_000);
  });
});
